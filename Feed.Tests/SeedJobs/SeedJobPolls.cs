using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Api.Data;
using Feed.Api.SeedJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
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

        await EndAllAsync(app); // the class's next test does not wait behind this job for the database
        var last = string.Join(" | ", seen.TakeLast(3).Select(s => s.ToJsonString()));
        throw new TimeoutException($"job {id} did not end in {Patience.TotalMinutes} minutes; last seen: {last}");
    }

    /// <summary>How long a job may take to end before a test gives up on it (a loaded machine runs a 30,000-item seed slowly).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Cancels every job of <paramref name="app"/> still queued or running and waits until none is: a test that failed
    /// half-way leaves no seed holding the database (SQLite's only writer) for the class's next test.
    /// </summary>
    public static async Task EndAllAsync(FeedApp app)
    {
        var runner = app.Services.GetRequiredService<SeedJobRunner>();
        var until = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < until)
        {
            if (runner.Current is { } current)
            {
                runner.TryCancelHere(current.Id, new SeedJobAdmin(0, "test clean-up"));
            }

            await using var scope = app.Db();
            var active = scope.Context.SeedJobs.Where(j => j.State == SeedJob.Queued || j.State == SeedJob.Running);
            if (runner.Current is null && !await active.AnyAsync(CancellationToken.None))
            {
                return;
            }

            await active.ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), CancellationToken.None);
            await Task.Delay(100, CancellationToken.None);
        }

        throw new TimeoutException($"a seed job of this class did not end in {Patience.TotalMinutes} minutes after it was cancelled");
    }
}
