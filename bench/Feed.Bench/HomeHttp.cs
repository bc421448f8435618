using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Api.Data;
using Feed.Api.Paging;
using Microsoft.Extensions.Hosting;

namespace Feed.Bench;

/// <summary>
/// <c>GET /home</c> as a client sees it, against the mixed <c>/feed</c> on the same database, the
/// way <see cref="HttpLoad"/> measures <c>/feed</c>: wrk at 32 connections, every URL once a round,
/// three alternating rounds, the median round kept; MariaDB's CPU time and <c>Questions</c> around
/// each run give its cost and its statements per request — per request the API served, which, on
/// a loaded machine, is more than wrk counts (it leaves out those in flight or timed out at its end).
/// The home is the reader's (2,000 follows), first page and 90 % deep; /feed is read anonymously and
/// signed in as the reader (the home always is: its likedByMe and joinedByMe flags cost what /feed's
/// signed-in ones do).
/// </summary>
internal static class HomeHttp
{
    public static async Task<List<HttpFigures>> MeasureAsync(BenchSettings settings, Engine engine, BenchApi api, IHost host)
    {
        var auth = $"Authorization: Bearer {await api.TokenAsync(HomeGraph.Reader)}";
        var (deep, _) = await HomePages.PageAtAsync(host, HomePages.Home, 90);
        var cursor = FeedCursor.Encode(deep.Anchor, deep.Scope);
        var runs = new List<(string Handler, string Page, string Url, string[] Headers)>
        {
            ("/feed", "first, anonymous", $"{api.Address}feed?limit=20", []),
            ("/feed", "first, signed in", $"{api.Address}feed?limit=20", [auth]),
            ("/home", "first", $"{api.Address}home?limit=20", [auth]),
            ("/home", "90 % deep", $"{api.Address}home?limit=20&before={cursor}", [auth]),
        };
        foreach (var run in runs)
        {
            await CheckPageAsync(run.Url, run.Headers);
        }

        foreach (var run in runs)
        {
            await HttpLoad.RunWrkAsync(run.Url, HttpLoad.WarmUpSeconds, run.Headers);
        }

        var mySql = engine.Provider == DatabaseProvider.MySql;
        var results = runs.ToDictionary(r => r, _ => new List<HttpFigures>());
        for (var round = 1; round <= HttpLoad.Rounds; round++)
        {
            foreach (var run in runs)
            {
                var cpu = mySql ? HttpLoad.DatabaseCpuSeconds(engine) : 0;
                var questions = mySql ? await HttpLoad.QuestionsAsync(engine) : 0;
                var allocated = GC.GetTotalAllocatedBytes(precise: true);
                var served = api.Served;
                var wrk = await HttpLoad.RunWrkAsync(run.Url, settings.HttpSeconds, run.Headers);
                await Task.Delay(TimeSpan.FromSeconds(1)); // the requests still in flight when wrk stopped finish, and count
                var requests = (double)(api.Served - served);
                var result = HttpLoad.Parse(run.Handler, run.Page, wrk) with
                {
                    DatabaseMsPerRequest = mySql ? (HttpLoad.DatabaseCpuSeconds(engine) - cpu) * 1000 / requests : double.NaN,
                    StatementsPerRequest = mySql ? (await HttpLoad.QuestionsAsync(engine) - questions - 1) / requests : double.NaN,
                    AllocatedKBPerRequest = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / requests,
                };
                results[run].Add(result with { LoadAverages = [Load.Average] });
                Console.WriteLine(
                    $"  round {round}: {run.Handler} {run.Page}: {result.RequestsPerSecond:N0} req/s, p50 {result.P50:N2} ms, " +
                    $"p99 {result.P99:N2} ms, database {result.DatabaseMsPerRequest:N3} ms/req, " +
                    $"{result.StatementsPerRequest:N2} statements/req, " +
                    $"load {Load.Average}");
            }
        }

        return [.. runs.Select(run =>
        {
            var median = results[run].OrderBy(r => r.RequestsPerSecond).ElementAt(HttpLoad.Rounds / 2);
            return median with
            {
                Rounds = [.. results[run].Select(r => r.RequestsPerSecond)],
                LoadAverages = [.. results[run].SelectMany(r => r.LoadAverages)],
            };
        })];
    }

    /// <summary>Each URL answers a full page, so no run measures an error or an empty home.</summary>
    private static async Task CheckPageAsync(string url, string[] headers)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var header in headers)
        {
            var (name, value) = (header[..header.IndexOf(':')], header[(header.IndexOf(':') + 1)..].Trim());
            request.Headers.Authorization = name == "Authorization" ? AuthenticationHeaderValue.Parse(value) : null;
        }

        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonObject>();
        if (page?["items"]?.AsArray().Count != 20)
        {
            throw new InvalidOperationException($"{url} did not answer a page of 20 items.");
        }
    }
}

/// <summary>The machine's load averages (1, 5, 15 minutes): other work shares the cores, and the report says how much.</summary>
public static class Load
{
    public static string Average =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    public static double OneMinute =>
        File.Exists("/proc/loadavg")
            ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)
            : double.NaN;
}
