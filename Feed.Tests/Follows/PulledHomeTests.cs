using System.Net;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Follows;

public sealed class PulledHomeTests_Sqlite(PulledSqliteApp app) : PulledHomeTests<PulledSqliteApp>(app);

public sealed class PulledHomeTests_MariaDb(PulledMariaDbApp app) : PulledHomeTests<PulledMariaDbApp>(app);

/// <summary>
/// Authors with very many followers (here <see cref="Pulled.Above"/>) are read into their followers'
/// homes at read time instead of copied: from the follow that crosses the threshold on, their new items
/// have no fan-out; the homes merge them in their place, each once, with the page contract whole.
/// </summary>
public abstract partial class PulledHomeTests<TApp>(TApp app) : HomeTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task An_author_who_reaches_the_threshold_is_read_into_homes_from_then_on_and_their_older_items_stay_copied()
    {
        var users = await App.AddUsersAsync(6, seed: 401);
        var (star, fans) = (users[0], users.Skip(1).ToList());
        await FollowAsync(fans[0], star);
        await FollowAsync(fans[1], star);
        var copied = await CreateAsync(star);
        await App.DeliverHomesAsync();

        await FollowAsync(fans[2], star); // the third follower: the threshold
        var read = await CreateAsync(star);
        var jobs = await JobsForAsync(read);
        var rows = await HomeRowsOfAsync(read);
        await App.DeliverHomesAsync();
        await FollowAsync(fans[3], star); // after the mark: the backfill copies only the older item

        jobs.Should().Be(0, "an item of a pulled author goes out to nobody");
        rows.Should().Equal([star.Id], "only its author's home holds it");
        (await HomeRowsOfAsync(copied)).Should().Equal(
            [star.Id, .. fans.Take(4).Select(f => f.Id)], "the older item stays copied, and later follows' backfills copy it");
        foreach (var fan in fans.Take(4))
        {
            (await HomeIdsAsync(fan)).Should().Equal([read, copied], "each follower reads the new item, newest first, once");
        }

        (await HomeIdsAsync(fans[4])).Should().BeEmpty("one who does not follow the author gets none of it");
        (await HomeIdsAsync(star)).Should().Equal([read, copied]);
    }

    [Fact]
    public async Task Paging_a_home_that_merges_pulled_authors_gives_every_item_once_in_the_homes_order()
    {
        var users = await App.AddUsersAsync(5, seed: 402);
        var me = users[0];
        var stars = users.Skip(1).Take(2).ToList();
        await FollowAllAsync(me, users.Skip(1));
        await MarkPulledAsync(stars, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var items = await WriteItemsAsync(150, users, DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromDays(30), seed: 402);
        await App.DeliverHomesAsync();

        var (ids, pages) = await ScrollToEndAsync(App.ClientFor(me), "/home?limit=7");
        var (games, _) = await ScrollToEndAsync(App.ClientFor(me), "/home?limit=4&types=game");

        var expected = await ExpectedHomeAsync(me, stars);
        ids.Should().Equal(expected, "the inbox and the pulled authors' items, by place, newest first, each once");
        ids.Should().BeEquivalentTo(items.Select(i => i.Id));
        pages.Should().HaveCount((150 + 6) / 7, "nextCursor is null on the last page, never one page late");
        var kinds = items.ToDictionary(i => i.Id, i => i.Kind);
        games.Should().Equal(expected.Where(id => kinds[id] == FeedKinds.Game), "types= narrows the pulled authors' items too");
    }

    [Fact]
    public async Task Refresh_new_count_and_unfollow_see_the_pulled_authors_items_as_the_copied_ones()
    {
        var users = await App.AddUsersAsync(4, seed: 403);
        var (me, star, plain) = (users[0], users[1], users[2]);
        await FollowAllAsync(me, [star, plain]);
        await MarkPulledAsync([star], new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await WriteItemsAsync(20, [me, star, plain], DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromDays(2), seed: 403);
        await App.DeliverHomesAsync();
        var client = App.ClientFor(me);
        var top = await ReadJsonAsync(await client.GetAsync("/home?limit=5", Cancel));

        var arrived = new List<long>();
        foreach (var author in new[] { star, plain, star, me, star })
        {
            arrived.Add(await CreateAsync(author));
        }

        await App.DeliverHomesAsync();
        var count = await ReadJsonAsync(await client.GetAsync($"/home/new-count?after={top["refreshCursor"]}", Cancel));
        var refreshed = await ReadJsonAsync(await client.GetAsync($"/home?limit=10&after={top["refreshCursor"]}", Cancel));
        (await client.DeleteAsync($"/users/{star.Id}/follow", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
        var afterUnfollow = await HomeIdsAsync(me);

        ((int)count["count"]!).Should().Be(5, "the new-count counts the pulled author's new items");
        Ids(refreshed).Should().BeEquivalentTo(arrived, "a refresh returns exactly the arrivals, read and copied");
        ((bool)refreshed["hasNewer"]!).Should().BeFalse();
        afterUnfollow.Should().NotContain(await ItemsOfAsync(star), "an unfollow takes every item of theirs out, read or copied");
        afterUnfollow.Should().Contain(arrived.Where((_, i) => i is 1 or 3));
    }

    [Fact]
    public async Task A_page_that_merges_pulled_authors_is_two_SQL_commands_at_any_depth()
    {
        var users = await App.AddUsersAsync(24, seed: 404);
        var (me, stars) = (users[0], users.Skip(1).Take(3).ToList());
        await FollowAllAsync(me, users.Skip(1));
        await MarkPulledAsync(stars, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        await WriteItemsAsync(200, users, DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromDays(60), seed: 404);
        await App.DeliverHomesAsync();
        var client = App.ClientFor(me);
        await client.GetAsync("/home?limit=1", Cancel); // the instance learns that some author is pulled

        var counts = new List<int>();
        var unions = new List<int>();
        string? before = null;
        do
        {
            App.Commands.Reset();
            var url = before is null ? "/home?limit=9" : $"/home?limit=9&before={before}";
            var page = await ReadJsonAsync(await client.GetAsync(url, Cancel));
            counts.Add(App.Commands.Count);
            unions.Add(App.Commands.Log.Max(sql => sql.Split("UNION").Length - 1));
            before = (string?)page["nextCursor"];
        }
        while (before is not null);

        counts.Should().HaveCountGreaterThan(20).And.OnlyContain(n => n == 2, "the pulled authors followed, then the page");
        unions.Should().OnlyContain(n => n == stars.Count, "one range of each pulled author beside the inbox's, in one statement");
    }

    [Fact]
    public async Task A_fan_out_whose_author_became_pulled_meanwhile_is_dropped_with_the_copies_it_made()
    {
        var users = await App.AddUsersAsync(3, seed: 405);
        var (star, fans) = (users[0], users.Skip(1).ToList());
        await FollowAllAsync(fans[0], [star]);
        await FollowAllAsync(fans[1], [star]);
        var post = await CreateAsync(star);
        await using (var worker = App.Db())
        {
            await HomeDelivery.DeliverNextAsync(worker.Context, 1, () => DateTime.UtcNow, Cancel); // one follower reached
        }

        var createdAt = await CreatedAtAsync(post);
        await MarkPulledAsync([star], createdAt); // as a follow on another node would have, just before the item
        await App.DeliverHomesAsync();

        (await JobsForAsync(post)).Should().Be(0);
        (await HomeRowsOfAsync(post)).Should().Equal([star.Id], "the copy the first chunk made is taken back");
        (await HomeIdsAsync(fans[0])).Should().Equal([post], "read at read time, once");
        (await HomeIdsAsync(fans[1])).Should().Equal([post]);
    }

    [Fact]
    public async Task Follows_crossing_the_threshold_while_the_author_posts_leave_every_post_in_every_home_once()
    {
        var users = await App.AddUsersAsync(13, seed: 406);
        var (star, fans) = (users[0], users.Skip(1).ToList());

        var follows = fans.Select(fan => Task.Run(() => FollowAsync(fan, star), Cancel));
        var posts = Enumerable.Range(0, 10).Select(_ => Task.Run(() => CreateAsync(star), Cancel)).ToList();
        var delivering = Task.Run(() => App.DeliverHomesAsync(chunk: 2), Cancel);
        await Task.WhenAll([.. follows, .. posts, delivering]);
        await App.DeliverHomesAsync(chunk: 2);
        var ids = posts.Select(p => p.Result).ToList();

        foreach (var fan in fans)
        {
            (await HomeIdsAsync(fan)).Should().BeEquivalentTo(ids, $"user {fan.Id} follows the author: every post once, copied or read");
        }

        (await JobsForAsync(ids)).Should().Be(0);
    }

    /// <summary>The owner's home as the rules place it: the inbox by arrival, the pulled authors' items by creation.</summary>
    private async Task<List<long>> ExpectedHomeAsync(User owner, IReadOnlyList<User> pulled)
    {
        await using var scope = App.Db();
        var db = scope.Context;
        var inbox = await db.HomeEntries.Where(h => h.OwnerId == owner.Id)
            .Select(h => new { h.ItemId, At = h.ArrivedAt }).ToListAsync(Cancel);
        var ids = pulled.Select(p => p.Id).ToList();
        var read = await db.FeedItems.Where(i => ids.Contains(i.AuthorId))
            .Select(i => new { ItemId = i.Id, At = i.CreatedAt }).ToListAsync(Cancel);
        return inbox.Concat(read).OrderByDescending(r => r.At).ThenByDescending(r => r.ItemId).Select(r => r.ItemId).ToList();
    }

    private async Task MarkPulledAsync(IEnumerable<User> authors, DateTime since)
    {
        var ids = authors.Select(a => a.Id).ToList();
        await using var scope = App.Db();
        await scope.Context.Users.Where(u => ids.Contains(u.Id)).ExecuteUpdateAsync(s => s.SetProperty(u => u.PulledSince, since), Cancel);
    }

    private Task<int> JobsForAsync(long item) => JobsForAsync([item]);

    private async Task<int> JobsForAsync(IReadOnlyCollection<long> items)
    {
        await using var scope = App.Db();
        return await scope.Context.HomeFanOuts.CountAsync(j => items.Contains(j.ItemId), Cancel);
    }

    private async Task<List<long>> HomeRowsOfAsync(long item)
    {
        await using var scope = App.Db();
        return await scope.Context.HomeEntries.Where(h => h.ItemId == item).Select(h => h.OwnerId).OrderBy(o => o).ToListAsync(Cancel);
    }

    private async Task<List<long>> ItemsOfAsync(User author)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedItems.Where(i => i.AuthorId == author.Id).Select(i => i.Id).ToListAsync(Cancel);
    }

    private async Task<DateTime> CreatedAtAsync(long item)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedItems.Where(i => i.Id == item).Select(i => i.CreatedAt).SingleAsync(Cancel);
    }
}
