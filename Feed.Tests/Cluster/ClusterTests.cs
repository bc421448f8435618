using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Feed.Tests.Cluster;

/// <summary>Feed on a Galera cluster behind HAProxy, with an async replica: what breaks in production, tried here.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thousand_likes_and_joins_spread_over_every_node_and_instance_leave_every_counter_equal_to_its_rows()
    {
        var users = new List<(HttpClient Client, long Id, string Token)>();
        for (var i = 0; i < 20; i++)
        {
            users.Add(await cluster.SignUpAsync());
        }

        var games = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var made = await users[i].Client.PostAsJsonAsync("/games", new { gameName = "풋살", gameLocation = "마포구 망원동 풋살장" }, Cancel);
            games.Add((long)JsonNode.Parse(await made.EnsureSuccessStatusCode().Content.ReadAsStringAsync(Cancel))!["id"]!);
        }

        var commitsBefore = await Task.WhenAll(cluster.Nodes.Select(n => Cluster.StatusAsync(n, "wsrep_local_commits")));
        var conflictsBefore = await ConflictsAsync();
        var targets = cluster.Apis.Append(cluster.Http).ToList();
        var clients = users.Select(u => targets.Select(t => cluster.ClientFor(u.Token, t)).ToList()).ToList();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var busy = 0;
        var refusals = new ConcurrentBag<string>();

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = Cancel };
        await Parallel.ForAsync(0, 1000, parallel, async (i, token) =>
        {
            var client = clients[i % users.Count][i % targets.Count];
            var game = games[i % games.Count];
            // A client as the API asks: on a 503 (a hot row that failed certification on every one of
            // the server's retries) it waits and sends the same idempotent request again.
            var (response, retried) = await Cluster.RetryingBusyAsync(() => (i / 7 % 4) switch
            {
                0 => client.PutAsync($"/feed/{game}/like", null, token),
                1 => client.PutAsync($"/games/{game}/membership", null, token),
                2 => client.DeleteAsync($"/feed/{game}/like", token),
                _ => client.DeleteAsync($"/games/{game}/membership", token),
            }, attempts: 6, token);
            Interlocked.Add(ref busy, retried);
            statuses.Add(response.StatusCode);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var problem = await response.Content.ReadAsStringAsync(token);
                var request = response.RequestMessage!;
                refusals.Add($"{(int)response.StatusCode} {request.Method} {request.RequestUri}: {problem}");
            }
        });

        var commitsAfter = await Task.WhenAll(cluster.Nodes.Select(n => Cluster.StatusAsync(n, "wsrep_local_commits")));
        output.WriteLine(
            $"certification conflicts and aborts during the storm: {await ConflictsAsync() - conflictsBefore}; " +
            $"503s the client retried: {busy}; " +
            $"commits per node: {string.Join(", ", commitsAfter.Zip(commitsBefore, (a, b) => a - b))}");
        output.WriteLine(string.Join('\n', refusals)); // the problem bodies carry the trace id to look up in the instances' logs
        statuses.Should().AllSatisfy(s => s.Should().Be(HttpStatusCode.OK),
            "a certification failure is retried by the server, and past its retries the client's retry of a 503 succeeds");
        busy.Should().BeLessThan(50, "the server's own retries absorb nearly every conflict");
        commitsAfter.Zip(commitsBefore, (a, b) => a - b).Should().OnlyContain(d => d > 0, "every node took some of the writes");
        var ids = string.Join(',', games);
        foreach (var node in cluster.Nodes)
        {
            (await Cluster.ScalarAsync<long>(node,
                $"SELECT COUNT(*) FROM FeedItems i WHERE i.Id IN ({ids}) AND (" +
                "i.LikeCount <> (SELECT COUNT(*) FROM Likes l WHERE l.ItemId = i.Id) OR " +
                "i.JoinedCount <> (SELECT COUNT(*) FROM Memberships m WHERE m.ItemId = i.Id))"))
                .Should().Be(0, $"every counter equals its rows on {node}");
        }

        var likes = await Task.WhenAll(cluster.Nodes.Select(n => Cluster.ScalarAsync<long>(n,
            $"SELECT COALESCE(SUM(LikeCount * 1000 + JoinedCount), 0) FROM FeedItems WHERE Id IN ({ids})")));
        likes.Distinct().Should().ContainSingle("every node holds the same counters");
    }

    [Fact]
    public async Task A_user_who_signs_up_on_one_instance_signs_in_and_writes_at_once_through_every_other()
    {
        for (var i = 0; i < 30; i++)
        {
            var name = $"s{Guid.NewGuid():N}"[..20];
            var apis = cluster.Apis.Select(api => cluster.ClientFor(null, api)).ToList();
            (await apis[i % 3].PostAsJsonAsync("/auth/register", new { name, password = "cluster test password" }, Cancel))
                .StatusCode.Should().Be(HttpStatusCode.Created);

            var signIn = await apis[(i + 1) % 3].PostAsJsonAsync("/auth/token", new { name, password = "cluster test password" }, Cancel);
            signIn.StatusCode.Should().Be(HttpStatusCode.OK, "the instance on another node sees the new user at once (causal reads)");
            var token = (string)JsonNode.Parse(await signIn.Content.ReadAsStringAsync(Cancel))!["accessToken"]!;
            var third = cluster.ClientFor(token, cluster.Apis[(i + 2) % 3]);
            var team = await third.PostAsJsonAsync("/teams", new { roomName = "가입하자마자" }, Cancel);
            team.StatusCode.Should().Be(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task Scrolling_through_HAProxy_while_every_node_takes_new_posts_never_repeats_or_skips()
    {
        var writers = new List<HttpClient>();
        foreach (var api in cluster.Apis)
        {
            writers.Add((await cluster.SignUpAsync(api)).Client);
        }

        // Two writers per instance at once: posts are stamped by the instances and numbered by the
        // nodes (auto_increment_increment = 3), so ids come out of time order, as in production.
        await Parallel.ForAsync(0, 90, new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = Cancel }, async (i, token) =>
        {
            // As the API asks: a 503 (every node numbering a change at once: the change log's counter
            // row failed certification on each of the server's retries) is sent again a moment later.
            await Cluster.SucceededAsync((await Cluster.RetryingBusyAsync(
                () => writers[i % 3].PostAsJsonAsync("/posts", new { title = $"before {i}", body = "쓰기 전" }, token),
                attempts: 8,
                token)).Response);
        });

        var start = DateTime.UtcNow;
        await Task.Delay(1500, Cancel); // the replica has the items above
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var posting = writers.Select(async writer =>
        {
            while (!stop.IsCancellationRequested)
            {
                await writer.PostAsJsonAsync("/posts", new { title = "while scrolling", body = "스크롤 중" }, CancellationToken.None);
            }
        }).ToList();

        var reader = cluster.ClientFor(null);
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = JsonNode.Parse(await reader.GetStringAsync($"/feed?limit=7{(cursor is null ? "" : $"&before={cursor}")}", Cancel))!;
            seen.AddRange(page["items"]!.AsArray().Select(i => (long)i!["id"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null && seen.Count < 400);
        await stop.CancelAsync();
        await Task.WhenAll(posting);

        var expected = new List<long>();
        await using (var db = new MySqlConnector.MySqlConnection(cluster.Nodes[0]))
        {
            await db.OpenAsync(Cancel);
            await using var command = db.CreateCommand();
            command.CommandText = $"SELECT Id FROM FeedItems WHERE CreatedAt <= '{start:yyyy-MM-dd HH:mm:ss.ffffff}' " +
                $"ORDER BY CreatedAt DESC, Id DESC LIMIT {seen.Count}";
            await using var rows = await command.ExecuteReaderAsync(Cancel);
            while (await rows.ReadAsync(Cancel))
            {
                expected.Add(rows.GetInt64(0));
            }
        }

        seen.Should().OnlyHaveUniqueItems();
        var lastExpected = expected.IndexOf(seen.Last(id => expected.Contains(id)));
        seen.Where(id => expected.Contains(id)).Should().Equal(expected.Take(lastExpected + 1),
            "the items older than the scroll's start, each once, newest first");
        expected.Should().NotBeInDescendingOrder(
            "ids from three nodes are not in time order (newest first, yet not the largest id first), and the scroll above did not care");
    }

    [Fact]
    public async Task A_user_sees_their_own_post_at_once_while_the_replica_lags_and_everyone_else_reads_the_replica()
    {
        // A token older than the read-your-writes window: only the write itself sends the author's
        // next reads to the primary (a fresh token would read from it anyway).
        var (_, id, fresh) = await cluster.SignUpAsync();
        var author = cluster.ClientFor(cluster.Aged(fresh, TimeSpan.FromMinutes(10)));
        await ReplicaSqlThreadAsync("STOP");
        try
        {
            var before = JsonNode.Parse(await author.GetStringAsync($"/users/{id}/items", Cancel))!;
            var made = await author.PostAsJsonAsync("/posts", new { title = "내 글", body = "바로 보여야 해요" }, Cancel);
            var post = (long)JsonNode.Parse(await (await Cluster.SucceededAsync(made)).Content.ReadAsStringAsync(Cancel))!["id"]!;

            var mine = JsonNode.Parse(await author.GetStringAsync("/feed?limit=5", Cancel))!;
            var profile = JsonNode.Parse(await author.GetStringAsync($"/users/{id}/items", Cancel))!;
            var others = JsonNode.Parse(await cluster.ClientFor(null).GetStringAsync("/feed?limit=5", Cancel))!;

            Ids(before).Should().BeEmpty();
            Ids(mine).Should().Contain(post, "the author reads from the primary right after their write");
            Ids(profile).Should().Contain(post);
            Ids(others).Should().NotContain(post, "everyone else still reads the replica, whose SQL thread is stopped");
            // Signs up, signs in and reads /me at once: a fresh token reads from the primary.
            var (_, newcomer, _) = await cluster.SignUpAsync();
            newcomer.Should().BeGreaterThan(0);
        }
        finally
        {
            await ReplicaSqlThreadAsync("START");
        }
    }

    private async Task ReplicaSqlThreadAsync(string verb)
    {
        var script = await Cluster.ScriptAsync("replica-sql", verb.ToLowerInvariant());
        output.WriteLine(script);
    }

    private async Task<long> ConflictsAsync()
    {
        long sum = 0;
        foreach (var node in cluster.Nodes)
        {
            sum += await Cluster.StatusAsync(node, "wsrep_local_cert_failures") + await Cluster.StatusAsync(node, "wsrep_local_bf_aborts");
        }

        return sum;
    }

    private static List<long> Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(i => (long)i!["id"]!)];
}
