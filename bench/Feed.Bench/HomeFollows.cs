using System.Diagnostics;
using System.Net.Http.Headers;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Bench;

/// <summary>One kind of follow change over HTTP: its latency percentiles over every round, and each round's p95 (the noise).</summary>
public sealed record FollowFigures(
    string Engine, string Operation, int Samples, double P50, double P95, double Max, IReadOnlyList<double> RoundP95s,
    double RowsPerChange, IReadOnlyList<string> LoadAverages);

/// <summary>
/// <c>PUT</c> and <c>DELETE /users/{id}/follow</c> one after another from one client, as the API
/// answers them (the follow row, both counters and the home change in one transaction): a follow
/// with its backfill (the followee's latest 100 items), the unfollow of that typical followee
/// (about 100 rows out of the home), and the unfollow of user 1, whose items are nine tenths of
/// the unfollower's home (about 10,000 rows out). Three rounds, each on users of its own.
/// </summary>
internal static class HomeFollows
{
    public const string Follow = "follow (backfill of ≤ 100 items)";
    public const string Unfollow = "unfollow, typical followee (~100 items in the home)";
    public const string HeavyUnfollow = "unfollow, user 1 (9/10 of the home)";

    private const int Rounds = 3;

    private const int Warm = 5;

    public static async Task<List<FollowFigures>> MeasureAsync(Engine engine, BenchApi api, HomeGraph graph)
    {
        var typical = (HomeGraph.TypicalUsers - Warm) / Rounds;
        var heavy = HomeGraph.HeavyUsers / Rounds;
        var times = new Dictionary<string, List<List<double>>> { [Follow] = [], [Unfollow] = [], [HeavyUnfollow] = [] };
        var rows = new Dictionary<string, double>
        {
            [Follow] = 0,
            [Unfollow] = 0,
            [HeavyUnfollow] = await HomeRowsAsync(api, graph.FirstHeavyUser, HomeGraph.HeavyFollowee),
        };
        var loads = new List<string>();
        using var client = new HttpClient { BaseAddress = api.Address };
        foreach (var user in Enumerable.Range(0, Warm).Select(i => graph.FirstTypicalUser + (Rounds * typical) + i))
        {
            var token = await api.TokenAsync(user); // warm: the routes' first calls (JIT, EF's query cache) are not measured
            await TimeAsync(client, HttpMethod.Put, user, Followee(user, graph.Users), token);
            await TimeAsync(client, HttpMethod.Delete, user, Followee(user, graph.Users), token);
        }

        for (var round = 0; round < Rounds; round++)
        {
            var pairs = Enumerable.Range(0, typical)
                .Select(i => graph.FirstTypicalUser + (round * typical) + i)
                .Select(user => (User: user, Followee: Followee(user, graph.Users)))
                .ToList();
            var tokens = new Dictionary<long, string>();
            foreach (var user in pairs.Select(p => p.User).Concat(HeavyUsers(graph, round, heavy)))
            {
                tokens[user] = await api.TokenAsync(user);
            }

            times[Follow].Add([]);
            foreach (var (user, followee) in pairs)
            {
                times[Follow][^1].Add(await TimeAsync(client, HttpMethod.Put, user, followee, tokens[user]));
            }

            rows[Follow] += await HomeRowsAsync(api, pairs[0].User, pairs[0].Followee) / Rounds;
            rows[Unfollow] = rows[Follow];
            times[Unfollow].Add([]);
            foreach (var (user, followee) in pairs)
            {
                times[Unfollow][^1].Add(await TimeAsync(client, HttpMethod.Delete, user, followee, tokens[user]));
            }

            times[HeavyUnfollow].Add([]);
            foreach (var user in HeavyUsers(graph, round, heavy))
            {
                times[HeavyUnfollow][^1].Add(await TimeAsync(client, HttpMethod.Delete, user, HomeGraph.HeavyFollowee, tokens[user]));
            }

            loads.Add(Load.Average);
            Console.WriteLine(
                $"  round {round + 1}: " + string.Join(", ", times.Select(t => $"{t.Key}: p95 {Percentile(t.Value[^1], 0.95):N1} ms")) +
                $"; load {Load.Average}");
        }

        return [.. times.Select(t =>
        {
            var all = t.Value.SelectMany(r => r).ToList();
            return new FollowFigures(
                engine.Name, t.Key, all.Count, Percentile(all, 0.50), Percentile(all, 0.95), all.Max(),
                [.. t.Value.Select(r => Percentile(r, 0.95))], rows[t.Key], loads);
        })];
    }

    /// <summary>A seeded user other than the follower and user 1, spread over all of them.</summary>
    private static long Followee(long user, int users) => 20 + ((user * 7_919) % (users - 40)) is var f && f != user ? f : f + 1;

    private static IEnumerable<long> HeavyUsers(HomeGraph graph, int round, int perRound) =>
        Enumerable.Range(0, perRound).Select(i => graph.FirstHeavyUser + (round * perRound) + i);

    private static async Task<double> TimeAsync(HttpClient client, HttpMethod method, long user, long followee, string token)
    {
        using var request = new HttpRequestMessage(method, $"users/{followee}/follow");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var clock = Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} /users/{followee}/follow by user {user}: {(int)response.StatusCode}");
        }

        return elapsed;
    }

    /// <summary>How many of the followee's items are in the user's home (what a follow added, or an unfollow will take out).</summary>
    private static async Task<double> HomeRowsAsync(BenchApi api, long user, long followee)
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        return await db.HomeEntries.CountAsync(h => h.OwnerId == user && h.AuthorId == followee);
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
    }
}
