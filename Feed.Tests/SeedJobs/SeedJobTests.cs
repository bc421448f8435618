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
    /// <summary>No job of this test outlives it: the next one would wait behind it for the database.</summary>
    public override async ValueTask DisposeAsync()
    {
        await SeedJobPolls.EndAllAsync(App);
        await base.DisposeAsync();
    }

    protected static readonly string[] Final = ["succeeded", "failed", "cancelled"];

    [Fact]
    public async Task A_job_succeeds_with_the_same_digest_as_the_verb_with_the_same_options()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 221, isAdmin: true))[0]);

        var options = new { items = 2000, users = 30, seed = 7, locale = "ko", reset = true, force = true };
        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);
        var job = await PollAsync(admin, started.Headers.Location!.ToString());
        string[] sameOptions = ["seed", "--items", "2000", "--users", "30", "--seed", "7", "--locale", "ko", "--reset", "--force"];
        (await App.RunVerbAsync(sameOptions)).ExitCode.Should().Be(0);

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

        var options = new { items = 400_000, users = 300, reset = true, force = true };
        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);
        var running = await PollAsync(admin, started.Headers.Location!.ToString(),
            job => (long?)job["itemsDone"] > 0 || Final.Contains((string?)job["state"]));
        var second = await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel);
        var cancel = await admin.DeleteAsync(started.Headers.Location, Cancel);
        var ended = await PollAsync(admin, started.Headers.Location!.ToString());

        ((string)running["state"]!).Should().Be("running",
            "the status answers while the seed holds the database (on SQLite, its only writer)");
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

        var body = new StringContent(example, System.Text.Encoding.UTF8, "application/json");
        var started = await admin.PostAsync("/admin/seed-jobs", body, Cancel);
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

        var options = new { items = 300, users = 10, reset = true, force = true, qaUser = "qa-tester", qaPassword = "qa tester password" };
        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);
        var job = await PollAsync(admin, started.Headers.Location!.ToString());
        var signIn = await App.CreateClient()
            .PostAsJsonAsync("/auth/token", new { name = "qa-tester", password = "qa tester password" }, Cancel);

        ((string)job["state"]!).Should().Be("succeeded", (string?)job["error"]);
        signIn.StatusCode.Should().Be(HttpStatusCode.OK);
        var qa = App.CreateClient();
        qa.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await ReadJsonAsync(signIn))["accessToken"]!);
        (await qa.GetAsync(started.Headers.Location, Cancel)).StatusCode.Should().Be(HttpStatusCode.OK,
            "the job's QA account is an admin: QA goes on from the browser after a reset deleted every account");
        await using var scope = App.Db();
        var stored = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions
            .SingleAsync(scope.Context.SeedJobs, j => j.Id == (long)job["id"]!, Cancel);
        stored.Options
            .Should().Contain("qa-tester").And.NotContain("qa tester password");
    }

    [Fact]
    public async Task A_live_job_acts_for_its_duration_through_the_APIs_writes_and_keeps_counters_equal_to_rows()
    {
        (await App.RunVerbAsync("seed", "--items", "300", "--users", "30", "--reset", "--force")).ExitCode.Should().Be(0);
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 225, isAdmin: true))[0]);

        var options = new { kind = "live", rate = 20, durationSeconds = 5, clients = 6, seed = 5 };
        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);
        var job = await PollAsync(admin, started.Headers.Location!.ToString());

        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ((string)job["kind"]!).Should().Be("live");
        ((string)job["state"]!).Should().Be("succeeded", (string?)job["error"]);
        ((long)job["itemsDone"]!).Should().Be(100);
        job["digest"].Should().BeNull();
        await using var scope = App.Db();
        var db = scope.Context;
        (await db.FeedChanges.CountAsync(Cancel)).Should().BeGreaterThan(0);
        (await db.FeedItems.CountAsync(i => i.LikeCount != db.Likes.Count(l => l.ItemId == i.Id), Cancel)).Should().Be(0);
        (await db.FeedItems.OfType<JoinableItem>().CountAsync(i => i.JoinedCount != db.Memberships.Count(m => m.ItemId == i.Id), Cancel))
            .Should().Be(0);
    }

    [Theory]
    [InlineData("kind", "\"replay\"")]
    [InlineData("locale", "\"de\"")]
    [InlineData("ties", "1")]
    [InlineData("deleted", "1.5")]
    [InlineData("rate", "0")]
    [InlineData("qaUser", "\"qa\"")]
    [InlineData("items", "2000001")]
    [InlineData("users", "100001")]
    [InlineData("likesPerItem", "21")]
    [InlineData("membersPerItem", "20.5")]
    [InlineData("rate", "21")]
    [InlineData("clients", "9")]
    [InlineData("durationSeconds", "86401")]
    [InlineData("followsPerUser", "101")]
    [InlineData("celebrities", "11")]
    [InlineData("celebrityFollowers", "1.5")]
    [InlineData("commentsPerItem", "-1")]
    [InlineData("commentsPerItem", "21")]
    [InlineData("viral", "20001")]
    [InlineData("viral", "-5")]
    public async Task A_job_with_an_option_that_makes_no_sense_is_a_400_naming_it(string field, string value)
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 226, isAdmin: true))[0]);

        var body = new StringContent($"{{\"{field}\":{value}}}", System.Text.Encoding.UTF8, "application/json");
        var refused = await admin.PostAsync("/admin/seed-jobs", body, Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(refused))["errors"]!.AsObject().Should().ContainKey(field);
    }

    [Fact]
    public async Task A_live_job_with_a_seeds_options_is_a_400_naming_each()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 227, isAdmin: true))[0]);

        var options = new
        {
            kind = "live",
            reset = true,
            force = true,
            ties = 150,
            followsPerUser = 5,
            celebrities = 1,
            commentsPerItem = 3,
            viral = 500,
        };
        var refused = await admin.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(refused))["errors"]!.AsObject().Select(e => e.Key)
            .Should().BeEquivalentTo("reset", "force", "ties", "followsPerUser", "celebrities", "commentsPerItem", "viral");
    }

    [Theory]
    [InlineData("{\"kind\":\"live\",\"rate\":20,\"durationSeconds\":3601}", "durationSeconds")]
    [InlineData("{\"users\":100000,\"popular\":0.001}", "popular")]
    [InlineData("{\"likesPerItem\":15,\"membersPerItem\":15}", "membersPerItem")]
    [InlineData("{\"likesPerItem\":10,\"membersPerItem\":10}", "commentsPerItem")]
    [InlineData("{\"commentsPerItem\":6,\"likesPerItem\":0,\"membersPerItem\":0}", "commentsPerItem")]
    [InlineData("{\"items\":2000000,\"followsPerUser\":30}", "followsPerUser")]
    [InlineData("{\"items\":2000000,\"users\":1000,\"celebrities\":10,\"celebrityFollowers\":1}", "celebrities")]
    [InlineData("{\"users\":5,\"celebrities\":6}", "celebrities")]
    public async Task A_job_past_its_memory_or_traffic_budget_is_a_400_naming_what_to_lower(string json, string field)
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 231, isAdmin: true))[0]);

        var body = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var refused = await admin.PostAsync("/admin/seed-jobs", body, Cancel);

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(refused))["errors"]!.AsObject().Should().ContainKey(field);
    }

    [Fact]
    public async Task Only_admins_may_seed()
    {
        var user = App.ClientFor((await App.AddUsersAsync(1, seed: 222))[0]);

        (await user.PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await App.CreateClient().PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized);
        (await user.GetAsync("/admin/seed-jobs/1", Cancel)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    protected async Task<JsonObject> PollAsync(HttpClient client, string location, Func<JsonObject, bool>? until = null) =>
        (await SeedJobPolls.PollAsync(App, client, location, until))[^1];
}
