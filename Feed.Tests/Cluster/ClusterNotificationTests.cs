using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace Feed.Tests.Cluster;

/// <summary>Notifications on the cluster: likes through every instance at once gather into exact groups on every node.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterNotificationTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly ClusterHome _home = new(cluster);

    [Fact]
    public async Task Likes_sent_to_every_instance_at_once_leave_the_groups_count_and_the_unread_count_exact_on_every_node()
    {
        var (_, author, token) = await cluster.SignUpAsync();
        var item = await _home.PostAsync(cluster.ClientFor(token, cluster.Apis[0]), Cancel);
        var likers = await _home.PeopleAsync(150);
        var conflictsBefore = await _home.ConflictsAsync();

        // A fifth of them like twice, side by side through two instances: still one like, one actor, each.
        var requests = likers.SelectMany((p, i) => Enumerable.Repeat(p, i < 30 ? 2 : 1)).ToList();
        var (refused, busy) = await LikeAsync(requests, item, like: true);
        output.WriteLine($"180 likes of one post: {await _home.ConflictsAsync() - conflictsBefore} certification conflicts and " +
            $"aborts, {busy} 503s sent again");
        refused.Should().BeEmpty("a like is idempotent, and a conflict is retried by the server or, past its retries, by the client");
        await ExpectAsync(author, token, item, 150);

        var (unrefused, _) = await LikeAsync([.. likers.Take(40)], item, like: false);
        unrefused.Should().BeEmpty();
        await ExpectAsync(author, token, item, 110);
    }

    /// <summary>
    /// On every node, the item's like groups gather exactly <paramref name="likes"/> actors (one group, or two when the
    /// test ran across midnight UTC), as many as its likes rows and its counter, and every instance shows them so,
    /// with the author's unread count exact.
    /// </summary>
    private async Task ExpectAsync(long author, string token, long item, int likes)
    {
        foreach (var node in cluster.Nodes)
        {
            (await Cluster.ScalarAsync<long>(node, $"SELECT COUNT(*) FROM Likes WHERE ItemId = {item}"))
                .Should().Be(likes, $"the likes rows are exact on {node}");
            (await Cluster.ScalarAsync<long>(node, "SELECT CAST(COALESCE(SUM(ActorCount), 0) AS SIGNED) FROM Notifications " +
                    $"WHERE RecipientId = {author} AND Kind = 'like' AND ItemId = {item}"))
                .Should().Be(likes, $"the group's actor count is exact on {node}");
            (await Cluster.ScalarAsync<long>(node,
                    $"SELECT COUNT(*) - COUNT(DISTINCT Seq) FROM Notifications WHERE RecipientId = {author}"))
                .Should().Be(0, $"no two groups of one recipient share a seq on {node}");
        }

        foreach (var api in cluster.Apis)
        {
            var client = cluster.ClientFor(token, api);
            var page = JsonNode.Parse(await client.GetStringAsync("/me/notifications?limit=100", Cancel))!;
            var groups = page["items"]!.AsArray().Select(g => g!).Where(g => (long?)g["itemId"] == item).ToList();
            groups.Sum(g => (int)g["actorCount"]!).Should().Be(likes, $"{api} shows the exact count");
            var unread = JsonNode.Parse(await client.GetStringAsync("/me/notifications/unread-count", Cancel))!;
            ((int)unread["count"]!, (bool)unread["more"]!).Should().Be((groups.Count, false), $"{api} counts the unread groups exactly");
        }
    }

    /// <summary>Each of <paramref name="who"/> likes (or unlikes) the item, 32 at once, the i-th through the i-th target.</summary>
    private async Task<(List<string> Refused, int Busy)> LikeAsync(IReadOnlyList<ClusterHome.Person> who, long item, bool like)
    {
        var refused = new System.Collections.Concurrent.ConcurrentBag<string>();
        var busy = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Cancel };
        await Parallel.ForAsync(0, who.Count, options, async (i, token) =>
        {
            var (response, retried) = await Cluster.RetryingBusyAsync(() =>
            {
                var request = new HttpRequestMessage(like ? HttpMethod.Put : HttpMethod.Delete, $"/feed/{item}/like");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", who[i].Token);
                return _home.Targets[i % _home.Targets.Count].SendAsync(request, token);
            }, attempts: 20, token);
            Interlocked.Add(ref busy, retried);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused.Add($"{(int)response.StatusCode} {response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: " +
                    await response.Content.ReadAsStringAsync(token));
            }
        });
        return ([.. refused], busy);
    }
}
