using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;

namespace Feed.Bench;

/// <summary>
/// Posts by one author with <paramref name="Followers"/> followers: seconds from the POST to the last follower's home;
/// <paramref name="RowsReadPerFollower"/>, MariaDB's index and table rows read (<c>Handler_read_%</c>, the whole server)
/// while a post went out, per follower reached: what one more follower costs the fan-out (the polling included).
/// </summary>
public sealed record FanOutFigures(
    string Engine, int Followers, double P50, double P95, double Max, double RowsPerSecond, IReadOnlyList<double> Seconds,
    bool EveryHomeHasIt, string LoadAverage, double? RowsReadPerFollower, bool Pulled = false);

/// <summary>
/// Fan-out as it runs in the service: the API with its hosted workers (<c>Home:FanOutWorkers</c> 2,
/// chunks of 1,000, a 200 ms poll), an author posting through <c>POST /posts</c>, and the clock
/// stopped when <c>GET /home</c> of the author's last follower (the highest id: chunks go in
/// follower id order) shows the post, asked every 10 ms. Then every follower's row is counted.
/// </summary>
internal static class HomeFanOut
{
    public static async Task<FanOutFigures> MeasureAsync(
        Engine engine, BenchApi api, int followers, long author, long last, int posts, bool warm, bool pulled)
    {
        using var client = new HttpClient { BaseAddress = api.Address };
        var poster = await api.TokenAsync(author);
        var reader = await api.TokenAsync(last);
        if (warm)
        {
            await UntilDeliveredAsync(api, await PostAsync(client, poster, "Warming up")); // JIT, pools: not measured
        }
        var seconds = new List<double>();
        var everyHome = true;
        var mySql = engine.Provider == DatabaseProvider.MySql;
        double read = 0;
        for (var i = 0; i < posts; i++)
        {
            var before = mySql ? await HandlerReadsAsync(engine) : 0;
            var clock = Stopwatch.StartNew();
            var id = await PostAsync(client, poster, $"Fan-out {i + 1} to {followers:N0}");
            while (!await InHomeAsync(client, reader, id))
            {
                await Task.Delay(10);
            }

            seconds.Add(clock.Elapsed.TotalSeconds);
            read += mySql ? await HandlerReadsAsync(engine) - before : 0;
            var rows = await RowsAsync(api, id);
            everyHome &= rows == (pulled ? 1 : followers + 1); // and the author's own; read at read time: only that
            Console.WriteLine($"  {followers:N0} followers: post {id} in the last home after {seconds[^1]:N2} s; {rows:N0} home rows");
            await UntilDeliveredAsync(api, id);
        }

        return new FanOutFigures(
            engine.Name, followers, HomeFollows.Percentile(seconds, 0.5), HomeFollows.Percentile(seconds, 0.95), seconds.Max(),
            followers / seconds.Average(), seconds, everyHome, Load.Average, mySql ? read / posts / followers : null, pulled);
    }

    /// <summary>A post by the holder of <paramref name="token"/>; its id once the API answered (the item and its job committed).</summary>
    public static async Task<long> PostAsync(HttpClient client, string token, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "posts")
        {
            Content = JsonContent.Create(new { title, body = "A post for the home benchmark's fan-out." }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    /// <summary>Until the item's fan-out job is gone (its last chunk committed), asked of the database every 50 ms.</summary>
    public static async Task UntilDeliveredAsync(BenchApi api, long item)
    {
        while (true)
        {
            using (var scope = api.Services.CreateScope())
            {
                if (!await scope.ServiceProvider.GetRequiredService<FeedDbContext>().HomeFanOuts.AnyAsync(j => j.ItemId == item))
                {
                    return;
                }
            }

            await Task.Delay(50);
        }
    }

    private static async Task<bool> InHomeAsync(HttpClient client, string token, long item)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "home?limit=5");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonObject>();
        return page!["items"]!.AsArray().Any(i => i!["id"]!.GetValue<long>() == item);
    }

    /// <summary>The server's <c>Handler_read_%</c> counters, summed: rows read through an index or a table scan, by every client.</summary>
    private static async Task<double> HandlerReadsAsync(Engine engine)
    {
        await using var connection = new MySqlConnection(engine.ConnectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE 'Handler_read%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        double total = 0;
        while (await reader.ReadAsync())
        {
            total += double.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }

    private static async Task<int> RowsAsync(BenchApi api, long item)
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
        return await db.HomeEntries.CountAsync(h => h.ItemId == item);
    }
}
