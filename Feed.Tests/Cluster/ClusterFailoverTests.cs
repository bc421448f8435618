using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Api.Data;

namespace Feed.Tests.Cluster;

/// <summary>Losing a node and an instance, seeding a cluster, and a node that is not synced.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterFailoverTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Killing_a_node_and_an_instance_under_load_loses_no_acknowledged_write_costs_seconds_of_503s_and_the_node_rejoins()
    {
        var writers = new List<HttpClient>();
        for (var i = 0; i < 6; i++)
        {
            writers.Add((await cluster.SignUpAsync()).Client);
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var acknowledged = new ConcurrentBag<long>();
        var answerLost = new ConcurrentBag<string>();
        var failures = new ConcurrentQueue<(TimeSpan At, string What)>();
        var clock = Stopwatch.StartNew();
        var load = writers.Select(async (writer, w) =>
        {
            for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(20); n++)
            {
                // A client on a bad network: the same Idempotency-Key until the post is acknowledged, so a retry never posts twice.
                var key = Guid.NewGuid().ToString();
                while (true)
                {
                    var post = new { title = $"under load {run}/{w}/{n}", body = "노드가 죽어도" };
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = JsonContent.Create(post) };
                    request.Headers.Add("Idempotency-Key", key);
                    try
                    {
                        var response = await writer.SendAsync(request, CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var created = JsonNode.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None))!;
                            acknowledged.Add((long)created["id"]!);
                            break;
                        }

                        if (response.StatusCode == HttpStatusCode.Conflict)
                        {
                            // Done, its answer lost with the instance that did it: the post exists once (checked below),
                            // and is not made again.
                            answerLost.Add($"under load {run}/{w}/{n}");
                            break;
                        }

                        failures.Enqueue((clock.Elapsed, $"{(int)response.StatusCode}"));
                    }
                    catch (HttpRequestException e)
                    {
                        failures.Enqueue((clock.Elapsed, e.Message));
                    }

                    await Task.Delay(200, CancellationToken.None);
                }
            }
        }).ToList();

        await Task.Delay(TimeSpan.FromSeconds(6), Cancel);
        var killedAt = clock.Elapsed;
        await Cluster.ScriptAsync("kill", "node2");
        await Cluster.ScriptAsync("kill", "api2");
        await Task.WhenAll(load);

        var window = failures.IsEmpty ? TimeSpan.Zero : failures.Max(f => f.At) - failures.Min(f => f.At);
        var failed = string.Join(", ", failures.GroupBy(f => f.What).Select(g => $"{g.Count()} × {g.Key}"));
        output.WriteLine(
            $"killed node2 and api2 at {killedAt.TotalSeconds:N1} s; {acknowledged.Count} posts acknowledged, " +
            $"{answerLost.Count} done with their answer lost; " +
            $"{failures.Count} failed attempts over {window.TotalSeconds:N1} s: {failed}; " +
            $"at {string.Join(" ", failures.Select(f => $"{(f.At - killedAt).TotalSeconds:+0.0;-0.0}s"))} from the kill");
        acknowledged.Should().OnlyHaveUniqueItems("a retried post is replayed, not posted twice").And.HaveCountGreaterThan(100);
        // Seconds after the kill in which some write failed: the outage, and the odd 503 of the hot
        // counter row (which happens before the kill too).
        var failingSeconds = failures.Where(f => f.At >= killedAt).Select(f => (int)(f.At - killedAt).TotalSeconds).Distinct().Count();
        output.WriteLine($"seconds after the kill with a failed write: {failingSeconds}");
        failingSeconds.Should().BeLessThanOrEqualTo(8, "a lost node costs at most a few seconds of failures");
        failures.Select(f => f.What).Should().NotContain(["500", "501", "505"],
            "a lost node is an outage (503, or a connection refused), never a server error");
        var ids = string.Join(',', acknowledged);
        foreach (var node in new[] { cluster.Nodes[0], cluster.Nodes[2] })
        {
            (await Cluster.ScalarAsync<long>(node, $"SELECT COUNT(*) FROM FeedItems WHERE Id IN ({ids})"))
                .Should().Be(acknowledged.Count, "no acknowledged write is lost");
        }

        foreach (var title in answerLost)
        {
            (await Cluster.ScalarAsync<long>(cluster.Nodes[0], $"SELECT COUNT(*) FROM FeedItems WHERE Title = '{title}'"))
                .Should().Be(1, "a write whose answer was lost was done once");
        }

        var twice = $"SELECT Title FROM FeedItems WHERE Title LIKE 'under load {run}/%' GROUP BY Title HAVING COUNT(*) > 1";
        (await Cluster.ScalarAsync<long>(cluster.Nodes[0], $"SELECT COUNT(*) FROM ({twice}) d"))
            .Should().Be(0, "a post retried with its Idempotency-Key is never made twice, even when the instance that made it " +
                "died before answering");

        var rejoin = Stopwatch.StartNew();
        await Cluster.ScriptAsync("start", "node2");
        output.WriteLine($"node2 rejoined and synced in {rejoin.Elapsed.TotalSeconds:N1} s");
        await Cluster.ScriptAsync("start", "api2");
        (await Cluster.ScalarAsync<long>(cluster.Nodes[1], $"SELECT COUNT(*) FROM FeedItems WHERE Id IN ({ids})"))
            .Should().Be(acknowledged.Count, "the rejoined node has every write it missed");
        (await cluster.ClientFor(null, cluster.Apis[1]).GetAsync("/health/ready", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_seed_is_one_transaction_on_the_cluster_and_every_node_holds_the_same_feed()
    {
        var seed = await VerbAsync(cluster.Sql, "seed", "--items", "30000", "--users", "300", "--locale", "ko", "--reset", "--force");

        seed.ExitCode.Should().Be(0, seed.Error);
        output.WriteLine(seed.Output);
        var digests = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            digests.Add((await VerbAsync(node, "digest")).Output);
        }

        digests.Should().OnlyContain(d => d.StartsWith("sha256:", StringComparison.Ordinal))
            .And.OnlyContain(d => d == digests[0], "every node holds the same feed");
        (await Cluster.ScalarAsync<long>(cluster.Nodes[2], "SELECT COUNT(*) FROM FeedItems")).Should().Be(30000);
    }

    [Fact]
    public async Task A_node_that_is_not_synced_makes_its_instance_not_ready_and_HAProxy_takes_it_out()
    {
        // Each probe asks the node (no recent result kept): the test reads readiness as it changes.
        var everyProbeAsks = AppSetup.Default.With("Health:ReadyResultFor", "00:00:00");
        await using var app = await FeedApp.StartAsync(NodeDatabase(cluster.Nodes[2]), everyProbeAsks);
        var client = app.CreateClient();
        (await client.GetAsync("/health/ready", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);

        await Cluster.ScriptAsync("desync", "node3", "on");
        try
        {
            var desynced = await client.GetAsync("/health/ready", Cancel);
            await Task.Delay(TimeSpan.FromSeconds(3), Cancel); // HAProxy's check: every second, down after two failures
            var stats = await cluster.ClientFor(null, cluster.Stats).GetStringAsync("/;csv", Cancel);

            desynced.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await desynced.Content.ReadAsStringAsync(Cancel)).Should().Contain("Unhealthy");
            stats.Split('\n').Single(l => l.StartsWith("sql,node3,", StringComparison.Ordinal))
                .Should().Contain(",DOWN", "HAProxy sends no SQL to a node that is not synced");
        }
        finally
        {
            await Cluster.ScriptAsync("desync", "node3", "off");
        }

        await Task.Delay(TimeSpan.FromSeconds(1), Cancel);
        (await client.GetAsync("/health/ready", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private const string NodeVersion = "10.11.0-mariadb";

    /// <summary>One Galera node, directly (not through HAProxy), for an API instance in the test process.</summary>
    private static TestDatabase NodeDatabase(string node) => TestDatabase.At(DatabaseProvider.MySql, node, NodeVersion);

    private static async Task<VerbRun> VerbAsync(string connectionString, params string[] args)
    {
        var run = await VerbHost.RunAsync("MySql", connectionString, NodeVersion, args);
        return run with { Output = run.Output.Trim() };
    }
}
