using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Feed.Tests.Cluster;

/// <summary>
/// <c>DELETE /me</c> on the cluster: an account with 10,000 items deleted by the instances' workers (each chunk one
/// short transaction on whichever node HAProxy gave) while other clients read and write through HAProxy.
/// </summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterAccountDeletionTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private const int Items = 10_000;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly ClusterHome _home = new(cluster);

    [Fact]
    public async Task An_account_with_ten_thousand_items_is_deleted_while_others_read_and_write_and_every_count_is_right_after()
    {
        var (victim, id, _) = await cluster.SignUpAsync();
        var people = await _home.PeopleAsync(20);
        await AddItemsAsync(id);
        var theirs = new List<long>();
        foreach (var person in people.Take(5))
        {
            theirs.Add(await _home.PostAsync(cluster.ClientFor(person.Token), Cancel));
        }

        var mine = await ClusterHome.ReadAsync(cluster.Nodes[0], $"SELECT Id FROM FeedItems WHERE AuthorId = {id} ORDER BY Id LIMIT 200",
            r => r.GetInt64(0));
        foreach (var item in theirs)
        {
            await Cluster.SucceededAsync(await victim.PutAsync($"/feed/{item}/like", null, Cancel));
        }

        foreach (var person in people.Take(10))
        {
            var client = cluster.ClientFor(person.Token);
            await Cluster.SucceededAsync(await client.PutAsync($"/users/{id}/follow", null, Cancel));
            await Cluster.SucceededAsync(await victim.PutAsync($"/users/{person.Id}/follow", null, Cancel));
            await Cluster.SucceededAsync(await client.PutAsync($"/feed/{mine[people.IndexOf(person)]}/like", null, Cancel));
        }

        var waitsBefore = await LockWaitsAsync();
        var clock = Stopwatch.StartNew();
        var body = JsonContent.Create(new { password = "cluster test password" });
        var request = new HttpRequestMessage(HttpMethod.Delete, "/me") { Content = body };
        var deleted = await victim.SendAsync(request, Cancel);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var load = people.Select((person, n) => Task.Run(() => TrafficAsync(person, n, theirs, mine, stop.Token), Cancel)).ToList();
        var gone = await GoneAsync(id, TimeSpan.FromMinutes(7));
        var took = clock.Elapsed;
        await stop.CancelAsync();
        var answers = (await Task.WhenAll(load)).SelectMany(a => a).ToList();
        var waitsAfter = await LockWaitsAsync();

        output.WriteLine($"{Items:N0} items deleted in {took.TotalSeconds:N1} s; " +
            $"Innodb_row_lock_waits {waitsAfter.Waits - waitsBefore.Waits}, " +
            $"Innodb_row_lock_time {waitsAfter.Time - waitsBefore.Time} ms (summed over the 3 nodes); " +
            $"{answers.Count} requests of others meanwhile: " +
            string.Join(", ", answers.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}")));
        deleted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        gone.Should().BeTrue("the instances' workers delete the account");
        await SettledAsync();
        var wrong = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            wrong.AddRange(await DescribeAsync(await WrongCountersAsync(node), node));
        }

        foreach (var line in wrong)
        {
            output.WriteLine(line);
        }

        wrong.Should().BeEmpty("every counter equals a recount of its rows on every node");
        answers.Should().OnlyContain(a => a == 200 || a == 404 || a == 503, "others are never refused for the deletion, never a 500");
        foreach (var node in cluster.Nodes)
        {
            (await LeftAsync(node, id)).Should().Be(0, "nothing of the account is left on any node");
            (await Cluster.ScalarAsync<long>(node, $"SELECT COUNT(*) FROM FeedChanges WHERE AuthorId = {id} AND `Change` = 'deleted'"))
                .Should().Be(Items, "each item is logged deleted once");
        }
    }

    /// <summary>One of the others: pages of the feed and their home, likes and unlikes, through HAProxy, until stopped.</summary>
    private async Task<List<int>> TrafficAsync(ClusterHome.Person person, int n, List<long> theirs, List<long> mine, CancellationToken stop)
    {
        var client = cluster.ClientFor(person.Token);
        var answers = new List<int>();
        for (var round = 0; !stop.IsCancellationRequested; round++)
        {
            var item = round % 2 == 0 ? theirs[(n + round) % theirs.Count] : mine[(n * 7 + round) % mine.Count];
            var path = $"/feed/{item}/like";
            try
            {
                var (answer, _) = await Cluster.RetryingBusyAsync(
                    () => (round / 2) % 2 == 0 ? client.PutAsync(path, null, stop) : client.DeleteAsync(path, stop), 5, stop);
                answers.Add((int)answer.StatusCode);
                answers.Add((int)(await client.GetAsync(round % 3 == 0 ? "/home?limit=20" : "/feed?limit=20", stop)).StatusCode);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
        }

        return answers;
    }

    /// <summary>The account's items, made in bulk on node1 (a third of them games), as the seeder would.</summary>
    private async Task AddItemsAsync(long id)
    {
        for (var from = 0; from < Items; from += 1_000)
        {
            var rows = Enumerable.Range(from, 1_000).Select(i => i % 3 == 0
                ? $"(UTC_TIMESTAMP(6) - INTERVAL {i} SECOND, {id}, 0, 'game', NULL, NULL, 'Game {i}', 'Park', 0)"
                : $"(UTC_TIMESTAMP(6) - INTERVAL {i} SECOND, {id}, 0, 'post', 'Post {i}', 'Body {i}', NULL, NULL, NULL)");
            await ClusterHome.ExecuteAsync(cluster.Nodes[0],
                "INSERT INTO FeedItems (CreatedAt, AuthorId, LikeCount, Discriminator, Title, Body, GameName, GameLocation, JoinedCount) " +
                $"VALUES {string.Join(',', rows)}");
        }
    }

    private async Task<bool> GoneAsync(long id, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < until)
        {
            if (await Cluster.ScalarAsync<long>(cluster.Nodes[0], $"SELECT COUNT(*) FROM Users WHERE Id = {id}") == 0)
            {
                return true;
            }

            await Task.Delay(200, Cancel);
        }

        return false;
    }

    private async Task<(long Waits, long Time)> LockWaitsAsync()
    {
        long waits = 0, time = 0;
        foreach (var node in cluster.Nodes)
        {
            waits += await Cluster.StatusAsync(node, "Innodb_row_lock_waits");
            time += await Cluster.StatusAsync(node, "Innodb_row_lock_time");
        }

        return (waits, time);
    }

    private static Task<long> LeftAsync(string node, long id) => Cluster.ScalarAsync<long>(node,
        $"SELECT (SELECT COUNT(*) FROM Users WHERE Id = {id}) + (SELECT COUNT(*) FROM FeedItems WHERE AuthorId = {id}) " +
        $"+ (SELECT COUNT(*) FROM Likes WHERE UserId = {id}) + (SELECT COUNT(*) FROM Memberships WHERE UserId = {id}) " +
        $"+ (SELECT COUNT(*) FROM Follows WHERE FollowerId = {id} OR FolloweeId = {id}) " +
        $"+ (SELECT COUNT(*) FROM HomeEntries WHERE OwnerId = {id} OR AuthorId = {id}) " +
        $"+ (SELECT COUNT(*) FROM Media WHERE OwnerId = {id}) " +
        $"+ (SELECT COUNT(*) FROM Sessions WHERE UserId = {id}) + (SELECT COUNT(*) FROM AccountDeletions WHERE UserId = {id})");

    /// <summary>
    /// Until every node has applied the same last write, and a moment later still: the workers and any request the
    /// clients gave up on (cancelled at <c>stop</c>) may still be committing. Each node's check is one statement, one
    /// snapshot, and a like's row and its counter change commit together, so it is sound at any moment (the nodes also
    /// read causally: wsrep_sync_wait = 1); settled, the nodes' values of one counter can be compared.
    /// </summary>
    private async Task SettledAsync()
    {
        var last = "";
        for (var look = 0; look < 120; look++)
        {
            var now = new List<long>();
            foreach (var node in cluster.Nodes)
            {
                now.Add(await Cluster.StatusAsync(node, "wsrep_last_committed"));
            }

            var seen = string.Join(',', now);
            if (now.Distinct().Count() == 1 && seen == last)
            {
                return;
            }

            last = seen;
            await Task.Delay(500, Cancel);
        }

        output.WriteLine($"the nodes did not settle: wsrep_last_committed {last}");
    }

    /// <summary>Every counter that differs from a recount of its rows on <paramref name="node"/>: table, id, column.</summary>
    private static Task<List<(string Table, long Id, string Column)>> WrongCountersAsync(string node) => ClusterHome.ReadAsync(node,
        "SELECT 'FeedItems', i.Id, 'LikeCount' FROM FeedItems i " +
        "WHERE i.LikeCount <> (SELECT COUNT(*) FROM Likes l WHERE l.ItemId = i.Id) " +
        "UNION ALL SELECT 'FeedItems', i.Id, 'JoinedCount' FROM FeedItems i WHERE i.JoinedCount IS NOT NULL " +
        "AND i.JoinedCount <> (SELECT COUNT(*) FROM Memberships m WHERE m.ItemId = i.Id) " +
        "UNION ALL SELECT 'Users', u.Id, 'FollowerCount' FROM Users u " +
        "WHERE u.FollowerCount <> (SELECT COUNT(*) FROM Follows f WHERE f.FolloweeId = u.Id) " +
        "UNION ALL SELECT 'Users', u.Id, 'FollowingCount' FROM Users u " +
        "WHERE u.FollowingCount <> (SELECT COUNT(*) FROM Follows f WHERE f.FollowerId = u.Id)",
        r => (r.GetString(0), r.GetInt64(1), r.GetString(2)));

    /// <summary>
    /// Each wrong counter found on <paramref name="found"/>, as every node has it: the counter and a recount of its rows
    /// (read in one statement, one snapshot), and the rows themselves, to tell a wrong write (the nodes agree) from a
    /// replication divergence (they differ).
    /// </summary>
    private async Task<List<string>> DescribeAsync(List<(string Table, long Id, string Column)> wrong, string found)
    {
        var lines = new List<string>();
        foreach (var (table, id, column) in wrong)
        {
            var (rows, key, who) = column switch
            {
                "LikeCount" => ("Likes", "ItemId", "UserId"),
                "JoinedCount" => ("Memberships", "ItemId", "UserId"),
                "FollowerCount" => ("Follows", "FolloweeId", "FollowerId"),
                _ => ("Follows", "FollowerId", "FolloweeId"),
            };
            var line = $"wrong on node{cluster.Nodes.ToList().IndexOf(found) + 1}: {table} {id} {column};";
            foreach (var node in cluster.Nodes)
            {
                var seen = await ClusterHome.ReadAsync(node,
                    $"SELECT (SELECT {column} FROM {table} WHERE Id = {id}), (SELECT COUNT(*) FROM {rows} WHERE {key} = {id}), " +
                    $"(SELECT GROUP_CONCAT({who} ORDER BY {who}) FROM {rows} WHERE {key} = {id}), @@wsrep_node_name",
                    r => $"{r.GetString(3)} counter {r.GetValue(0)} recount {r.GetInt64(1)} rows [{r.GetValue(2)}]");
                line += " " + seen.Single() + ";";
            }

            lines.Add(line);
        }

        return lines;
    }
}
