using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Bench;

public sealed record HttpFigures(
    string Handler,
    string Page,
    double RequestsPerSecond,
    double P50,
    double P90,
    double P99,
    long Errors,
    double DatabaseMsPerRequest,
    double StatementsPerRequest,
    double AllocatedKBPerRequest,
    double WorkingSetMB,
    IReadOnlyList<double> Rounds)
{
    /// <summary>The machine's load average (1, 5, 15 minutes) after each round (the home benchmark notes them).</summary>
    public IReadOnlyList<string> LoadAverages { get; init; } = [];
}

/// <summary>
/// The API as a client sees it: the Release build on MariaDB on loopback, driven by wrk at 32
/// connections, first page and a page 90 % deep, through our endpoint (page cache off), through
/// the raw MySqlConnector handler (<see cref="RawFeedBaseline"/>) of the same process, and the
/// first page with the page cache on (a second host). Every URL runs once per round, rounds
/// alternate, and each figure is the median round; around every run, MariaDB's CPU time
/// (<c>/proc</c>) and this process's allocated bytes (<see cref="GC.GetTotalAllocatedBytes"/>)
/// give the cost per request.
/// </summary>
public static partial class HttpLoad
{
    private const int Port = 5188;
    private const int CachedPort = 5189;

    public const int WarmUpSeconds = 5;

    public const int Rounds = 3;

    public static async Task<List<HttpFigures>> MeasureAsync(BenchSettings settings, Engine engine)
    {
        var deep = await DeepCursorAsync(engine);
        await using var api = new BenchApi(engine, Port).Start();
        await using var cached = new BenchApi(engine, CachedPort, pageCache: true).Start();
        var at = (int port) => $"http://127.0.0.1:{port}";
        var runs = new List<(string Handler, string Page, string Url)>
        {
            ("EF Core endpoint", "first", $"{at(Port)}/feed?limit=20"),
            ("EF Core endpoint", "90 % deep", $"{at(Port)}/feed?limit=20&before={deep}"),
            ("raw MySqlConnector", "first", $"{at(Port)}/bench/raw-feed?limit=20"),
            ("raw MySqlConnector", "90 % deep", $"{at(Port)}/bench/raw-feed?limit=20&before={deep}"),
            ("EF Core endpoint, page cache on", "first", $"{at(CachedPort)}/feed?limit=20"),
        };

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

        var results = runs.ToDictionary(r => r, _ => new List<HttpFigures>());
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var run in runs)
            {
                var database = DatabaseCpuSeconds(engine);
                var questions = await QuestionsAsync(engine);
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var wrk = await RunWrkAsync(run.Url, settings.HttpSeconds);
                var result = Parse(run.Handler, run.Page, wrk) with
                {
                    DatabaseMsPerRequest = (DatabaseCpuSeconds(engine) - database) * 1000 / Requests(wrk),
                    StatementsPerRequest = (await QuestionsAsync(engine) - questions - 1) / Requests(wrk), // less the count itself
                    AllocatedKBPerRequest = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / Requests(wrk),
                    WorkingSetMB = Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024,
                };
                results[run].Add(result);
                Console.WriteLine(
                    $"  round {round}: {run.Handler}, {run.Page}: {result.RequestsPerSecond:N0} req/s, p50 {result.P50:N2} ms, " +
                    $"MariaDB {result.DatabaseMsPerRequest:N3} ms/req, {result.AllocatedKBPerRequest:N1} KB/req");
            }
        }

        return [.. runs.Select(run =>
        {
            var median = results[run].OrderBy(r => r.RequestsPerSecond).ElementAt(Rounds / 2);
            return median with { Rounds = [.. results[run].Select(r => r.RequestsPerSecond)] };
        })];
    }

    /// <summary>MariaDB's CPU seconds so far (user + system), from <c>/proc</c>: the server listening on the benchmark's port.</summary>
    internal static double DatabaseCpuSeconds(Engine engine)
    {
        var port = new MySqlConnector.MySqlConnectionStringBuilder(engine.ConnectionString).Port;
        var server = Process.GetProcessesByName("mariadbd").Concat(Process.GetProcessesByName("mysqld"))
            .FirstOrDefault(p => ListensOn(p, port))
            ?? throw new InvalidOperationException($"No MariaDB server with --port={port} on this machine.");
        return server.TotalProcessorTime.TotalSeconds;
    }

    private static bool ListensOn(Process process, uint port)
    {
        var commandLine = $"/proc/{process.Id}/cmdline";
        return File.Exists(commandLine) && File.ReadAllText(commandLine).Contains($"--port={port}", StringComparison.Ordinal);
    }

    /// <summary>MariaDB's <c>Questions</c>: the statements clients sent (a reset or <c>SET NAMES</c> counts too).</summary>
    internal static async Task<double> QuestionsAsync(Engine engine)
    {
        await using var connection = new MySqlConnector.MySqlConnection(engine.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlConnector.MySqlCommand("SHOW GLOBAL STATUS LIKE 'Questions'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return double.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
    }

    internal static double Requests(string wrk) =>
        double.Parse(Regex.Match(wrk, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture);

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

    /// <summary>wrk at 32 connections for <paramref name="seconds"/>, with <paramref name="headers"/> (<c>Authorization: …</c>).</summary>
    internal static async Task<string> RunWrkAsync(string url, int seconds, params string[] headers)
    {
        string[] arguments = ["-t2", "-c32", $"-d{seconds}s", "--latency", .. headers.SelectMany(h => new[] { "-H", h }), url];
        var start = new ProcessStartInfo("wrk", arguments)
        {
            RedirectStandardOutput = true,
        };
        using var wrk = Process.Start(start)!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }

    internal static HttpFigures Parse(string handler, string page, string wrk)
    {
        double Latency(string percent)
        {
            var match = Regex.Match(wrk, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
        }

        var errors = Regex.Match(wrk, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } e
            ? long.Parse(e.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;
        var rps = double.Parse(RequestsPerSecond().Match(wrk).Groups[1].Value, CultureInfo.InvariantCulture);
        return new HttpFigures(handler, page, rps, Latency("50"), Latency("90"), Latency("99"), errors, 0, 0, 0, 0, []);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();
}
