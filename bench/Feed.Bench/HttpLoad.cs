using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Users;
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
    /// <summary>The serving process's CPU time (user + system, <c>/proc</c>) per request, ms; NaN where not measured.</summary>
    public double ApiCpuMsPerRequest { get; init; } = double.NaN;

    /// <summary>The machine's load average (1, 5, 15 minutes) after each round (the home benchmark notes them).</summary>
    public IReadOnlyList<string> LoadAverages { get; init; } = [];
}

/// <summary>
/// The API as users run it, as a client sees it: the Release build in its own process (<c>dotnet Feed.Api.dll</c>,
/// Production settings, page cache and rate limiting off) on MariaDB on loopback, driven by wrk at 32 connections:
/// first page and a page 90 % deep, anonymous; the first page signed in (a seeded user who follows, blocks and mutes
/// nobody); the raw MySqlConnector handler in a process of its own (<see cref="RawFeedBaseline"/>, checked to write
/// the same bytes first); and the first page with the page cache on (a third process). Every URL runs once per round,
/// rounds alternate, each figure is the median round. Around every run: MariaDB's CPU time and the serving
/// process's (<c>/proc</c>), MariaDB's <c>Questions</c>; the process's allocation from dotnet-counters.
/// </summary>
public static partial class HttpLoad
{
    private static readonly int Port = int.Parse(
        Environment.GetEnvironmentVariable("FEED_BENCH_HTTP_PORT") is { Length: > 0 } p ? p : "5601", CultureInfo.InvariantCulture);

    public static int WarmUpSeconds { get; } = int.Parse(
        Environment.GetEnvironmentVariable("FEED_BENCH_WARMUP_SECONDS") is { Length: > 0 } w ? w : "5", CultureInfo.InvariantCulture);

    public const int Rounds = 3;

    public const string SignedIn = "EF Core endpoint, signed in";

    public static async Task<List<HttpFigures>> MeasureAsync(BenchSettings settings, Engine engine)
    {
        var deep = await DeepCursorAsync(engine);
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        var (userId, token) = await SignedInTokenAsync(engine, key);
        Console.WriteLine($"  signed in as user {userId} (follows, blocks and mutes nobody)");
        var app = Path.Combine(settings.RepositoryRoot, "Feed.Api", "bin", "Release", "net10.0");
        Dictionary<string, string> Api(bool cache) => new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = engine.Provider.ToString(),
            ["Database__ServerVersion"] = engine.ServerVersion,
            ["ConnectionStrings__Feed"] = engine.ConnectionString,
            ["Auth__SigningKey"] = key,
            ["RateLimiting__Enabled"] = "false",
            ["PageCache__Enabled"] = cache ? "true" : "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        string Url(int port) => $"http://127.0.0.1:{port}";
        await using var ef = await ApiProcess.StartAsync(
            app, ["Feed.Api.dll", "--urls", Url(Port)], Api(cache: false), Port, "/health/ready");
        await using var raw = await ApiProcess.StartAsync(
            settings.RepositoryRoot, [typeof(HttpLoad).Assembly.Location, "serve-raw", $"{Port + 1}"],
            new Dictionary<string, string> { ["FEED_BENCH_RAW_MYSQL"] = engine.ConnectionString }, Port + 1, "/bench/raw-feed?limit=1");
        await using var cached = await ApiProcess.StartAsync(
            app, ["Feed.Api.dll", "--urls", Url(Port + 2)], Api(cache: true), Port + 2, "/health/ready");
        var auth = $"Authorization: Bearer {token}";
        var runs = new List<(string Handler, string Page, string Url, ApiProcess Server, string[] Headers)>
        {
            ("EF Core endpoint", "first", $"{Url(Port)}/feed?limit=20", ef, []),
            ("raw MySqlConnector", "first", $"{Url(Port + 1)}/bench/raw-feed?limit=20", raw, []),
            ("EF Core endpoint", "90 % deep", $"{Url(Port)}/feed?limit=20&before={deep}", ef, []),
            ("raw MySqlConnector", "90 % deep", $"{Url(Port + 1)}/bench/raw-feed?limit=20&before={deep}", raw, []),
            (SignedIn, "first", $"{Url(Port)}/feed?limit=20", ef, [auth]),
            ("EF Core endpoint, page cache on", "first", $"{Url(Port + 2)}/feed?limit=20", cached, []),
        };

        // Both handlers must answer the same bytes for the same page, or the comparison means nothing.
        await CheckSameAsync(runs[0].Url, runs[1].Url);
        await CheckSameAsync(runs[2].Url, runs[3].Url);

        // Warm every path first (JIT tiers, pools, buffer pool), so no run pays for another's warm-up.
        foreach (var run in runs)
        {
            await RunWrkAsync(run.Url, WarmUpSeconds, run.Headers);
        }

        var results = runs.ToDictionary(r => r, _ => new List<HttpFigures>());
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var run in runs)
            {
                // A dotnet-counters session for this run alone (its file is written only when its set duration ends), in the
                // last round only: a session costs seconds to start and end, and the bytes per request barely move between rounds.
                var watched = run.Server != cached && round == Rounds;
                if (watched)
                {
                    var watch = TimeSpan.FromSeconds(ApiProcess.Lead + settings.HttpSeconds + 1.5);
                    await run.Server.WatchAllocationAsync(settings.RepositoryRoot, watch);
                }

                var database = DatabaseCpuSeconds(engine);
                var questions = await QuestionsAsync(engine);
                var cpu = run.Server.CpuSeconds();
                var wrk = await RunWrkAsync(run.Url, settings.HttpSeconds, run.Headers);
                var to = DateTime.UtcNow;
                var requests = Requests(wrk);
                var result = Parse(run.Handler, run.Page, wrk) with
                {
                    DatabaseMsPerRequest = (DatabaseCpuSeconds(engine) - database) * 1000 / requests,
                    StatementsPerRequest = (await QuestionsAsync(engine) - questions - 1) / requests, // less the count itself
                    ApiCpuMsPerRequest = (run.Server.CpuSeconds() - cpu) * 1000 / requests,
                };
                var samples = watched ? await run.Server.AllocationAsync() : [];
                if (watched && samples.Max(x => x.At) < to)
                {
                    throw new InvalidOperationException("dotnet-counters' session ended before the run did: lengthen it (HttpLoad).");
                }

                result = result with
                {
                    AllocatedKBPerRequest = watched ? samples.Sum(x => x.Bytes) / 1024 / requests : double.NaN,
                };
                results[run].Add(result);
                Console.WriteLine(
                    $"  round {round}: {run.Handler}, {run.Page}: {result.RequestsPerSecond:N0} req/s, p50 {result.P50:N2} ms, " +
                    $"API {result.ApiCpuMsPerRequest:N3} ms/req, MariaDB {result.DatabaseMsPerRequest:N3} ms/req, " +
                    $"{result.AllocatedKBPerRequest:N1} KB/req");
            }
        }

        return [.. runs.Select(run =>
        {
            var measured = results[run];
            var median = measured.OrderBy(r => r.RequestsPerSecond).ElementAt(Rounds / 2);
            return median with
            {
                Rounds = [.. measured.Select(r => r.RequestsPerSecond)],
                AllocatedKBPerRequest = measured[^1].AllocatedKBPerRequest,
            };
        })];
    }

    /// <summary>A seeded user who follows, blocks and mutes nobody: a bearer token as <c>POST /auth/token</c> gives.</summary>
    private static async Task<(long User, string Token)> SignedInTokenAsync(Engine engine, string key)
    {
        using var host = engine.BuildHost();
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var user = await db.Users.AsNoTracking()
            .Where(u => !db.Follows.Any(f => f.FollowerId == u.Id) && !db.Blocks.Any(b => b.BlockerId == u.Id)
                && !db.Mutes.Any(m => m.MuterId == u.Id))
            .OrderBy(u => u.Id).FirstAsync();
        var auth = new AuthOptions { SigningKey = key, AccessTokenLifetime = TimeSpan.FromHours(12) };
        var now = DateTime.UtcNow;
        var session = await Sessions.StartAsync(db, user, "Feed.Bench", auth, now, CancellationToken.None);
        return (user.Id, Tokens.Issue(user, session.SessionId, auth, now));
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

    /// <summary>The raw handler answers the same bytes as the API for the same page, of 20 items; else the benchmark stops.</summary>
    private static async Task CheckSameAsync(string api, string raw)
    {
        using var client = new HttpClient();
        var expected = await client.GetStringAsync(api);
        var actual = await client.GetStringAsync(raw);
        if (JsonNode.Parse(expected)?["items"]?.AsArray().Count != 20)
        {
            throw new InvalidOperationException($"{api} did not answer a page of 20 items.");
        }

        if (expected != actual)
        {
            var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i]);
            string Near(string text) => text[Math.Max(0, at - 80)..Math.Min(text.Length, at + 80)];
            throw new InvalidOperationException(
                $"NOT THE SAME JSON: {raw} differs from {api} at character {at}:\n  API: {Near(expected)}\n  raw: {Near(actual)}\n" +
                "Update bench/Feed.Bench/RawFeedBaseline.cs to the API's current SQL (MariaDB's general log) and JSON.");
        }

        Console.WriteLine($"  same JSON ({expected.Length:N0} characters): {raw}");
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
