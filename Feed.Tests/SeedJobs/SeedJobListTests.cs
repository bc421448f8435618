using System.Net;
using System.Net.Http.Json;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.SeedJobs;

public sealed class SeedJobListTests_Sqlite(SqliteApp app) : SeedJobListTests<SqliteApp>(app);

public sealed class SeedJobListTests_MariaDb(MariaDbApp app) : SeedJobListTests<MariaDbApp>(app);

/// <summary>
/// QA from the browser: the jobs listed newest first, each with its phase, a whole rate and the
/// digest as the verb spells it, and who started and cancelled it, kept after a reset deleted them.
/// </summary>
public abstract class SeedJobListTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    /// <summary>No job of this test outlives it: the next one would wait behind it for the database.</summary>
    public override async ValueTask DisposeAsync()
    {
        await SeedJobPolls.EndAllAsync(App);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Paging_through_the_seed_jobs_gives_every_job_once_newest_first_at_a_constant_number_of_commands()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 311, isAdmin: true))[0]);
        var at = new DateTime(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);
        await using (var scope = App.Db())
        {
            // Ended jobs, three of them at one time: the order is (CreatedAt, Id) newest first.
            scope.Context.SeedJobs.AddRange(Enumerable.Range(0, 7).Select(i => new SeedJob
            {
                State = SeedJob.Succeeded,
                Phase = "done",
                Active = null,
                Options = "{\"kind\":\"seed\"}",
                RequestedBy = 1,
                RequestedByName = $"admin-{i}",
                CreatedAt = at.AddMinutes(i < 3 ? 0 : i),
            }));
            await scope.Context.SaveChangesAsync(Cancel);
        }

        List<long> expected;
        await using (var scope = App.Db())
        {
            expected = await scope.Context.SeedJobs.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
                .Select(j => j.Id).ToListAsync(Cancel);
        }

        var (ids, pages) = await ScrollToEndAsync(admin, "/admin/seed-jobs?limit=2");
        App.Commands.Reset();
        await admin.GetAsync("/admin/seed-jobs?limit=1", Cancel);
        var small = App.Commands.Count;
        App.Commands.Reset();
        await admin.GetAsync("/admin/seed-jobs?limit=100", Cancel);
        var large = App.Commands.Count;
        var foreign = await admin.GetAsync($"/admin/seed-jobs?before={(string)pages[0]["nextCursor"]!}x", Cancel);

        ids.Should().Equal(expected);
        pages.Should().HaveCount((expected.Count + 1) / 2);
        pages.SelectMany(p => p["items"]!.AsArray()).Select(j => (string)j!["requestedBy"]!["name"]!).Should().Contain("admin-6");
        large.Should().Be(small, "a page costs the same commands whatever its size");
        foreign.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(foreign))["errors"]!.AsObject().Should().ContainKey("before");
    }

    [Fact]
    public async Task A_job_names_its_phase_rounds_its_rate_and_spells_its_digest_as_the_verb_does()
    {
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 312, isAdmin: true))[0]);

        var options = new { items = 30_000, users = 300, seed = 3, reset = true, force = true };
        var started = await admin.PostAsJsonAsync("/admin/seed-jobs", options, Cancel);
        var seen = await SeedJobPolls.PollAsync(App, admin, started.Headers.Location!.ToString());
        var verb = await App.RunVerbAsync("seed", "--items", "30000", "--users", "300", "--seed", "3", "--reset", "--force");
        var digest = (await App.RunVerbAsync("digest")).Output.Trim();

        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        verb.ExitCode.Should().Be(0);
        var end = seen[^1];
        ((string)end["state"]!).Should().Be("succeeded", (string?)end["error"]);
        ((string)end["phase"]!).Should().Be("done");
        ((string)end["digest"]!).Should().Be(digest).And.StartWith("sha256:");
        end["etaSeconds"].Should().BeNull();
        foreach (var job in seen)
        {
            job["rowsPerSecond"]!.ToJsonString().Should().MatchRegex("^[0-9]+$", "a rate is a whole number of rows a second");
            if ((string?)job["state"] == "running" && (long)job["itemsDone"]! == (long)job["itemsTotal"]!)
            {
                ((string)job["phase"]!).Should()
                    .BeOneOf(["indexing", "delivering", "committing", "digesting"], "100 % is not the end: say what follows");
                job["etaSeconds"].Should().BeNull();
            }
        }
    }

    [Fact]
    public async Task Who_started_and_who_cancelled_a_job_stays_recorded_after_a_reset_deleted_them()
    {
        var admins = await App.AddUsersAsync(2, seed: 313, isAdmin: true);
        var (starter, canceller) = (App.ClientFor(admins[0]), App.ClientFor(admins[1]));
        var big = new { items = 2_000_000, users = 1000, reset = true, force = true };

        var first = await starter.PostAsJsonAsync("/admin/seed-jobs", big, Cancel);
        first.StatusCode.Should().Be(HttpStatusCode.Accepted, await first.Content.ReadAsStringAsync(Cancel));
        var cancel = await canceller.DeleteAsync(first.Headers.Location, Cancel);
        await SeedJobPolls.PollAsync(App, starter, first.Headers.Location!.ToString());
        var qa = new { items = 50, users = 5, reset = true, force = true, qaUser = "qa-auditor", qaPassword = "qa auditor password" };
        var second = await starter.PostAsJsonAsync("/admin/seed-jobs", qa, Cancel);
        var ended = (string)(await SeedJobPolls.PollAsync(App, starter, second.Headers.Location!.ToString()))[^1]["state"]!;
        var signIn = await App.CreateClient()
            .PostAsJsonAsync("/auth/token", new { name = "qa-auditor", password = "qa auditor password" }, Cancel);
        var reader = App.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await ReadJsonAsync(signIn))["accessToken"]!);
        var page = await ReadJsonAsync(await reader.GetAsync("/admin/seed-jobs", Cancel));

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        cancel.StatusCode.Should().Be(HttpStatusCode.Accepted);
        second.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ended.Should().Be("succeeded");
        var jobs = page["items"]!.AsArray().Select(j => j!.AsObject()).Take(2).ToList();
        jobs.Select(j => (string)j["state"]!).Should().Equal("succeeded", "cancelled");
        jobs.Select(j => (string)j["requestedBy"]!["name"]!).Should().Equal(admins[0].Name, admins[0].Name);
        jobs[0]["cancelledBy"].Should().BeNull();
        ((string)jobs[1]["cancelledBy"]!["name"]!).Should().Be(admins[1].Name, "the canceller is kept by name: the reset deleted them");
        ((long)jobs[1]["cancelledBy"]!["id"]!).Should().Be(admins[1].Id);
        await using var scope = App.Db();
        (await scope.Context.Users.AnyAsync(u => u.Name == admins[0].Name || u.Name == admins[1].Name, Cancel)).Should().BeFalse();
    }

    [Fact]
    public async Task Admins_cancelling_one_job_at_once_record_exactly_one_of_them_and_never_a_500()
    {
        var admins = await App.AddUsersAsync(4, seed: 314, isAdmin: true);
        var clients = admins.Select(App.ClientFor).ToList(); // their sessions are written before the seed holds the database
        var starter = clients[0];
        var big = new { items = 2_000_000, users = 1000, reset = true, force = true };
        var started = await starter.PostAsJsonAsync("/admin/seed-jobs", big, Cancel);
        var location = started.Headers.Location!;

        var cancels = await Task.WhenAll(clients.Select(c => c.DeleteAsync(location, Cancel)));
        var ended = (await SeedJobPolls.PollAsync(App, starter, location.ToString()))[^1];

        started.StatusCode.Should().Be(HttpStatusCode.Accepted);
        cancels.Select(c => c.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Accepted || s == HttpStatusCode.Conflict);
        ((string)ended["state"]!).Should().Be("cancelled");
        ((string)ended["cancelledBy"]!["name"]!).Should().BeOneOf(admins.Select(a => a.Name));
        await using var scope = App.Db();
        var job = await scope.Context.SeedJobs.SingleAsync(j => j.Id == (long)ended["id"]!, Cancel);
        admins.Should().Contain(a => a.Id == job.CancelledBy && a.Name == job.CancelledByName, "the id and the name are one admin's");
    }
}
