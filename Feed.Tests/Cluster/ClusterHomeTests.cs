using System.Text.Json.Nodes;

namespace Feed.Tests.Cluster;

/// <summary>Following and fan-out on the cluster: follows through HAProxy and every instance, homes filled by their workers.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterHomeTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly ClusterHome _home = new(cluster);

    [Fact]
    public async Task Hundreds_following_one_author_at_once_through_every_instance_leave_the_follower_count_exact_on_every_node()
    {
        var (_, author, _) = await cluster.SignUpAsync();
        var followers = await _home.PeopleAsync(300);
        var commitsBefore = await Task.WhenAll(cluster.Nodes.Select(n => Cluster.StatusAsync(n, "wsrep_local_commits")));
        var conflictsBefore = await _home.ConflictsAsync();

        // A fifth of them follow twice, side by side (so at once) through two instances: still one follow each.
        var requests = followers.SelectMany((f, i) => Enumerable.Repeat(f, i < 60 ? 2 : 1)).ToList();
        var (refused, busy) = await _home.FollowAsync(requests, author, follow: true, parallel: 32, Cancel);

        var commitsAfter = await Task.WhenAll(cluster.Nodes.Select(n => Cluster.StatusAsync(n, "wsrep_local_commits")));
        var commits = commitsAfter.Zip(commitsBefore, (a, b) => a - b).ToList();
        output.WriteLine($"360 follows: {await _home.ConflictsAsync() - conflictsBefore} certification conflicts and aborts, " +
            $"{busy} 503s sent again; commits per node: {string.Join(", ", commits)}");
        refused.Should().BeEmpty("a follow is idempotent, and a conflict is retried by the server or, past its retries, by the client");
        commits.Should().OnlyContain(c => c > 0, "every node took some of the follows");
        await _home.ExpectFollowersAsync(author, [.. followers.Select(f => f.Id)]);
        foreach (var api in cluster.Apis)
        {
            var profile = JsonNode.Parse(await cluster.ClientFor(null, api).GetStringAsync($"/users/{author}", Cancel))!;
            ((int)profile["followerCount"]!).Should().Be(300, $"{api} reads the exact count");
        }
    }

    [Fact]
    public async Task Items_posted_through_one_instance_reach_every_followers_home_exactly_once_on_every_node()
    {
        var (_, author, token) = await cluster.SignUpAsync();
        var followers = await _home.PeopleAsync(300);
        var (refused, _) = await _home.FollowAsync(followers, author, follow: true, parallel: 32, Cancel);
        refused.Should().BeEmpty();
        var conflictsBefore = await _home.ConflictsAsync();

        // Through api1 only; the workers of all three instances (each on connections spread over
        // the nodes by HAProxy) take the jobs, six chunks of 50 followers an item.
        var writer = cluster.ClientFor(token, cluster.Apis[0]);
        var items = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            items.Add(await _home.PostAsync(writer, Cancel));
        }

        var took = await _home.FannedOutAsync(items, Cancel);
        output.WriteLine($"5 items to 300 followers in chunks of 50: no job left after {took.TotalSeconds:N1} s, " +
            $"{await _home.ConflictsAsync() - conflictsBefore} certification conflicts and aborts");
        await _home.ExpectHomesAsync(author, items, [.. followers.Select(f => f.Id)]);
        foreach (var follower in followers.Where((_, i) => i % 60 == 0))
        {
            var home = JsonNode.Parse(await cluster.ClientFor(follower.Token).GetStringAsync("/home?limit=20", Cancel))!;
            var ids = home["items"]!.AsArray().Select(i => (long)i!["id"]!).ToList();
            ids.Should().OnlyHaveUniqueItems().And.Contain(items, "GET /home through HAProxy shows each item once");
        }
    }
}
