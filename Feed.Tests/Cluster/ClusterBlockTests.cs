using System.Net;

namespace Feed.Tests.Cluster;

/// <summary>
/// Blocks racing follows across Galera nodes: the row locks a block and a follow take first are local to a node, so the
/// cluster must refuse one of the two by certification, or a follow would stand across a block.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterBlockTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    // 25 pairs at once: 25 connections to each instance, each closed after its pair, well within an instance's cap of open
    // connections per address (Connections:MaxPerAddress, 100), which every test of the suite shares from 127.0.0.1.
    private const int Pairs = 150, AtOnce = 25;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly ClusterHome _home = new(cluster);

    [Fact]
    public async Task A_block_and_a_follow_sent_at_once_on_different_nodes_never_leave_a_follow_across_the_block()
    {
        var people = await _home.PeopleAsync(Pairs * 2);
        var pairs = Enumerable.Range(0, Pairs).Select(i => (Blocker: people[2 * i], Follower: people[2 * i + 1])).ToList();
        var apis = cluster.Apis;

        // Each pair at once: the one blocks through one instance while the other follows them through another, and the
        // blocker follows back through a third; every request is sent again while it answers 503 (nothing was saved).
        var answers = new List<HttpStatusCode[]>();
        foreach (var wave in pairs.Chunk(AtOnce))
        {
            answers.AddRange(await Task.WhenAll(wave.Select(async (pair, i) =>
            {
                using var block = cluster.ClientFor(pair.Blocker.Token, apis[i % apis.Count]);
                using var follow = cluster.ClientFor(pair.Follower.Token, apis[(i + 1) % apis.Count]);
                using var followBack = cluster.ClientFor(pair.Blocker.Token, apis[(i + 2) % apis.Count]);
                var sent = await Task.WhenAll(
                    Cluster.RetryingBusyAsync(() => block.PutAsync($"/users/{pair.Follower.Id}/block", null, Cancel), 8, Cancel),
                    Cluster.RetryingBusyAsync(() => follow.PutAsync($"/users/{pair.Blocker.Id}/follow", null, Cancel), 8, Cancel),
                    Cluster.RetryingBusyAsync(() => followBack.PutAsync($"/users/{pair.Follower.Id}/follow", null, Cancel), 8, Cancel));
                return sent.Select(s => s.Response.StatusCode).ToArray();
            })));
        }

        var ids = ClusterHome.In(people.Select(p => p.Id));
        var conflicts = await _home.ConflictsAsync();
        output.WriteLine($"{Pairs} pairs: blocks {Count(answers, 0)}; follows {Count(answers, 1)}; follows back {Count(answers, 2)}; " +
            $"{conflicts} certification conflicts and aborts so far on the cluster");
        answers.Select(a => a[0]).Should().AllBeEquivalentTo(HttpStatusCode.NoContent, "every block is taken");
        answers.SelectMany(a => a[1..]).Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.Forbidden);
        foreach (var node in cluster.Nodes)
        {
            (await Cluster.ScalarAsync<long>(node,
                    $"SELECT COUNT(*) FROM Follows f JOIN Blocks b ON (b.BlockerId = f.FollowerId AND b.BlockedId = f.FolloweeId) " +
                    $"OR (b.BlockerId = f.FolloweeId AND b.BlockedId = f.FollowerId) WHERE f.FollowerId IN ({ids})"))
                .Should().Be(0, $"no follow stands across a block on {node}");
            (await Cluster.ScalarAsync<long>(node,
                    $"SELECT COUNT(*) FROM Users u WHERE u.Id IN ({ids}) AND (u.FollowerCount <> " +
                    "(SELECT COUNT(*) FROM Follows f WHERE f.FolloweeId = u.Id) " +
                    "OR u.FollowingCount <> (SELECT COUNT(*) FROM Follows f WHERE f.FollowerId = u.Id))"))
                .Should().Be(0, $"every follow counter equals a recount on {node}");
        }
    }

    private static string Count(List<HttpStatusCode[]> answers, int which) =>
        string.Join(", ", answers.GroupBy(a => (int)a[which]).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}"));
}
