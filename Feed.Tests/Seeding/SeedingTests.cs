using System.Net.Http.Json;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Seeding;

public sealed class SeedingTests_Sqlite(SqliteApp app) : SeedingTests<SqliteApp>(app);

public sealed class SeedingTests_MariaDb(MariaDbApp app) : SeedingTests<MariaDbApp>(app);

/// <summary>QA's <c>seed</c> verb, run as the command line runs it, on this engine.</summary>
public abstract class SeedingTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly string[] Small = ["seed", "--items", "3000", "--users", "40", "--reset", "--force"];

    [Fact]
    public async Task The_same_seed_and_options_give_byte_identical_databases_and_another_seed_a_different_one()
    {
        await using var other = await FeedApp.StartAsync(App.Engine);

        (await App.RunVerbAsync([.. Small, "--seed", "7"])).ExitCode.Should().Be(0);
        (await other.RunVerbAsync([.. Small, "--seed", "7"])).ExitCode.Should().Be(0);
        var first = await App.DigestAsync();
        var second = await other.DigestAsync();
        var follows = await SeededRows.FollowsAsync(App);
        var sameFollows = await SeededRows.FollowsAsync(other);
        (await other.RunVerbAsync([.. Small, "--seed", "8"])).ExitCode.Should().Be(0);
        var reseeded = await other.DigestAsync();
        var otherFollows = await SeededRows.FollowsAsync(other);

        second.Should().Be(first);
        reseeded.Should().NotBe(first);
        follows.Should().NotBeEmpty().And.Equal(sameFollows, "the same seed gives the same follows, at the same times");
        otherFollows.Should().NotEqual(follows);
        (await App.RunVerbAsync("digest")).Output.Should().Be($"{first}{Environment.NewLine}");
        first.Should().MatchRegex("^sha256:[0-9a-f]{64}$", "one spelling: the verb's, the job's and the tests' digests alike");
    }

    [Fact]
    public async Task A_seeded_feed_has_the_asked_size_and_mix_and_counters_that_match_its_likes_and_members()
    {
        var run = await App.RunVerbAsync([.. Small, "--mix", "post=60,game=30,team=10", "--likes", "3", "--members", "5", "--days", "30"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("Seeded 3,000 items, 40 users").And.Contain("rows/s");
        await using var scope = App.Db();
        var db = scope.Context;
        var items = await db.FeedItems.AsNoTracking().OrderBy(i => i.Id).ToListAsync(Cancel);
        items.Should().HaveCount(3000);
        (await db.Users.CountAsync(Cancel)).Should().Be(40);
        items.Count(i => i is Post).Should().BeInRange(1650, 1950);
        items.Count(i => i is Game).Should().BeInRange(750, 1050);
        items.Count(i => i is Team).Should().BeInRange(200, 400);
        (await db.Likes.CountAsync(Cancel)).Should().BeInRange(7000, 11000);
        (await db.FeedItems.CountAsync(i => i.LikeCount != db.Likes.Count(l => l.ItemId == i.Id), Cancel)).Should().Be(0);
        (await db.FeedItems.OfType<JoinableItem>().CountAsync(i => i.JoinedCount != db.Memberships.Count(m => m.ItemId == i.Id), Cancel))
            .Should().Be(0);
        (await db.Memberships.CountAsync(m => db.FeedItems.OfType<Post>().Any(p => p.Id == m.ItemId), Cancel)).Should().Be(0);

        // Ids follow time, as the engine would give them; bursts share a timestamp; the span is about 30 days up to --until.
        items.Select(i => i.CreatedAt).Should().BeInAscendingOrder();
        items.GroupBy(i => i.CreatedAt).Count(g => g.Count() > 1).Should().BeGreaterThan(100);
        items[^1].CreatedAt.Should().Be(SeedOptions.DefaultUntil);
        items[0].CreatedAt.Should().BeCloseTo(SeedOptions.DefaultUntil.AddDays(-30), TimeSpan.FromDays(5));
        (await db.Likes.CountAsync(
                l => l.CreatedAt > SeedOptions.DefaultUntil || l.CreatedAt < db.FeedItems.First(i => i.Id == l.ItemId).CreatedAt,
                Cancel))
            .Should().Be(0);
    }

    [Fact]
    public async Task Paging_through_a_seeded_feed_returns_every_item_once_newest_first()
    {
        (await App.RunVerbAsync([.. Small, "--seed", "11"])).ExitCode.Should().Be(0);

        var (ids, _) = await ScrollToEndAsync(App.CreateClient(), "/feed?limit=100");

        ids.Should().Equal(await IdsNewestFirstAsync());
        ids.Should().HaveCount(3000);
    }

    [Fact]
    public async Task Seeding_in_Korean_writes_Korean_names_and_texts()
    {
        (await App.RunVerbAsync(["seed", "--items", "50", "--users", "5", "--locale", "ko", "--reset", "--force"])).ExitCode.Should().Be(0);

        await using var scope = App.Db();
        var names = await scope.Context.Users.Select(u => u.Name).ToListAsync(Cancel);
        var titles = await scope.Context.FeedItems.OfType<Post>().Select(p => p.Title).ToListAsync(Cancel);
        names.Should().OnlyContain(n => n.Any(IsHangul));
        titles.Should().NotBeEmpty().And.OnlyContain(t => t.Any(IsHangul));
    }

    [Fact]
    public async Task Seeding_a_database_that_is_not_empty_is_refused_without_reset_and_changes_nothing()
    {
        (await App.RunVerbAsync(Small)).ExitCode.Should().Be(0);
        var before = await App.DigestAsync();

        var run = await App.RunVerbAsync("seed", "--items", "10");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("already holds 3,000 items").And.Contain("--reset");
        (await App.DigestAsync()).Should().Be(before);
    }

    [Fact]
    public async Task Resetting_real_users_data_is_refused_without_force_and_changes_nothing()
    {
        (await App.RunVerbAsync(Small)).ExitCode.Should().Be(0);
        (await App.RunVerbAsync("create-user", "real-person", "a-real-password")).ExitCode.Should().Be(0);
        var before = await App.DigestAsync();

        var refused = await App.RunVerbAsync("seed", "--items", "10", "--reset");
        var digestAfterRefusal = await App.DigestAsync();
        var forced = await App.RunVerbAsync("seed", "--items", "10", "--reset", "--force");

        refused.ExitCode.Should().Be(1);
        refused.Error.Should().Contain("1 users who can sign in").And.Contain("--force");
        digestAfterRefusal.Should().Be(before);
        forced.ExitCode.Should().Be(0, forced.Error);
        await using var scope = App.Db();
        (await scope.Context.Users.AnyAsync(u => u.Name == "real-person", Cancel)).Should().BeFalse();
    }

    [Fact]
    public async Task A_reset_clears_the_change_log_and_idempotency_keys_and_writes_go_on_numbering_after_it()
    {
        (await App.RunVerbAsync(Small)).ExitCode.Should().Be(0);
        var user = (await App.AddUsersAsync(1, seed: 211))[0];
        var request = new HttpRequestMessage(HttpMethod.Post, "/teams")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { roomName = "before the reset" }),
        };
        request.Headers.Add("Idempotency-Key", "before-reset");
        (await App.ClientFor(user).SendAsync(request, Cancel)).EnsureSuccessStatusCode();
        long seqBefore;
        await using (var scope = App.Db())
        {
            seqBefore = await scope.Context.FeedChanges.MaxAsync(c => c.Seq, Cancel);
        }

        (await App.RunVerbAsync([.. Small])).ExitCode.Should().Be(0);
        var writer = (await App.AddUsersAsync(1, seed: 212))[0];
        var team = System.Net.Http.Json.JsonContent.Create(new { roomName = "after the reset" });
        (await App.ClientFor(writer).PostAsync("/teams", team, Cancel)).EnsureSuccessStatusCode();

        await using var after = App.Db();
        (await after.Context.IdempotentRequests.CountAsync(Cancel)).Should().Be(0);
        (await after.Context.FeedChanges.Select(c => c.Seq).ToListAsync(Cancel))
            .Should().Equal([seqBefore + 1], "only the new write is logged, numbered after the old ones");
    }

    [Fact]
    public async Task The_verb_makes_a_QA_account_that_signs_in_with_the_password_given_or_one_printed_once()
    {
        var given = await App.RunVerbAsync([.. Small, "--qa-user", "qa-given", "--qa-password", "given password 1"]);
        var printed = await App.RunVerbAsync("seed", "--items", "100", "--users", "5", "--reset", "--force", "--qa-user", "qa-printed");
        var password = System.Text.RegularExpressions.Regex.Match(printed.Output, "the password (\\S+) ").Groups[1].Value;

        given.ExitCode.Should().Be(0, given.Error);
        printed.ExitCode.Should().Be(0, printed.Error);
        password.Should().HaveLength(16);
        (await App.CreateClient().PostAsJsonAsync("/auth/token", new { name = "qa-printed", password }, Cancel)).StatusCode
            .Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_interrupted_seed_leaves_the_database_as_it_was()
    {
        (await App.RunVerbAsync(Small)).ExitCode.Should().Be(0);
        var before = await App.DigestAsync();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var reported = new List<SeedProgress>();

        var seeding = async () =>
        {
            await using var scope = App.Db();
            var options = new SeedOptions { Items = (FeedSeeder.BatchSize * 2) + 1, Users = 10, Reset = true, Force = true };
            await FeedSeeder.SeedAsync(scope.Context, options, new Interrupt(reported, interrupt), interrupt.Token);
        };

        await seeding.Should().ThrowAsync<OperationCanceledException>();
        reported.Where(p => p.Items > 0).Should().ContainSingle()
            .Which.Items.Should().Be(FeedSeeder.BatchSize, "one batch was written before the interruption");
        (await App.DigestAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_seed_reports_each_phase_in_order_so_that_100_percent_is_never_silent()
    {
        await using var scope = App.Db();
        var reported = new List<SeedProgress>();
        var options = new SeedOptions { Items = (FeedSeeder.BatchSize * 2) + 1, Users = 10, Reset = true, Force = true };

        await FeedSeeder.SeedAsync(scope.Context, options, new Recorder(reported), Cancel);

        var phases = reported.Select(p => p.Phase).Where((phase, i) => i == 0 || phase != reported[i - 1].Phase).ToList();
        phases.Should().Equal(App.Engine == Engine.Sqlite
            // SQLite builds the indexes it dropped for the load, then the homes' after their delivery
            ? ["resetting", "generating", "indexing", "delivering", "indexing", "committing"]
            : ["resetting", "generating", "delivering", "committing"]);
        reported.Where(p => p.Items == options.Items).Should().Contain(p => p.Phase != "generating", "what follows the last item is said");
    }

    [Fact]
    public async Task A_seed_into_empty_tables_and_an_interrupted_one_leave_every_index_the_migrations_made()
    {
        var made = await IndexesAsync();
        (await App.RunVerbAsync(Small)).ExitCode.Should().Be(0);
        var afterSeed = await IndexesAsync();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var seeding = async () =>
        {
            await using var scope = App.Db();
            var options = new SeedOptions { Items = (FeedSeeder.BatchSize * 2) + 1, Users = 10, Reset = true, Force = true };
            await FeedSeeder.SeedAsync(scope.Context, options, new Interrupt([], interrupt), interrupt.Token);
        };
        await seeding.Should().ThrowAsync<OperationCanceledException>();

        made.Should().Contain(i => i.Contains("IX_FeedItems_CreatedAt_Id", StringComparison.Ordinal));
        afterSeed.Should().Equal(made, "indexes left out during the load are built again before the commit");
        (await IndexesAsync()).Should().Equal(made, "an interrupted seed rolls the dropped indexes back too");
    }

    private async Task<List<string>> IndexesAsync()
    {
        await using var scope = App.Db();
        var db = scope.Context;
        var sql = db.Database.IsSqlite()
            ? "SELECT tbl_name || '.' || name || ':' || COALESCE(sql, '') AS Value FROM sqlite_master WHERE type = 'index' ORDER BY 1"
            : "SELECT CONCAT(TABLE_NAME, '.', INDEX_NAME, ':', SEQ_IN_INDEX, ':', COLUMN_NAME) AS Value " +
                "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1";
        return await db.Database.SqlQueryRaw<string>(sql).ToListAsync(Cancel);
    }

    private static bool IsHangul(char c) => c is >= '\uAC00' and <= '\uD7A3';

    /// <summary>Stops the run after its first batch, as Ctrl+C would.</summary>
    private sealed class Interrupt(List<SeedProgress> reported, CancellationTokenSource source) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value)
        {
            reported.Add(value);
            if (value.Items > 0)
            {
                source.Cancel(); // after the first batch was written
            }
        }
    }

    private sealed class Recorder(List<SeedProgress> reported) : IProgress<SeedProgress>
    {
        public void Report(SeedProgress value) => reported.Add(value);
    }
}

/// <summary>One seed means one feed, whichever engine holds it.</summary>
public sealed class SeedingAcrossEngines_MariaDb(MariaDbApp app) : FeedTest<MariaDbApp>(app)
{
    [Fact]
    public async Task The_same_seed_gives_the_same_feed_on_SQLite_and_on_MariaDB()
    {
        await using var sqlite = await FeedApp.StartAsync(Engine.Sqlite);
        string[] seed = ["seed", "--items", "2000", "--users", "30", "--seed", "5", "--locale", "ko", "--reset", "--force"];

        (await App.RunVerbAsync(seed)).ExitCode.Should().Be(0);
        (await sqlite.RunVerbAsync(seed)).ExitCode.Should().Be(0);

        (await sqlite.DigestAsync()).Should().Be(await App.DigestAsync());
        (await SeededRows.FollowsAsync(sqlite)).Should().NotBeEmpty().And.Equal(await SeededRows.FollowsAsync(App));
        (await SeededRows.HomesAsync(sqlite)).Should().NotBeEmpty()
            .And.Equal(await SeededRows.HomesAsync(App), "the homes are built alike");
    }
}
