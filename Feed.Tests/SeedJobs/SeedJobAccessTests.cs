using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.SeedJobs;

public sealed class SeedJobAccessTests_Sqlite(SqliteApp app) : SeedJobAccessTests<SqliteApp>(app);

public sealed class SeedJobAccessTests_MariaDb(MariaDbApp app) : SeedJobAccessTests<MariaDbApp>(app);

/// <summary>
/// Who may seed over HTTP: nobody unless a setting turns seed jobs on; in Production nobody may
/// delete with them unless a second setting allows it; admins as the database has them now, for reads too.
/// </summary>
public abstract class SeedJobAccessTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    /// <summary>No job of this test outlives it: the next one would wait behind it for the database.</summary>
    public override async ValueTask DisposeAsync()
    {
        await SeedJobPolls.EndAllAsync(App);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Seed_jobs_are_off_unless_a_setting_turns_them_on_and_every_endpoint_says_which()
    {
        await using var off = await FeedApp.StartAsync(App.Engine, App.Setup.With("SeedJobs:Enabled", "false"));
        var admin = off.ClientFor((await off.AddUsersAsync(1, seed: 301, isAdmin: true))[0]);

        HttpResponseMessage[] answers =
        [
            await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel),
            await admin.GetAsync("/admin/seed-jobs", Cancel),
            await admin.GetAsync("/admin/seed-jobs/1", Cancel),
            await admin.DeleteAsync("/admin/seed-jobs/1", Cancel),
        ];

        foreach (var answer in answers)
        {
            answer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            answer.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            ((string)(await ReadJsonAsync(answer))["detail"]!).Should().Contain("SeedJobs:Enabled");
        }

        await using var scope = off.Db();
        (await scope.Context.SeedJobs.CountAsync(Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task In_Production_reset_and_force_are_refused_unless_a_second_setting_allows_them()
    {
        var production = App.Setup.In("Production").With("SeedJobs:Enabled", "true");
        await using var on = await FeedApp.StartAsync(App.Engine, production);
        await using var allowed = await FeedApp.StartAsync(App.Engine, production.With("SeedJobs:AllowResetInProduction", "true"));
        var admin = on.ClientFor((await on.AddUsersAsync(1, seed: 302, isAdmin: true))[0]);
        var allowedAdmin = allowed.ClientFor((await allowed.AddUsersAsync(1, seed: 303, isAdmin: true))[0]);

        var reset = await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 10, users = 5, reset = true }, Cancel);
        var force = await admin.PostAsJsonAsync("/admin/seed-jobs", new { items = 10, users = 5, force = true }, Cancel);
        var resetAndForce = new { items = 10, users = 5, reset = true, force = true };
        var both = await allowedAdmin.PostAsJsonAsync("/admin/seed-jobs", resetAndForce, Cancel);
        var ended = await SeedJobPolls.PollAsync(allowed, allowedAdmin, both.Headers.Location!.ToString());

        foreach (var refused in new[] { reset, force })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            ((string)(await ReadJsonAsync(refused))["detail"]!).Should().Contain("SeedJobs:AllowResetInProduction");
        }

        both.StatusCode.Should().Be(HttpStatusCode.Accepted, "the second setting allows them");
        ((string)ended[^1]["state"]!).Should().Be("succeeded", (string?)ended[^1]["error"]);
        await using var scope = on.Db();
        (await scope.Context.SeedJobs.CountAsync(Cancel)).Should().Be(0, "a refused job is not recorded as started");
    }

    [Fact]
    public async Task A_demoted_or_deleted_admins_token_no_longer_reads_seed_jobs()
    {
        var admins = await App.AddUsersAsync(2, seed: 304, isAdmin: true);
        var (demoted, deleted) = (App.ClientFor(admins[0]), App.ClientFor(admins[1]));
        var before = new[]
        {
            (await demoted.GetAsync("/admin/seed-jobs", Cancel)).StatusCode,
            (await deleted.GetAsync("/admin/seed-jobs/999999", Cancel)).StatusCode,
        };

        await using (var scope = App.Db())
        {
            await scope.Context.Users.Where(u => u.Id == admins[0].Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsAdmin, false), Cancel);
            await scope.Context.Users.Where(u => u.Id == admins[1].Id).ExecuteDeleteAsync(Cancel);
        }

        before.Should().Equal(HttpStatusCode.OK, HttpStatusCode.NotFound);
        foreach (var client in new[] { demoted, deleted })
        {
            var list = await client.GetAsync("/admin/seed-jobs", Cancel);
            list.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the role comes from the database, not from the token");
            ((string)(await ReadJsonAsync(list))["detail"]!).Should().Contain("admins");
            (await client.GetAsync("/admin/seed-jobs/999999", Cancel)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }
    }
}
