using System.Diagnostics;
using System.Net.Http.Headers;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Bench;

/// <summary>One reader's latencies while fan-out ran or did not, over every round, and each round's p99 (the noise).</summary>
public sealed record ReaderFigures(
    string Engine, string Reader, string During, double P50, double P99, double Max, int Requests, int Errors,
    IReadOnlyList<double> RoundP99s, IReadOnlyList<string> LoadAverages, double FanOutRowsPerSecond);

/// <summary>
/// Readers while a big fan-out runs, against the same readers without it: <c>GET /home</c> (the
/// reader's, 2,000 follows) and <c>GET /feed</c> (signed in as the reader), each at a steady
/// <see cref="RatePerUrl"/> requests a second from <see cref="Loops"/> loops, the latency counted from
/// when each request was due (so a stall delays the requests behind it and counts for them too).
/// "During" posts back to back by the celebrity, each post's fan-out finished before the next;
/// "without" posts nothing. The two alternate, three rounds.
/// </summary>
internal static class HomeReaders
{
    public const int RatePerUrl = 100;

    private const int Loops = 4;

    private const int Rounds = 3;

    public static async Task<List<ReaderFigures>> MeasureAsync(Engine engine, BenchApi api, long celebrity, int seconds)
    {
        using var client = new HttpClient { BaseAddress = api.Address };
        var token = await api.TokenAsync(HomeGraph.Reader);
        var poster = await api.TokenAsync(celebrity);
        (string Name, string Url)[] urls = [("/home first page", "home?limit=20"), ("/feed first page", "feed?limit=20")];
        var results = new Dictionary<(string Url, bool During), List<List<double>>>();
        var errors = new Dictionary<(string Url, bool During), int>();
        var loads = new Dictionary<bool, List<string>> { [false] = [], [true] = [] };
        var fanOut = new List<(int Rows, double Seconds)>();
        await ReadAsync(client, urls, token, TimeSpan.FromSeconds(3)); // warm
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var during in new[] { false, true })
            {
                using var stop = new CancellationTokenSource();
                var posting = during ? PostAsync(api, client, poster, fanOut, stop.Token) : Task.CompletedTask;
                var read = await ReadAsync(client, urls, token, TimeSpan.FromSeconds(seconds));
                await stop.CancelAsync();
                await posting;
                loads[during].Add(Load.Average);
                foreach (var (url, (times, failed)) in read)
                {
                    results.TryAdd((url, during), []);
                    results[(url, during)].Add(times);
                    errors[(url, during)] = errors.GetValueOrDefault((url, during)) + failed;
                }

                var figures = read.Select(r =>
                    $"{r.Key} p50 {HomeFollows.Percentile(r.Value.Times, 0.5):N1} p99 {HomeFollows.Percentile(r.Value.Times, 0.99):N1} ms");
                Console.WriteLine(
                    $"  round {round}, {(during ? "during fan-out" : "without")}: {string.Join(", ", figures)}; load {Load.Average}");
            }
        }

        var rowsPerSecond = fanOut.Count == 0 ? 0 : fanOut.Sum(f => f.Rows) / fanOut.Sum(f => f.Seconds);
        return [.. results.Select(r =>
        {
            var all = r.Value.SelectMany(t => t).ToList();
            return new ReaderFigures(
                engine.Name, r.Key.Url, r.Key.During ? "during fan-out" : "without", HomeFollows.Percentile(all, 0.5),
                HomeFollows.Percentile(all, 0.99), all.Max(), all.Count, errors[r.Key],
                [.. r.Value.Select(t => HomeFollows.Percentile(t, 0.99))], loads[r.Key.During], r.Key.During ? rowsPerSecond : 0);
        })];
    }

    /// <summary>Posts one after another until stopped, each waited for until every follower has it; notes each fan-out's time.</summary>
    private static async Task PostAsync(
        BenchApi api, HttpClient client, string token, List<(int Rows, double Seconds)> done, CancellationToken stop)
    {
        var followers = -1;
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            var id = await HomeFanOut.PostAsync(client, token, "During the readers");
            await HomeFanOut.UntilDeliveredAsync(api, id);
            followers = followers >= 0 ? followers : await FollowersAsync(api, id);
            done.Add((followers, clock.Elapsed.TotalSeconds));
        }
    }

    private static async Task<int> FollowersAsync(BenchApi api, long item)
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        return await db.HomeEntries.CountAsync(h => h.ItemId == item) - 1; // less the author's own
    }

    /// <summary>Every URL at <see cref="RatePerUrl"/>/s for <paramref name="duration"/>: per URL, the latencies and the failures.</summary>
    private static async Task<Dictionary<string, (List<double> Times, int Errors)>> ReadAsync(
        HttpClient client, (string Name, string Url)[] urls, string token, TimeSpan duration)
    {
        var interval = TimeSpan.FromSeconds((double)Loops / RatePerUrl);
        var clock = Stopwatch.StartNew();
        var loops = urls.SelectMany(url => Enumerable.Range(0, Loops).Select(j => (url.Name, Task: Task.Run(async () =>
        {
            var times = new List<double>();
            var failed = 0;
            for (var k = 0; ; k++)
            {
                var due = (interval * j / Loops) + (interval * k);
                if (due >= duration)
                {
                    return (times, failed);
                }

                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, url.Url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                failed += response.IsSuccessStatusCode ? 0 : 1;
                times.Add((clock.Elapsed - due).TotalMilliseconds);
            }
        })))).ToList();
        await Task.WhenAll(loops.Select(l => l.Task));
        return loops.GroupBy(l => l.Name).ToDictionary(
            g => g.Key, g => (g.SelectMany(l => l.Task.Result.times).ToList(), g.Sum(l => l.Task.Result.failed)));
    }
}
