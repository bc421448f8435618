using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Api.SeedJobs;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.SeedJobs;

/// <summary>Asking a seed job's state until it has ended (or something else holds), keeping every answer.</summary>
internal static class SeedJobPolls
{
    public static readonly string[] Final = ["succeeded", "failed", "cancelled"];

    /// <summary>
    /// Every state read until <paramref name="until"/> held (by default: the job ended), the last one
    /// last. Once a job's reset has committed, the admin who asked is gone and their token reads
    /// nothing (403): the rest is read from <paramref name="app"/>'s database, in the same shape.
    /// </summary>
    public static async Task<List<JsonObject>> PollAsync(
        FeedApp app, HttpClient client, string location, Func<JsonObject, bool>? until = null)
    {
        until ??= job => Final.Contains((string?)job["state"]);
        var seen = new List<JsonObject>();
        var cancel = TestContext.Current.CancellationToken;
        var id = long.Parse(location.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var gone = false;
        for (var i = 0; i < 2400; i++)
        {
            var answer = gone ? null : await client.GetAsync(location, cancel);
            gone = answer?.StatusCode == HttpStatusCode.Forbidden;
            if (answer is not null && !gone)
            {
                answer.StatusCode.Should().Be(HttpStatusCode.OK, "a job's status always answers");
                seen.Add((await answer.Content.ReadFromJsonAsync<JsonObject>(cancel))!);
            }
            else
            {
                await using var scope = app.Db();
                var job = await scope.Context.SeedJobs.AsNoTracking().SingleAsync(j => j.Id == id, cancel);
                var stored = SeedJobResponse.Of(job, null, DateTime.UtcNow);
                seen.Add(JsonSerializer.SerializeToNode(stored, JsonSerializerOptions.Web)!.AsObject());
            }

            if (until(seen[^1]))
            {
                return seen;
            }

            await Task.Delay(50, cancel);
        }

        throw new TimeoutException("the job did not end in two minutes");
    }
}
