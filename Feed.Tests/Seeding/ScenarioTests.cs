using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Seeding;

public sealed class ScenarioTests_Sqlite(SqliteApp app) : ScenarioTests<SqliteApp>(app);

public sealed class ScenarioTests_MariaDb(MariaDbApp app) : ScenarioTests<MariaDbApp>(app);

/// <summary>The feeds QA asks the seeder for, beyond a plain one.</summary>
public abstract class ScenarioTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly string[] Small = ["seed", "--items", "3000", "--users", "40", "--reset", "--force"];

    [Fact]
    public async Task Runs_of_equal_timestamps_longer_than_a_page_are_scrolled_through_without_repeats_or_gaps()
    {
        (await App.RunVerbAsync([.. Small, "--ties", "250", "--seed", "13"])).ExitCode.Should().Be(0);
        await using var scope = App.Db();
        var longest = await scope.Context.FeedItems.GroupBy(i => i.CreatedAt).Select(g => g.Count()).MaxAsync(Cancel);

        var (ids, _) = await ScrollToEndAsync(App.CreateClient(), "/feed?limit=100");

        longest.Should().BeGreaterThanOrEqualTo(250, "a run is longer than the largest page");
        ids.Should().Equal(await IdsNewestFirstAsync()).And.HaveCount(3000);
    }

    [Fact]
    public async Task Deleted_items_are_gaps_spread_through_the_feed_and_took_their_likes_and_members_with_them()
    {
        var run = await App.RunVerbAsync([.. Small, "--deleted", "0.1", "--likes", "3"]);

        run.ExitCode.Should().Be(0, run.Error);
        await using var scope = App.Db();
        var ids = await scope.Context.FeedItems.Select(i => i.Id).ToListAsync(Cancel);
        ids.Should().HaveCountGreaterThan(2550).And.HaveCountLessThan(2850);
        foreach (var third in new[] { (1, 1000), (1001, 2000), (2001, 3000) })
        {
            ids.Count(id => id >= third.Item1 && id <= third.Item2).Should().BeInRange(800, 970, "gaps are spread through the feed");
        }

        (await scope.Context.FeedItems.CountAsync(i => i.LikeCount != scope.Context.Likes.Count(l => l.ItemId == i.Id), Cancel))
            .Should().Be(0);
        (await scope.Context.Likes.CountAsync(Cancel)).Should().BeGreaterThan(5000);
    }

    [Fact]
    public async Task One_very_active_author_writes_the_asked_share_and_their_profile_pages_through_it()
    {
        (await App.RunVerbAsync([.. Small, "--active-author", "0.3", "--seed", "17"])).ExitCode.Should().Be(0);
        await using var scope = App.Db();
        var theirs = await scope.Context.FeedItems.CountAsync(i => i.AuthorId == 1, Cancel);
        var next = await scope.Context.FeedItems.Where(i => i.AuthorId != 1)
            .GroupBy(i => i.AuthorId).Select(g => g.Count())
            .MaxAsync(Cancel);

        var (ids, _) = await ScrollToEndAsync(App.CreateClient(), "/users/1/items?limit=100");

        theirs.Should().BeInRange(850, 1050, "30 % of 3,000 plus their even share of the rest: about 952, ± 4 standard deviations");
        next.Should().BeLessThan(150);
        ids.Should().HaveCount(theirs).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Popular_items_are_liked_and_joined_by_a_quarter_to_all_of_the_users_with_counters_that_match()
    {
        (await App.RunVerbAsync([.. Small, "--popular", "0.02", "--likes", "1", "--members", "1"])).ExitCode.Should().Be(0);
        await using var scope = App.Db();
        var db = scope.Context;

        var popular = await db.FeedItems.CountAsync(i => i.LikeCount >= 10, Cancel);
        var joined = await db.FeedItems.OfType<JoinableItem>().CountAsync(i => i.JoinedCount >= 10, Cancel);

        popular.Should().BeInRange(35, 90, "2 % of 3,000 items");
        joined.Should().BeGreaterThan(10);
        (await db.FeedItems.MaxAsync(i => i.LikeCount, Cancel)).Should().BeLessThanOrEqualTo(40);
        (await db.FeedItems.CountAsync(i => i.LikeCount != db.Likes.Count(l => l.ItemId == i.Id), Cancel)).Should().Be(0);
        (await db.FeedItems.OfType<JoinableItem>().CountAsync(i => i.JoinedCount != db.Memberships.Count(m => m.ItemId == i.Id), Cancel))
            .Should().Be(0);
    }
}
