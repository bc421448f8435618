using System.Text.Json.Nodes;

namespace Feed.Tests.Cluster;

/// <summary>
/// Authors read into homes at read time, on the cluster: the mark (<c>PulledSince</c>) set on one node
/// while the author's posts go out through every instance and node; every follower's home, read through
/// each instance, shows each post once, and no copy of a post the mark covers is left on any node.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterPulledTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly ClusterHome _home = new(cluster);

    [Fact]
    public async Task An_author_pulled_on_one_node_while_posting_through_others_is_in_every_home_once_and_copied_nowhere()
    {
        var (_, author, token) = await cluster.SignUpAsync();
        var followers = await _home.PeopleAsync(400);
        await _home.FollowInBulkAsync(followers, author);

        // Posts through api1 and api2 (each instance's workers fanning them out in chunks of 50) while,
        // half-way, node3 marks the author as read at read time: some posts were copied, some crossed
        // the mark as they went out (their jobs are dropped with the copies they made), the rest are read.
        var writers = new[] { cluster.ClientFor(token, cluster.Apis[0]), cluster.ClientFor(token, cluster.Apis[1]) };
        var items = new List<long>();
        DateTime? since = null;
        for (var i = 0; i < 12; i++)
        {
            items.Add(await _home.PostAsync(writers[i % 2], Cancel));
            if (i == 5)
            {
                since = await Cluster.ScalarAsync<DateTime>(cluster.Nodes[2], "SELECT UTC_TIMESTAMP(6)");
                await Cluster.ScalarAsync<long>(cluster.Nodes[2],
                    $"UPDATE Users SET PulledSince = '{since:yyyy-MM-dd HH:mm:ss.ffffff}' WHERE Id = {author}; SELECT ROW_COUNT()");
            }

            await Task.Delay(150, Cancel);
        }

        var took = await _home.FannedOutAsync(items, Cancel);
        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel); // the settle: a read item takes its place 2 s after its creation
        output.WriteLine($"12 posts to 400 followers, the author pulled half-way: no job left after {took.TotalSeconds:N1} s");

        var read = new List<long>();
        foreach (var node in cluster.Nodes)
        {
            read = await ReadItemsAsync(node, author, since!.Value);
            var copies = await Cluster.ScalarAsync<long>(node,
                $"SELECT COUNT(*) FROM HomeEntries WHERE ItemId IN ({ClusterHome.In(read)}) AND OwnerId <> {author}");
            copies.Should().Be(0, $"no home holds a copy of a post the mark covers on {node}");
        }

        read.Should().NotBeEmpty().And.HaveCountLessThan(items.Count, "some posts were copied before the mark, some read after");
        var sample = followers.Where((_, i) => i % 10 == 0).ToList();
        for (var i = 0; i < sample.Count; i++)
        {
            var api = _home.Targets[i % _home.Targets.Count].BaseAddress!;
            using var client = cluster.ClientFor(sample[i].Token, api.ToString());
            var page = JsonNode.Parse(await client.GetStringAsync("/home?limit=50", Cancel))!;
            var ids = page["items"]!.AsArray().Select(item => (long)item!["id"]!).ToList();
            ids.Should().BeEquivalentTo(items, $"follower {sample[i].Id} through {api} sees every post once, copied or read");
        }
    }

    private static async Task<List<long>> ReadItemsAsync(string node, long author, DateTime since)
    {
        var ids = await Cluster.ScalarAsync<string>(node,
            $"SELECT COALESCE(GROUP_CONCAT(Id), '') FROM FeedItems WHERE AuthorId = {author} " +
            $"AND CreatedAt >= '{since:yyyy-MM-dd HH:mm:ss.ffffff}'");
        return [.. ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse)];
    }
}
