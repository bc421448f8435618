using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using MySqlConnector;
using NetVips;

namespace Feed.Bench;

/// <summary>
/// "A page of 20 photo posts is still one SQL command", over HTTP against the API on MariaDB (bench/photos.sh, part
/// <c>page</c>): a user uploads 60 pictures and a face, posts 20 posts of 3 pictures each, a reader follows them; then each
/// listing is read <see cref="Requests"/> times and MariaDB's <c>Questions</c> (statements sent by every client) counted
/// around them, less what the API's background workers sent in an idle window as long (measured just before).
/// </summary>
internal static class PhotosPage
{
    private const int Requests = 200;

    public static async Task RunAsync(string output, Uri api, string mySql)
    {
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        var author = await PhotosClient.SignUpAsync(http);
        var reader = await PhotosClient.SignUpAsync(http);
        var authorId = (await author.GetAsync("me"))["id"]!.GetValue<long>();
        using (var xy = Image.Xyz(800, 600))
        {
            using var red = (xy[0] * 0.3).Cast(Enums.BandFormat.Uchar);
            var jpeg = red.Bandjoin(80, 140).Copy(interpretation: Enums.Interpretation.Srgb).JpegsaveBuffer(q: 85);
            var face = await author.UploadAsync(jpeg);
            await SendAsync(http, author, HttpMethod.Patch, "me", new { avatarMediaId = face.Id });
            for (var post = 0; post < 20; post++)
            {
                var ids = new List<long>();
                for (var i = 0; i < 3; i++)
                {
                    ids.Add((await author.UploadAsync(jpeg)).Id);
                }

                var body = new { title = $"Photos {post}", body = "Three pictures.", mediaIds = ids };
                await SendAsync(http, author, HttpMethod.Post, "posts", body);
            }
        }

        await SendAsync(http, reader, HttpMethod.Put, $"users/{authorId}/follow", null);
        string[] listings = ["posts?limit=20", "feed?limit=20", $"users/{authorId}/items?limit=20", "home?limit=20"];
        await using var db = new MySqlConnection(mySql);
        await db.OpenAsync();
        var md = new StringBuilder()
            .AppendLine("<!-- photos-page:begin -->")
            .AppendLine(CultureInfo.InvariantCulture,
                $"### A page of 20 photo posts (3 pictures each, an avatar) on MariaDB, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC")
            .AppendLine()
            .AppendLine(
                $"Load average at start: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}. Each listing read {Requests} times by " +
                "the follower, one at a time; statements/request: MariaDB's `Questions` over them, less the background " +
                "workers' over an idle window as long. `Questions` is the server's: nothing else may use it meanwhile.")
            .AppendLine()
            .AppendLine("| listing | statements/request | media per page | p50 ms | target |")
            .AppendLine("|---|---:|---:|---:|---|");
        foreach (var listing in listings)
        {
            var first = await reader.GetAsync(listing);
            var pictures = first["items"]!.AsArray().Sum(i => i!["media"]!.AsArray().Count);
            var clock = Stopwatch.StartNew();
            var idleStart = await QuestionsAsync(db);
            var times = new List<double>();
            for (var i = 0; i < Requests; i++)
            {
                var one = Stopwatch.StartNew();
                await reader.GetAsync(listing);
                times.Add(one.Elapsed.TotalMilliseconds);
            }

            var busy = await QuestionsAsync(db) - idleStart - 1; // less the count itself
            var elapsed = clock.Elapsed;
            var idleFrom = await QuestionsAsync(db);
            await Task.Delay(elapsed);
            var idle = await QuestionsAsync(db) - idleFrom - 1;
            var perRequest = (double)(busy - idle) / Requests;
            times.Sort();
            var met = Math.Round(perRequest) <= 1 ? "≤ 1: met" : "≤ 1: **not met**";
            var p50 = times[times.Count / 2];
            md.AppendLine(CultureInfo.InvariantCulture, $"| `/{listing}` | {perRequest:N2} | {pictures} | {p50:N1} | {met} |");
            Console.WriteLine($"  /{listing}: {perRequest:N2} statements/request ({busy} busy, {idle} idle), {pictures} pictures a page");
        }

        md.AppendLine().Append("<!-- photos-page:end -->");
        await File.WriteAllTextAsync(output, md.ToString());
        Console.WriteLine(md);
    }

    private static async Task<long> QuestionsAsync(MySqlConnection db)
    {
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE 'Questions'", db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
    }

    private static async Task SendAsync(HttpClient http, PhotosClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{method} /{path} answered {(int)response.StatusCode}: {text}");
        }
    }
}
