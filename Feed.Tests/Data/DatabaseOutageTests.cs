using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Data;

/// <summary>
/// The database goes away under a running service and comes back. This test owns its MariaDB
/// server (scripts/mariadb.sh on a private directory and port), so it stops and restarts it without
/// touching the other tests' server. .ci/run switches it on (FEED_TEST_OWN_MARIADB=1) and fails when it did not run.
/// </summary>
public sealed class DatabaseOutageTests_MariaDb
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task
        A_database_outage_answers_503_with_Retry_After_and_the_service_recovers_by_itself_without_losing_or_repeating_a_write()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("FEED_TEST_OWN_MARIADB") == "1",
            "CI only (FEED_TEST_OWN_MARIADB=1): starts, stops and restarts a MariaDB server of its own.");
        await using var server = await OwnMariaDb.StartAsync();
        await using var app = await FeedApp.StartAsync(server.Database, AppSetup.Default
            .With("Health:ReadyResultFor", "00:00:00") // each probe asks the database: the test reads readiness as it changes
            .WithServices(FailedOpenCounter.Register));
        var failedOpens = app.Services.GetRequiredService<FailedOpenCounter>();
        var author = (await app.AddUsersAsync(1)).Single();
        var client = app.ClientFor(author);

        var before = await client.PostAsJsonAsync("/posts", new { title = "before the outage", body = "saved" }, Cancel);
        before.StatusCode.Should().Be(HttpStatusCode.Created);
        var liked = (long)(await before.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!["id"]!;
        (await client.GetAsync("/feed", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);

        await server.StopAsync();

        var watch = Stopwatch.StartNew();
        var read = await client.GetAsync("/feed", Cancel);
        var readTook = watch.Elapsed;
        var readAttempts = failedOpens.TakeCount();
        var write = await client.PostAsJsonAsync("/posts", new { title = "during the outage", body = "refused" }, Cancel);
        var writeAttempts = failedOpens.TakeCount();
        var like = await client.PutAsync($"/feed/{liked}/like", null, Cancel);
        var likeAttempts = failedOpens.TakeCount();
        readAttempts.Should().Be(3, "a read is tried once and retried twice (Resilience:ReadRetries)");
        writeAttempts.Should().Be(1, "a write is never retried");
        likeAttempts.Should().Be(1, "a write is never retried");
        foreach (var response in new[] { read, write, like })
        {
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable,
                $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri} while the database is down");
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            response.Headers.RetryAfter!.Delta.Should().BePositive();
            (await response.Content.ReadAsStringAsync(Cancel)).Should().NotContainAny("MySqlConnector", "Exception", " at ");
        }

        readTook.Should().BeLessThan(TimeSpan.FromSeconds(5), "a read retries briefly, then answers; it does not hang");
        (await client.GetAsync("/health/ready", Cancel)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await client.GetAsync("/health/live", Cancel)).StatusCode
            .Should().Be(HttpStatusCode.OK, "a restart would not help: the process stays live");

        await server.StartAgainAsync();
        var recovery = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/feed", Cancel)).StatusCode;
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(100, Cancel);
            }
        }
        while (status != HttpStatusCode.OK && recovery.Elapsed < TimeSpan.FromSeconds(10));
        var recovered = recovery.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Database outage: a read answered 503 in {readTook.TotalMilliseconds:N0} ms; " +
            $"first 200 {recovered.TotalMilliseconds:N0} ms after the server was back.");

        status.Should().Be(HttpStatusCode.OK);
        recovered.Should().BeLessThan(TimeSpan.FromSeconds(5), "the service recovers by itself within 5 s of the database's return");
        (await client.PostAsJsonAsync("/posts", new { title = "after the outage", body = "saved" }, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.Created);
        (await client.PutAsync($"/feed/{liked}/like", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);

        await using var scope = app.Db();
        var titles = await scope.Context.FeedItems.OfType<global::Feed.Domain.Post>().Select(p => p.Title).ToListAsync(Cancel);
        titles.Should().BeEquivalentTo(["before the outage", "after the outage"], "no write was lost, none repeated, none half-done");
        (await scope.Context.Likes.CountAsync(Cancel)).Should().Be(1);
        (await scope.Context.FeedItems.Where(i => i.Id == liked).Select(i => i.LikeCount).SingleAsync(Cancel)).Should().Be(1);
    }

}
