using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.SeedJobs;

public sealed class SeedJobTests_Sqlite(SqliteApp app) : SeedJobTests<SqliteApp>(app);

public sealed class SeedJobTests_MariaDb(MariaDbApp app) : SeedJobTests<MariaDbApp>(app);

/// <summary>Seeding over HTTP: the verb's work as a job any instance can report on, one at a time.</summary>
public abstract class SeedJobTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    protected static readonly string[] Final = ["succeeded", "failed", "cancelled"];

    [Fact]
    public async Task A_job_succeeds_with_the_same_digest_as_the_verb_with_the_same_options()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 221, isAdmin: true))[0]);

        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 2000, users = 30, seed = 7, locale = "ko", reset = true, force = true }, Cancel);
        var job = await PollAsync(admin, started.Headers.Location!.ToString());
        (await App.RunVerbAsync("seed", "--items", "2000", "--users", "30", "--seed", "7", "--locale", "ko", "--reset", "--force")).ExitCode.Should().Be(0);

        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ((string)job["state"]!).Should().Be("succeeded", (string?)job["error"]);
        ((long)job["itemsDone"]!).Should().Be(2000);
        ((string)job["digest"]!).Should().Be(await App.DigestAsync(), "the same options give the same feed over HTTP and from the verb");
    }

    [Fact]
    public async Task A_running_job_reports_its_progress_and_a_cancel_leaves_the_database_as_it_was()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 228, isAdmin: true))[0]);
        var before = await App.DigestAsync();

        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 400_000, users = 300, reset = true, force = true }, Cancel);
        var running = await PollAsync(admin, started.Headers.Location!.ToString(), job => (long?)job["itemsDone"] > 0 || Final.Contains((string?)job["state"]));
        var second = await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel);
        var cancel = await admin.DeleteAsync(started.Headers.Location, Cancel);
        var ended = await PollAsync(admin, started.Headers.Location!.ToString());

        ((string)running["state"]!).Should().Be("running", "the status answers while the seed holds the database (on SQLite, its only writer)");
        ((long)running["rows"]!).Should().BeGreaterThan(0);
        ((double)running["rowsPerSecond"]!).Should().BeGreaterThan(0);
        running["etaSeconds"].Should().NotBeNull();
        second.StatusCode.Should().Be(HttpStatusCode.Conflict, "one job at a time");
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ((string)ended["state"]!).Should().Be("cancelled", (string?)ended["error"]);
        (await App.DigestAsync()).Should().Be(before, "a cancelled seed rolls back whole");
    }

    [Fact]
    public async Task The_documents_example_job_is_one_Scalar_can_send()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 229, isAdmin: true))[0]);
        var document = await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));
        var example = document["components"]!["schemas"]!["SeedJobRequest"]!["examples"]![0]!.ToJsonString();

        var started = await admin.PostAsync("/admin/seed-jobs", new StringContent(example, System.Text.Encoding.UTF8, "application/json"), Cancel);
        var cancel = await admin.DeleteAsync(started.Headers.Location, Cancel);
        var ended = await PollAsync(admin, started.Headers.Location!.ToString());

        started.StatusCode.Should().Be(HttpStatusCode.Accepted, example);
        cancel.StatusCode.Should().BeOneOf(HttpStatusCode.Accepted, HttpStatusCode.Conflict);
        ((string)ended["state"]!).Should().BeOneOf("cancelled", "succeeded");
    }

    [Fact]
    public async Task The_QA_account_a_job_makes_signs_in_after_the_seed_and_its_password_is_not_stored()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 224, isAdmin: true))[0]);

        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 300, users = 10, reset = true, force = true, qaUser = "qa-tester", qaPassword = "qa tester password" }, Cancel);
        var job = await PollAsync(admin, started.Headers.Location!.ToString());
        var signIn = await App.CreateClient().PostAsJsonAsync("/auth/token", new { name = "qa-tester", password = "qa tester password" }, Cancel);

        ((string)job["state"]!).Should().Be("succeeded", (string?)job["error"]);
        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        var qa = App.CreateClient();
        qa.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await ReadJsonAsync(signIn))["accessToken"]!);
        (await qa.GetAsync(started.Headers.Location, Cancel)).StatusCode.Should().Be(HttpStatusCode.OK, "the job's QA account is an admin: QA goes on from the browser after a reset deleted every account");
        await using var scope = App.Db();
        (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(scope.Context.SeedJobs, j => j.Id == (long)job["id"]!, Cancel)).Options
            .Should().Contain("qa-tester").And.NotContain("qa tester password");
    }

    [Fact]
    public async Task A_live_job_acts_for_its_duration_through_the_APIs_writes_and_keeps_counters_equal_to_rows()
    {
        (await App.RunVerbAsync("seed", "--items", "300", "--users", "30", "--reset", "--force")).ExitCode.Should().Be(0);
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 225, isAdmin: true))[0]);

        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", new { kind = "live", rate = 100, durationSeconds = 2, clients = 6, seed = 5 }, Cancel);
        var job = await PollAsync(admin, started.Headers.Location!.ToString());

        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ((string)job["kind"]!).Should().Be("live");
        ((string)job["state"]!).Should().Be("succeeded", (string?)job["error"]);
        ((long)job["itemsDone"]!).Should().Be(200);
        job["digest"].Should().BeNull();
        await using var scope = App.Db();
        var db = scope.Context;
        (await db.FeedChanges.CountAsync(Cancel)).Should().BeGreaterThan(0);
        (await db.FeedItems.CountAsync(i => i.LikeCount != db.Likes.Count(l => l.ItemId == i.Id), Cancel)).Should().Be(0);
        (await db.FeedItems.OfType<JoinableItem>().CountAsync(i => i.JoinedCount != db.Memberships.Count(m => m.ItemId == i.Id), Cancel)).Should().Be(0);
    }

    [Theory]
    [InlineData("kind", "\"replay\"")]
    [InlineData("locale", "\"de\"")]
    [InlineData("ties", "1")]
    [InlineData("deleted", "1.5")]
    [InlineData("rate", "0")]
    [InlineData("qaUser", "\"qa\"")]
    public async Task A_job_with_an_option_that_makes_no_sense_is_a_400_naming_it(string field, string value)
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 226, isAdmin: true))[0]);

        var refused = await admin.PostAsync("/admin/seed-jobs", new StringContent($"{{\"{field}\":{value}}}", System.Text.Encoding.UTF8, "application/json"), Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(refused))["errors"]!.AsObject().Should().ContainKey(field);
    }

    [Fact]
    public async Task A_live_job_with_a_seeds_options_is_a_400_naming_each()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 227, isAdmin: true))[0]);

        var refused = await admin.PostAsJsonAsync("/admin/seed-jobs", new { kind = "live", reset = true, force = true, ties = 150 }, Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(refused))["errors"]!.AsObject().Select(e => e.Key).Should().BeEquivalentTo("reset", "force", "ties");
    }

    [Fact]
    public async Task Only_admins_may_seed()
    {
        var user = App.ClientFor((await App.AddUsersAsync(1, seed: 222))[0]);

        (await user.PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await App.CreateClient().PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await user.GetAsync("/admin/seed-jobs/1", Cancel)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    protected async Task<JsonObject> PollAsync(HttpClient client, string location, Func<JsonObject, bool>? until = null)
    {
        until ??= job => Final.Contains((string?)job["state"]);
        for (var i = 0; i < 600; i++)
        {
            var answer = await client.GetAsync(location, Cancel);
            answer.StatusCode.Should().Be(HttpStatusCode.OK, "a job's status always answers");
            var job = await ReadJsonAsync(answer);
            if (until(job))
            {
                return job;
            }

            await Task.Delay(100, Cancel);
        }

        throw new TimeoutException("the job did not end in 60 s");
    }
}

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

        var started = await App.ClientFor(admins[0]).PostAsJsonAsync("/admin/seed-jobs", new { items = 300_000, users = 500, reset = true, force = true }, Cancel);
        var second = await other.ClientFor(admins[0]).PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel);
        var cancel = await other.ClientFor(admins[0]).DeleteAsync(started.Headers.Location, Cancel);
        var job = await PollAsync(other.ClientFor(admins[0]), started.Headers.Location!.ToString());

        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(HttpStatusCode.Conflict, "one job at a time, across instances");
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ((string)job["state"]!).Should().Be("cancelled");
        (await App.DigestAsync()).Should().Be(before, "a cancelled job rolls back whole");
        (await other.ClientFor(admins[0]).DeleteAsync(started.Headers.Location, Cancel)).StatusCode.Should().Be(HttpStatusCode.Conflict, "it has ended");
    }

    [Fact]
    public async Task Writes_racing_a_seed_that_takes_their_ids_are_never_a_500()
    {
        var admin = (await App.AddUsersAsync(1, seed: 230, isAdmin: true))[0];
        var client = App.ClientFor(admin);
        client.Timeout = TimeSpan.FromMinutes(3); // a write may wait for the seed's locks (innodb_lock_wait_timeout, 50 s) before its 503

        var started = await client.PostAsJsonAsync("/admin/seed-jobs", new { items = 100_000, users = 300, reset = true, force = true }, Cancel);
        await PollAsync(client, started.Headers.Location!.ToString(), job => (long?)job["itemsDone"] >= 10_000 || Final.Contains((string?)job["state"]));
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.PostAsJsonAsync("/posts", new { title = $"while seeding {i}", body = "the seed numbers its own items" }, Cancel)));
        var id = long.Parse(started.Headers.Location!.ToString().Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        var state = "";
        for (var i = 0; i < 600 && !Final.Contains(state); i++)
        {
            await Task.Delay(100, Cancel); // read from the database: the reset deleted the admin, whose token now reads nothing
            await using var scope = App.Db();
            state = await scope.Context.SeedJobs.Where(j => j.Id == id).Select(j => j.State).SingleAsync(Cancel);
        }

        state.Should().Be("succeeded");
        var errors = await Task.WhenAll(racing.Where(r => r.StatusCode == HttpStatusCode.InternalServerError).Select(r => r.Content.ReadAsStringAsync(Cancel)));
        errors.Should().BeEmpty("a write that met a seed's id, or lost its author to the seed's reset, wrote nothing and says so (503), or went through");
    }
}
