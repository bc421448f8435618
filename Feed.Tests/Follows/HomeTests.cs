using System.Net;
using System.Text;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Follows;

public sealed class HomeTests_Sqlite(SqliteApp app) : HomeTests<SqliteApp>(app);

public sealed class HomeTests_MariaDb(MariaDbApp app) : HomeTests<MariaDbApp>(app);

/// <summary>
/// /home: what is in a home and when — own items at once, followees' items once delivered, a follow's
/// backfill, unfollows, deletions, edits, kinds; its paging, cursors and cost in HomeTests.Paging.cs.
/// </summary>
public abstract partial class HomeTests<TApp>(TApp app) : HomeTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task An_anonymous_caller_has_no_home_and_no_new_count()
    {
        var anonymous = App.CreateClient();

        var home = await anonymous.GetAsync("/home", Cancel);
        var count = await anonymous.GetAsync("/home/new-count?after=x", Cancel);

        home.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        count.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        home.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task Your_own_item_is_in_your_home_at_once_and_a_followees_once_delivered_and_a_strangers_never()
    {
        var users = await App.AddUsersAsync(3, seed: 321);
        var (me, followee, stranger) = (users[0], users[1], users[2]);
        await FollowAsync(me, followee);

        var theirs = await CreateAsync(followee);
        var strangers = await CreateAsync(stranger);
        var mine = await CreateAsync(me, FeedKinds.Game);
        var beforeDelivery = await HomeIdsAsync(me);
        await App.DeliverHomesAsync();
        var afterDelivery = await HomeIdsAsync(me);
        var theirHome = await HomeIdsAsync(followee);

        beforeDelivery.Should().Equal([mine], "your own item needs no fan-out");
        afterDelivery.Should().Equal([theirs, mine], "the followee's item arrived after your own was written");
        afterDelivery.Should().NotContain(strangers);
        theirHome.Should().Equal([theirs], "following is one way");
    }

    [Fact]
    public async Task A_follow_brings_in_the_followees_latest_100_items_at_their_own_times_and_an_unfollow_takes_them_out()
    {
        var users = await App.AddUsersAsync(2, seed: 322);
        var (me, followee) = (users[0], users[1]);
        var newest = new DateTime(2025, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var theirs = await App.AddItemsAsync(130, [followee], newest, TimeSpan.FromDays(30), seed: 322);
        var mine = await WriteItemsAsync(20, [me], newest.AddHours(-1), TimeSpan.FromDays(30), seed: 323);
        var latest = NewestFirst(theirs).Take(100).ToList();

        await FollowAsync(me, followee);
        var followed = await HomeIdsAsync(me);
        await UnfollowAsync(me, followee);
        var unfollowed = await HomeIdsAsync(me);

        followed.Should().Equal(NewestFirst(mine.Concat(latest)).Select(i => i.Id),
            "the latest 100 take their places among your own items by their own times, not on top");
        followed.Should().NotContain(NewestFirst(theirs).Skip(100).Select(i => i.Id), "older items stay in the author's own feed");
        unfollowed.Should().Equal(NewestFirst(mine).Select(i => i.Id));
    }

    [Fact]
    public async Task A_deleted_item_leaves_every_home_and_an_edit_shows_in_every_home()
    {
        var users = await App.AddUsersAsync(3, seed: 324);
        var author = users[0];
        await FollowAsync(users[1], author);
        await FollowAsync(users[2], author);
        var gone = await CreateAsync(author);
        var edited = await CreateAsync(author);
        await App.DeliverHomesAsync();

        (await App.ClientFor(author).DeleteAsync($"/feed/{gone}", Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/posts/{edited}")
        {
            Content = new StringContent("""{"title":"Edited after delivery"}""", Encoding.UTF8, "application/merge-patch+json"),
        };
        (await App.ClientFor(author).SendAsync(patch, Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);

        foreach (var user in users)
        {
            var page = await ReadJsonAsync(await App.ClientFor(user).GetAsync("/home", Cancel));
            Ids(page).Should().Equal([edited], $"user {user.Id}'s home lost the deleted item and kept the edited one");
            ((string)page["items"]![0]!["title"]!).Should().Be("Edited after delivery");
            ((string?)page["items"]![0]!["editedAt"]).Should().NotBeNull();
        }

        await using var scope = App.Db();
        (await scope.Context.HomeEntries.CountAsync(h => h.ItemId == gone, Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task Types_narrow_the_home_to_those_kinds_in_the_homes_order()
    {
        var users = await App.AddUsersAsync(2, seed: 325);
        var (me, followee) = (users[0], users[1]);
        await FollowAsync(me, followee);
        foreach (var kind in FeedKinds.All.Concat(FeedKinds.All))
        {
            await CreateAsync(me, kind);
            await CreateAsync(followee, kind);
        }

        await App.DeliverHomesAsync();
        var everything = await ScrollToEndAsync(App.ClientFor(me), "/home?limit=100");
        var kindOf = everything.Pages.SelectMany(p => p["items"]!.AsArray()).ToDictionary(i => (long)i!["id"]!, i => (string)i!["type"]!);

        var games = await HomeIdsAsync(me, "types=game&limit=3");
        var postsAndTeams = await HomeIdsAsync(me, "types=post,team&limit=5");

        everything.Ids.Should().HaveCount(4 * FeedKinds.All.Count);
        games.Should().Equal(everything.Ids.Where(id => kindOf[id] == FeedKinds.Game));
        postsAndTeams.Should().Equal(everything.Ids.Where(id => kindOf[id] is FeedKinds.Post or FeedKinds.Team));
    }

    [Fact]
    public async Task An_item_delivered_after_the_refresh_cursor_is_on_the_next_refresh_even_when_written_before_what_is_above_it()
    {
        var users = await App.AddUsersAsync(2, seed: 326);
        var (me, followee) = (users[0], users[1]);
        await FollowAsync(me, followee);
        var client = App.ClientFor(me);
        var x = await CreateAsync(followee);
        await App.DeliverHomesAsync();
        var first = await ReadJsonAsync(await client.GetAsync("/home?limit=10", Cancel));

        var z = await CreateAsync(followee); // written first, delivered last
        var y = await CreateAsync(me);
        var refreshY = await ReadJsonAsync(await client.GetAsync($"/home?after={first["refreshCursor"]}", Cancel));
        await App.DeliverHomesAsync();
        var refreshZ = await ReadJsonAsync(await client.GetAsync($"/home?after={refreshY["refreshCursor"]}", Cancel));
        var count = await ReadJsonAsync(await client.GetAsync($"/home/new-count?after={refreshY["refreshCursor"]}", Cancel));

        Ids(first).Should().Equal(x);
        Ids(refreshY).Should().Equal(y);
        Ids(refreshZ).Should().Equal([z], "the followee's item reached the home after the client's place, so it lies above it");
        ((int)count["count"]!).Should().Be(1);
        (await HomeIdsAsync(me)).Should().Equal(z, y, x);
    }

    private static IEnumerable<FeedItem> NewestFirst(IEnumerable<FeedItem> items) =>
        items.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id);
}
