using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Seeding;

public sealed class ConversationSeedingTests_Sqlite(SqliteApp app) : ConversationSeedingTests<SqliteApp>(app);

public sealed class ConversationSeedingTests_MariaDb(MariaDbApp app) : ConversationSeedingTests<MariaDbApp>(app);

/// <summary>The conversations QA's <c>seed</c> verb makes: comments, replies and the viral post.</summary>
public abstract class ConversationSeedingTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly string[] Small = ["seed", "--items", "3000", "--users", "40", "--reset", "--force"];

    [Fact]
    public async Task The_same_seed_gives_the_same_comments_and_digest_and_other_comments_leave_the_rest_of_the_feed_as_it_was()
    {
        await using var other = await FeedApp.StartAsync(App.Engine);

        (await App.RunVerbAsync([.. Small, "--seed", "5", "--comments", "2", "--viral", "300"])).ExitCode.Should().Be(0);
        (await other.RunVerbAsync([.. Small, "--seed", "5", "--comments", "2", "--viral", "300"])).ExitCode.Should().Be(0);
        var first = await App.DigestAsync();
        var comments = await CommentsAsync(App);
        var likes = await LikesAsync(App);
        var second = await other.DigestAsync();
        var sameComments = await CommentsAsync(other);
        (await other.RunVerbAsync([.. Small, "--seed", "5", "--comments", "3", "--viral", "300"])).ExitCode.Should().Be(0);
        var more = await other.DigestAsync();

        second.Should().Be(first);
        comments.Should().HaveCountGreaterThan(5000).And.Equal(sameComments, "the same seed gives the same comments, at the same times");
        more.Should().NotBe(first, "the digest covers the comments");
        (await CommentsAsync(other)).Should().HaveCountGreaterThan(comments.Count);
        (await LikesAsync(other)).Should().Equal(likes, "comments draw from a stream of their own");
    }

    [Fact]
    public async Task Counters_equal_the_rows_and_every_reply_answers_an_earlier_top_level_comment_under_the_same_item()
    {
        var run = await App.RunVerbAsync([.. Small, "--comments", "3", "--deleted", "0.1", "--seed", "9"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain(" comments, ");
        await using var scope = App.Db();
        var db = scope.Context;
        var all = await db.Comments.CountAsync(Cancel);
        var replies = db.Comments.Where(c => c.ReplyToId != null);
        var bad = replies.Where(r => !db.Comments.Any(p => p.Id == r.ReplyToId && p.ReplyToId == null && p.ItemId == r.ItemId
            && p.CreatedAt == r.ThreadAt && p.CreatedAt < r.CreatedAt));

        all.Should().BeInRange(6500, 10000, "about 3 an item on 2,700 items");
        (await db.Comments.MaxAsync(c => c.Id, Cancel)).Should().Be(all, "ids are 1 to N, the items' deleted comments dropped");
        (await replies.CountAsync(Cancel)).Should().BeInRange(all / 8, all / 3);
        (await bad.CountAsync(Cancel)).Should().Be(0);
        (await db.Comments.CountAsync(c => c.ReplyToId == null && c.ThreadAt != c.CreatedAt, Cancel)).Should().Be(0);
        (await db.Comments.CountAsync(c => c.EditedAt != null || c.CreatedAt > SeedOptions.DefaultUntil, Cancel)).Should().Be(0);
        (await db.Comments.CountAsync(c => c.CreatedAt < db.FeedItems.First(i => i.Id == c.ItemId).CreatedAt, Cancel)).Should().Be(0);
        (await db.FeedItems.CountAsync(i => i.CommentCount != db.Comments.Count(c => c.ItemId == i.Id), Cancel)).Should().Be(0);
        (await db.Comments.CountAsync(p => p.ReplyCount != db.Comments.Count(r => r.ReplyToId == p.Id), Cancel)).Should().Be(0);
        (await db.FeedItems.CountAsync(i => i.CommentCount == 0, Cancel)).Should().BeInRange(300, 1200, "skewed: a quarter have none");
    }

    [Fact]
    public async Task The_viral_scenario_makes_one_post_with_thousands_of_likes_comments_and_replies_a_day_before_the_end()
    {
        var run = await App.RunVerbAsync(
            ["seed", "--items", "500", "--users", "4000", "--follows", "1", "--viral", "3000", "--reset", "--force"]);

        run.ExitCode.Should().Be(0, run.Error);
        await using var scope = App.Db();
        var db = scope.Context;
        var viral = await db.FeedItems.OrderByDescending(i => i.CommentCount).FirstAsync(Cancel);
        var runnerUp = await db.FeedItems.Where(i => i.Id != viral.Id).MaxAsync(i => i.CommentCount, Cancel);
        var dayBefore = SeedOptions.DefaultUntil.AddDays(-1);
        var replies = await db.Comments.CountAsync(c => c.ItemId == viral.Id && c.ReplyToId != null, Cancel);

        viral.Should().BeOfType<Post>();
        viral.CommentCount.Should().Be(3000);
        viral.LikeCount.Should().Be(3000);
        (await db.Likes.CountAsync(l => l.ItemId == viral.Id, Cancel)).Should().Be(3000);
        replies.Should().BeInRange(600, 1000, "about 30 % of the comments after the first");
        (await db.Comments.CountAsync(c => c.ItemId == viral.Id && c.ReplyCount > 5, Cancel)).Should().BeGreaterThan(0);
        runnerUp.Should().BeLessThan(50);
        viral.CreatedAt.Should().BeOnOrBefore(dayBefore);
        (await db.FeedItems.CountAsync(i => i.CreatedAt > viral.CreatedAt && i.CreatedAt <= dayBefore, Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task A_reset_takes_away_the_comments_and_notifications_of_the_feed_it_replaces()
    {
        (await App.RunVerbAsync([.. Small, "--comments", "1", "--seed", "21"])).ExitCode.Should().Be(0);
        await using (var scope = App.Db())
        {
            var item = await scope.Context.FeedItems.OrderBy(i => i.Id).FirstAsync(Cancel);
            var liker = item.AuthorId == 1 ? 2 : 1;
            scope.Context.Notifications.Add(new Notification(item.AuthorId, Notification.Like, item.Id, item.Id, liker, item.CreatedAt, 1));
            await scope.Context.SaveChangesAsync(Cancel);
        }

        var run = await App.RunVerbAsync([.. Small, "--comments", "0", "--seed", "22"]);

        run.ExitCode.Should().Be(0, run.Error);
        await using var after = App.Db();
        (await after.Context.Comments.CountAsync(Cancel)).Should().Be(0);
        (await after.Context.Notifications.CountAsync(Cancel)).Should().Be(0);
        (await after.Context.FeedItems.CountAsync(i => i.CommentCount != 0, Cancel)).Should().Be(0);
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("en")]
    public async Task Comments_read_like_comments_in_Korean_and_in_English(string locale)
    {
        (await App.RunVerbAsync([.. Small, "--locale", locale, "--comments", "2"])).ExitCode.Should().Be(0);
        await using var scope = App.Db();
        var texts = await scope.Context.Comments.Select(c => c.Text).ToListAsync(Cancel);

        var hangul = texts.Count(t => t.Any(c => c is >= '\uAC00' and <= '\uD7A3'));
        var latin = texts.Count(t => t.Any(char.IsAsciiLetter));

        texts.Should().HaveCountGreaterThan(3000).And.OnlyContain(t => FeedText.Problem(t, true) == null);
        texts.Average(t => t.Length).Should().BeLessThan(60, "comments are short");
        texts.Distinct().Count().Should().BeGreaterThan(200);
        texts.Count(t => t.EnumerateRunes().Any(r => r.Value >= 0x1F300)).Should().BeGreaterThan(texts.Count / 10, "emoji sometimes");
        texts.Count(t => t.Contains('?')).Should().BeGreaterThan(texts.Count / 20, "questions too");
        if (locale == "ko")
        {
            hangul.Should().BeGreaterThan(texts.Count * 8 / 10);
            latin.Should().Be(0);
        }
        else
        {
            latin.Should().BeGreaterThan(texts.Count * 8 / 10);
            hangul.Should().Be(0);
        }
    }

    private async Task<List<string>> CommentsAsync(FeedApp app)
    {
        await using var scope = app.Db();
        var comments = await scope.Context.Comments.OrderBy(c => c.Id).AsNoTracking().ToListAsync(Cancel);
        return
        [
            .. comments.Select(c => $"{c.Id} {c.ItemId} {c.AuthorId} {c.ReplyToId} {c.CreatedAt:O} {c.ThreadAt:O} {c.ReplyCount} {c.Text}"),
        ];
    }

    private async Task<List<string>> LikesAsync(FeedApp app)
    {
        await using var scope = app.Db();
        var likes = await scope.Context.Likes.OrderBy(l => l.ItemId).ThenBy(l => l.UserId).AsNoTracking().ToListAsync(Cancel);
        return [.. likes.Select(l => $"{l.ItemId} {l.UserId} {l.CreatedAt:O}")];
    }
}
