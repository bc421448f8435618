using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Bench;

public sealed record HttpFigures(string Handler, string Page, double RequestsPerSecond, double P50, double P90, double P99, long Errors);

/// <summary>
/// The API as a client sees it: the Release build on MariaDB on loopback, driven by wrk at 32
/// connections, first page and a page 90 % deep, through our endpoint and through the raw
/// MySqlConnector handler (<see cref="RawFeedBaseline"/>) of the same process.
/// </summary>
public static partial class HttpLoad
{
    private const int Port = 5188;
    private static readonly string Address = $"http://127.0.0.1:{Port}";

    public const int WarmUpSeconds = 5;

    public static async Task<List<HttpFigures>> MeasureAsync(BenchSettings settings, Engine engine)
    {
        var deep = await DeepCursorAsync(engine);
        await using var api = new BenchApi(engine, Port).Start();
        {
            var runs = (
                from handler in new[] { ("EF Core endpoint", "/feed?limit=20"), ("raw MySqlConnector", "/bench/raw-feed?limit=20") }
                from page in new[] { ("first", ""), ("90 % deep", $"&before={deep}") }
                select (Handler: handler.Item1, Page: page.Item1, Url: $"{Address}{handler.Item2}{page.Item2}")).ToList();

            // Both handlers must answer the same page, every kind included, or the comparison means nothing.
            foreach (var page in runs.GroupBy(r => r.Page))
            {
                await CheckSameAsync(page.Select(r => r.Url).ToList());
            }

            // Warm every path first (JIT tiers, pools, buffer pool), so no run pays for another's warm-up.
            foreach (var run in runs)
            {
                await RunWrkAsync(run.Url, WarmUpSeconds);
            }

            var figures = new List<HttpFigures>();
            foreach (var run in runs)
            {
                var result = Parse(run.Handler, run.Page, await RunWrkAsync(run.Url, settings.HttpSeconds));
                figures.Add(result);
                Console.WriteLine($"  {run.Handler}, {run.Page}: {result.RequestsPerSecond:N0} req/s, p50 {result.P50:N2} ms, p99 {result.P99:N2} ms, {result.Errors} errors");
            }

            return figures;
        }
    }

    private static async Task<string> DeepCursorAsync(Engine engine)
    {
        using var host = engine.BuildHost();
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var count = await db.FeedItems.LongCountAsync();
        var item = await db.FeedItems.AsNoTracking().OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip((int)(count * 90 / 100) - 1).Select(i => new { i.CreatedAt, i.Id }).FirstAsync();
        return FeedCursor.Encode(new FeedPosition(item.CreatedAt, item.Id), FeedListing.Of().Scope);
    }

    /// <summary>Every handler answers the same JSON for the same page, of 20 items.</summary>
    private static async Task CheckSameAsync(IReadOnlyList<string> urls)
    {
        using var client = new HttpClient();
        var pages = new List<JsonObject?>();
        foreach (var url in urls)
        {
            pages.Add(await client.GetFromJsonAsync<JsonObject>(url));
        }

        if (pages[0]?["items"]?.AsArray().Count != 20)
        {
            throw new InvalidOperationException($"{urls[0]} did not answer a page of 20 items.");
        }

        for (var i = 1; i < pages.Count; i++)
        {
            if (!JsonNode.DeepEquals(pages[0], pages[i]))
            {
                throw new InvalidOperationException($"{urls[i]} does not answer the same JSON as {urls[0]}.");
            }
        }
    }

    private static async Task<string> RunWrkAsync(string url, int seconds)
    {
        var start = new ProcessStartInfo("wrk", ["-t2", "-c32", $"-d{seconds}s", "--latency", url]) { RedirectStandardOutput = true };
        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    private static HttpFigures Parse(string handler, string page, string wrk)
    {
        double Latency(string percent)
        {
            var match = Regex.Match(wrk, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var errors = Regex.Match(wrk, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } e ? long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var rps = double.Parse(RequestsPerSecond().Match(wrk).Groups[1].Value, CultureInfo.InvariantCulture);
        return new HttpFigures(handler, page, rps, Latency("50"), Latency("90"), Latency("99"), errors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();
}
