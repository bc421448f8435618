using Feed.Api.Data;
using Feed.Api.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Seeding;

public sealed class FollowSeedingTests_Sqlite(SqliteApp app) : FollowSeedingTests<SqliteApp>(app);

public sealed class FollowSeedingTests_MariaDb(MariaDbApp app) : FollowSeedingTests<MariaDbApp>(app);

/// <summary>The follow graph QA's seeds fake, and the homes the seeder builds from it.</summary>
public abstract class FollowSeedingTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly string[] Small = ["seed", "--items", "1500", "--users", "500", "--reset", "--force"];

    [Fact]
    public async Task A_seeded_follow_graph_has_a_few_accounts_followed_by_most_and_a_long_tail_followed_by_few()
    {
        var run = await App.RunVerbAsync([.. Small, "--follows", "20", "--seed", "3"]);

        run.ExitCode.Should().Be(0, run.Error);
        await using var scope = App.Db();
        var db = scope.Context;
        var followers = await db.Users.OrderByDescending(u => u.FollowerCount).Select(u => u.FollowerCount).ToListAsync(Cancel);
        var follows = await db.Follows.CountAsync(Cancel);
        follows.Should().BeInRange(500 * 18, 500 * 22, "about 20 follows a user");
        run.Output.Should().Contain($"{follows:N0} follows");
        followers[0].Should().BeGreaterThan(250, "the most followed account is followed by most users");
        followers.Take(5).Sum().Should().BeGreaterThan(follows / 10, "the 1 % most followed draw over a tenth of the follows");
        followers[250].Should().BeLessThan(14, "the median account has well under the mean of 20: a long tail");
        followers[0].Should().BeGreaterThan(25 * followers[250], "an even draw would give the most followed a few times the median");
        (await db.Follows.CountAsync(f => f.FollowerId == f.FolloweeId, Cancel)).Should().Be(0);
        (await db.Users.CountAsync(
                u => u.FollowerCount != db.Follows.Count(f => f.FolloweeId == u.Id)
                    || u.FollowingCount != db.Follows.Count(f => f.FollowerId == u.Id),
                Cancel))
            .Should().Be(0, "the users' counters equal their follows rows");
        (await db.Follows.CountAsync(f => f.CreatedAt > SeedOptions.DefaultUntil, Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task Every_seeded_item_is_in_its_authors_home_and_in_each_followers_home_at_its_own_time()
    {
        var run = await App.RunVerbAsync([.. Small, "--follows", "8", "--deleted", "0.1", "--seed", "4"]);

        run.ExitCode.Should().Be(0, run.Error);
        await using var scope = App.Db();
        var db = scope.Context;
        var expected = await db.FeedItems.CountAsync(Cancel)
            + await db.FeedItems.Join(db.Follows, i => i.AuthorId, f => f.FolloweeId, (i, f) => i.Id).CountAsync(Cancel);
        var entries = await db.HomeEntries.CountAsync(Cancel);
        var strangers = await db.HomeEntries.CountAsync(
            h => h.OwnerId != h.AuthorId && !db.Follows.Any(f => f.FollowerId == h.OwnerId && f.FolloweeId == h.AuthorId), Cancel);
        var unlike = await db.HomeEntries.CountAsync(
            h => !db.FeedItems.Any(i => i.Id == h.ItemId && i.AuthorId == h.AuthorId && i.CreatedAt == h.ArrivedAt
                && EF.Property<string>(i, FeedDbContext.Discriminator) == h.Kind),
            Cancel);

        entries.Should().Be(expected).And.BeGreaterThan(1350 * 8);
        run.Output.Should().Contain($"{entries:N0} home entries");
        strangers.Should().Be(0, "a home holds its owner's items and those of whom they follow");
        unlike.Should().Be(0, "an entry arrived at its item's own time, with its author and kind");
    }

    [Fact]
    public async Task A_seeded_users_home_pages_through_their_own_items_and_those_of_whom_they_follow_newest_first()
    {
        (await App.RunVerbAsync([.. Small, "--follows", "10", "--seed", "5"])).ExitCode.Should().Be(0);
        await using var scope = App.Db();
        var db = scope.Context;
        var reader = await db.Users.OrderByDescending(u => u.FollowingCount).ThenBy(u => u.Id).FirstAsync(Cancel);
        var theirs = await db.FeedItems
            .Where(i => i.AuthorId == reader.Id || db.Follows.Any(f => f.FollowerId == reader.Id && f.FolloweeId == i.AuthorId))
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => i.Id)
            .ToListAsync(Cancel);

        var (ids, _) = await ScrollToEndAsync(App.ClientFor(reader), "/home?limit=100");

        reader.FollowingCount.Should().BeGreaterThan(10);
        ids.Should().Equal(theirs).And.HaveCountGreaterThan(100);
    }

    [Fact]
    public async Task Celebrities_are_followed_by_the_asked_share_of_the_users_on_top_of_their_other_follows()
    {
        var run = await App.RunVerbAsync([.. Small, "--celebrities", "2", "--celebrity-followers", "0.8", "--seed", "6"]);

        run.ExitCode.Should().Be(0, run.Error);
        await using var scope = App.Db();
        var db = scope.Context;
        var stars = await db.Users.Where(u => u.Id <= 3).OrderBy(u => u.Id).Select(u => u.FollowerCount).ToListAsync(Cancel);
        var following = await db.Users.AverageAsync(u => u.FollowingCount, Cancel);

        stars[0].Should().BeInRange(360, 499, "80 % of the other 499 users, and some who drew them anyway");
        stars[1].Should().BeInRange(360, 499);
        stars[2].Should().BeLessThan(360, "user 3 is no celebrity");
        following.Should().BeInRange(19.6, 23.6, "20 follows a user about, and 1.6 celebrities");
    }

    [Fact]
    public async Task Without_follows_every_home_holds_its_owners_own_items()
    {
        var run = await App.RunVerbAsync([.. Small, "--follows", "0"]);

        run.ExitCode.Should().Be(0, run.Error);
        await using var scope = App.Db();
        var db = scope.Context;
        (await db.Follows.AnyAsync(Cancel)).Should().BeFalse();
        (await db.Users.AnyAsync(u => u.FollowerCount != 0 || u.FollowingCount != 0, Cancel)).Should().BeFalse();
        (await db.HomeEntries.CountAsync(h => h.OwnerId == h.AuthorId, Cancel)).Should().Be(1500);
        (await db.HomeEntries.CountAsync(Cancel)).Should().Be(1500);
    }

    [Fact]
    public async Task A_seed_whose_homes_would_pass_the_bound_is_refused_and_changes_nothing()
    {
        (await App.RunVerbAsync(Small)).ExitCode.Should().Be(0);
        var before = await App.DigestAsync();

        // User 1, a celebrity followed by everyone, writes half of 200,000 items: 100,000 × 500 entries.
        var run = await App.RunVerbAsync(
            "seed", "--items", "200000", "--users", "500", "--celebrities", "1", "--celebrity-followers", "1", "--active-author", "0.5",
            "--reset", "--force");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("home").And.Contain("over the 50,000,000 a seed may make").And.Contain("--active-author");
        (await App.DigestAsync()).Should().Be(before);
    }
}
