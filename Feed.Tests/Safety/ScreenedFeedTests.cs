using System.Net;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Safety;

public sealed class ScreenedFeedTests_Sqlite(SqliteApp app) : ScreenedFeedTests<SqliteApp>(app);

public sealed class ScreenedFeedTests_MariaDb(MariaDbApp app) : ScreenedFeedTests<MariaDbApp>(app);

/// <summary>
/// Listings as a caller who blocks and mutes people sees them: a prolific author blocked (3,000 items in a
/// row), one muted, one who blocked the caller. Every visible item once, in order, none hidden, at a
/// bounded cost a page (ScreenedFeedTests.Cost.cs).
/// </summary>
public abstract partial class ScreenedFeedTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    protected const int Prolific = 3_000;

    // me: the caller; blocked: the prolific author I blocked; muted: muted by me; blocker: blocked me; other: nobody.
    protected static User Me = null!, Blocked = null!, Muted = null!, Blocker = null!, Other = null!;

    public override async ValueTask InitializeAsync() =>
        await App.ArrangeOnceAsync("screened feed", async () =>
        {
            var users = await App.AddUsersAsync(5, seed: 2901);
            (Me, Blocked, Muted, Blocker, Other) = (users[0], users[1], users[2], users[3], users[4]);
            var day = new DateTime(2031, 1, 10, 0, 0, 0, DateTimeKind.Utc);
            await App.AddItemsAsync(60, [Other, Muted, Blocker, Me], day, TimeSpan.FromHours(6), seed: 2902);
            await App.AddItemsAsync(Prolific, [Blocked], day.AddHours(-7), TimeSpan.FromHours(10), seed: 2903);
            await App.AddItemsAsync(30, [Other, Muted, Me], day.AddHours(-18), TimeSpan.FromHours(1), seed: 2904);
            await App.AddItemsAsync(Prolific / 10, [Blocked], day.AddHours(-20), TimeSpan.FromHours(1), seed: 2905);
            await App.AddItemsAsync(25, [Other, Blocker], day.AddHours(-22), TimeSpan.FromHours(1), seed: 2906);
            (await App.ClientFor(Me).PutAsync($"/users/{Blocked.Id}/block", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await App.ClientFor(Me).PutAsync($"/users/{Muted.Id}/mute", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
            (await App.ClientFor(Blocker).PutAsync($"/users/{Me.Id}/block", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        });

    /// <summary>The ids of the listing as stored, newest first, without the authors given.</summary>
    protected async Task<List<long>> IdsWithoutAsync(string[] kinds, params User[] hidden)
    {
        var authors = hidden.Select(u => u.Id).ToList();
        await using var scope = App.Db();
        return await scope.Context.FeedItems.OfKinds(kinds).Where(i => !authors.Contains(i.AuthorId))
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Select(i => i.Id).ToListAsync(Cancel);
    }

    [Theory]
    [InlineData("/feed?limit=20", new string[0])]
    [InlineData("/feed?limit=7&types=post,team", new[] { FeedKinds.Post, FeedKinds.Team })]
    [InlineData("/games?limit=13", new[] { FeedKinds.Game })]
    public async Task Scrolling_shows_every_item_but_the_blocked_muted_and_blocking_authors_once_in_order(string url, string[] kinds)
    {
        var expected = await IdsWithoutAsync(kinds, Blocked, Muted, Blocker);

        var (ids, pages) = await ScrollToEndAsync(App.ClientFor(Me), url);

        ids.Should().Equal(expected);
        pages.Should().OnlyContain(p => Ids(p).Count <= int.Parse(url.Split("limit=")[1].Split('&')[0]));
        pages.Count.Should().BeLessThan(40, "each short page moves past at least 200 hidden items");
    }

    [Fact]
    public async Task Both_sides_of_a_block_are_hidden_and_a_mute_only_from_the_muter()
    {
        var blockedSees = (await ScrollToEndAsync(App.ClientFor(Blocked), "/feed?limit=100")).Ids;
        var blockerSees = (await ScrollToEndAsync(App.ClientFor(Blocker), "/feed?limit=100")).Ids;
        var mutedSees = (await ScrollToEndAsync(App.ClientFor(Muted), "/feed?limit=100")).Ids;
        var anonymous = (await ScrollToEndAsync(App.CreateClient(), "/feed?limit=100")).Ids;

        blockedSees.Should().Equal(await IdsWithoutAsync([], Me));
        blockerSees.Should().Equal(await IdsWithoutAsync([], Me));
        mutedSees.Should().Equal(await IdsWithoutAsync([]));
        anonymous.Should().Equal(await IdsWithoutAsync([]));
    }

    [Fact]
    public async Task Refreshing_upwards_passes_the_hidden_run_without_a_gap()
    {
        var expected = await IdsWithoutAsync([], Blocked, Muted, Blocker);
        var client = App.ClientFor(Me);
        var seen = new List<long>();
        var refresh = await BelowTheOldestAsync();
        for (var round = 0; round < 200; round++)
        {
            var response = await client.GetAsync($"/feed?limit=9&after={refresh}", Cancel);
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"round {round} after={refresh}");
            var page = await ReadJsonAsync(response);
            seen.InsertRange(0, Ids(page));
            refresh = (string)page["refreshCursor"]!;
            if (!(bool)page["hasNewer"]!)
            {
                break;
            }
        }

        seen.Should().Equal(expected);
    }

    [Fact]
    public async Task An_authors_feed_is_empty_across_a_block_either_way_but_shows_a_muted_author()
    {
        var me = App.ClientFor(Me);

        var blockedItems = await ReadJsonAsync(await me.GetAsync($"/users/{Blocked.Id}/items", Cancel));
        var blockerItems = await ReadJsonAsync(await me.GetAsync($"/users/{Blocker.Id}/items", Cancel));
        var mineToThem = await ReadJsonAsync(await App.ClientFor(Blocked).GetAsync($"/users/{Me.Id}/items", Cancel));
        var mutedItems = (await ScrollToEndAsync(me, $"/users/{Muted.Id}/items?limit=100")).Ids;
        var anonymous = await ReadJsonAsync(await App.CreateClient().GetAsync($"/users/{Blocked.Id}/items", Cancel));

        foreach (var empty in new[] { blockedItems, blockerItems, mineToThem })
        {
            Ids(empty).Should().BeEmpty();
            empty["nextCursor"].Should().BeNull();
        }

        mutedItems.Should().Equal(await IdsOfAsync(Muted));
        Ids(anonymous).Should().HaveCount(20);
    }

    [Fact]
    public async Task An_item_across_a_block_is_404_and_missing_from_a_batch_read_for_both_sides()
    {
        var theirs = (await IdsOfAsync(Blocked))[0];
        var mine = (await IdsOfAsync(Me))[0];
        var others = (await IdsOfAsync(Other))[0];
        var muted = (await IdsOfAsync(Muted))[0];

        var one = await App.ClientFor(Me).GetAsync($"/feed/{theirs}", Cancel);
        var reverse = await App.ClientFor(Blocker).GetAsync($"/posts/{mine}", Cancel);
        var batch = await ReadJsonAsync(await App.ClientFor(Me).GetAsync($"/feed/items?ids={theirs},{others},{muted}", Cancel));
        var anonymous = await App.CreateClient().GetAsync($"/feed/{theirs}", Cancel);

        one.StatusCode.Should().Be(HttpStatusCode.NotFound);
        one.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        reverse.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Ids(batch).Should().Equal(others, muted);
        batch["missing"]!.AsArray().Select(i => (long)i!).Should().Equal(theirs);
        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    protected async Task<List<long>> IdsOfAsync(User author)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedItems.Where(i => i.AuthorId == author.Id)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Select(i => i.Id).ToListAsync(Cancel);
    }

    /// <summary>A refresh cursor below every item: refreshing from it walks the whole feed upwards.</summary>
    private async Task<string> BelowTheOldestAsync()
    {
        await using var scope = App.Db();
        var oldest = await scope.Context.FeedItems.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id).FirstAsync(Cancel);
        return FeedCursor.Encode(new FeedPosition(oldest.CreatedAt.AddSeconds(-1), 0), FeedListing.Of().Scope);
    }
}
