using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.SeedJobs;

/// <summary>
/// Two instances, one database, on MariaDB: SQLite has a single writer, so while a seed holds it
/// every other write (a second job, a cancel, a token's stamp check) waits for the seed to end.
/// </summary>
public sealed class SeedJobConcurrencyTests_MariaDb(MariaDbApp app) : SeedJobTests<MariaDbApp>(app)
{
    [Fact]
    public async Task A_second_job_on_another_instance_is_409_and_a_cancelled_job_leaves_the_database_as_it_was()
    {
        var admins = await App.AddUsersAsync(1, seed: 223, isAdmin: true);
        await using var other = await App.StartAnotherInstanceAsync();
        var before = await App.DigestAsync();
        // Both tokens' sessions are written first: a session row written during the reset would wait for its user's lock.
        var (here, there) = (App.ClientFor(admins[0]), other.ClientFor(admins[0]));

        var options = new { items = 300_000, users = 500, reset = true, force = true };
        var started = await here.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);
        var second = await there.PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel);
        var cancel = await there.DeleteAsync(started.Headers.Location, Cancel);
        var job = await PollAsync(there, started.Headers.Location!.ToString());

        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict, "one job at a time, across instances");
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ((string)job["state"]!).Should().Be("cancelled");
        (await App.DigestAsync()).Should().Be(before, "a cancelled job rolls back whole");
        (await there.DeleteAsync(started.Headers.Location, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.Conflict, "it has ended");
    }

    [Fact]
    public async Task Writes_racing_a_seed_that_takes_their_ids_are_never_a_500()
    {
        var admin = (await App.AddUsersAsync(1, seed: 230, isAdmin: true))[0];
        var client = App.ClientFor(admin);
        client.Timeout = TimeSpan.FromMinutes(3); // a write may wait for the seed's locks (innodb_lock_wait_timeout, 50 s) before its 503

        // No follows: the homes are the items' own entries, and the seed ends within the minute this test waits.
        var options = new { items = 100_000, users = 300, followsPerUser = 0, reset = true, force = true };
        var started = await client.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);
        await PollAsync(client, started.Headers.Location!.ToString(),
            job => (long?)job["itemsDone"] >= 10_000 || Final.Contains((string?)job["state"]));
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            client.PostAsJsonAsync("/posts", new { title = $"while seeding {i}", body = "the seed numbers its own items" }, Cancel)));
        var id = long.Parse(started.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var state = "";
        for (var i = 0; i < 600 && !Final.Contains(state); i++)
        {
            await Task.Delay(100, Cancel); // read from the database: the reset deleted the admin, whose token now reads nothing
            await using var scope = App.Db();
            state = await scope.Context.SeedJobs.Where(j => j.Id == id).Select(j => j.State).SingleAsync(Cancel);
        }

        state.Should().Be("succeeded");
        var errors = await Task.WhenAll(racing
            .Where(r => r.StatusCode == HttpStatusCode.InternalServerError)
            .Select(r => r.Content.ReadAsStringAsync(Cancel)));
        errors.Should().BeEmpty(
            "a write that met a seed's id, or lost its author to the seed's reset, wrote nothing and says so (503), or went through");
    }
}
