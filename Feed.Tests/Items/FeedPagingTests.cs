using System.Net;
using System.Text.Json.Nodes;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Items;

public sealed class FeedPagingTests_Sqlite(SqliteApp app) : FeedPagingTests<SqliteApp>(app);

public sealed class FeedPagingTests_MariaDb(MariaDbApp app) : FeedPagingTests<MariaDbApp>(app);

public abstract partial class FeedPagingTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private const int SeededItems = 2_500;
    private static readonly DateTime Newest = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>A few thousand items by the QA fakers, over two days: bursts, and hundreds of equal timestamps.</summary>
    public override async ValueTask InitializeAsync() =>
        await App.ArrangeOnceAsync("seeded feed", async () =>
        {
            var users = await App.AddUsersAsync(20);
            await App.AddItemsAsync(SeededItems, users, Newest, TimeSpan.FromDays(2));
        });

    [Fact]
    public async Task The_seeded_feed_has_many_items_that_share_a_timestamp()
    {
        await using var scope = App.Db();

        var sharing = await scope.Context.FeedItems.GroupBy(i => i.CreatedAt).Where(g => g.Count() > 1).CountAsync(Cancel);

        sharing.Should().BeGreaterThan(100, "ties on CreatedAt are what breaks naive cursors");
    }

    [Theory]
    [InlineData("/feed", new string[0])]
    [InlineData("/posts", new[] { FeedKinds.Post })]
    [InlineData("/games", new[] { FeedKinds.Game })]
    [InlineData("/teams", new[] { FeedKinds.Team })]
    [InlineData("/feed?types=team,post", new[] { FeedKinds.Post, FeedKinds.Team })]
    [InlineData("/feed?types=game", new[] { FeedKinds.Game })]
    public async Task Paging_through_a_feed_visits_every_item_exactly_once_newest_first(string url, string[] kinds)
    {
        var expected = await IdsNewestFirstAsync(kinds);

        var (ids, pages) = await ScrollToEndAsync(App.CreateClient(), $"{url}{(url.Contains('?') ? '&' : '?')}limit=37");

        ids.Should().Equal(expected);
        pages.SelectMany(p => p["items"]!.AsArray()).Select(i => (string)i!["type"]!).Distinct()
            .Should().BeSubsetOf(kinds.Length == 0 ? FeedKinds.All : kinds);
        pages[^1]["nextCursor"].Should().BeNull();
        pages.SkipLast(1).Should().OnlyContain(p => p["nextCursor"] != null && p["items"]!.AsArray().Count == 37);
    }

    [Fact]
    public async Task The_next_cursor_is_null_exactly_at_the_end_even_when_the_last_page_is_full()
    {
        var teams = (await IdsNewestFirstAsync(FeedKinds.Team)).Count;
        var client = App.CreateClient();
        var cursor = await CursorAtAsync(teams - 100, FeedKinds.Team);

        var whole = await ReadJsonAsync(await client.GetAsync($"/teams?limit=100&before={cursor}", Cancel));
        var beforeTheEnd = await ReadJsonAsync(await client.GetAsync($"/teams?limit=99&before={cursor}", Cancel));

        Ids(whole).Should().HaveCount(100);
        whole["nextCursor"].Should().BeNull("the last full page is the end: no empty page follows");
        Ids(beforeTheEnd).Should().HaveCount(99);
        beforeTheEnd["nextCursor"].Should().NotBeNull("one team is older than this page");
    }

    [Fact]
    public async Task Items_arriving_at_the_top_while_a_client_scrolls_are_neither_repeated_nor_skipped_and_refresh_fetches_exactly_them()
    {
        var client = App.CreateClient();
        var before = await IdsNewestFirstAsync();
        var first = await ReadJsonAsync(await client.GetAsync("/feed?limit=5", Cancel));
        var authors = await App.AddUsersAsync(2, seed: 7);

        var arrived = await App.AddItemsAsync(12, authors, DateTime.UtcNow.AddHours(1), TimeSpan.FromSeconds(3), seed: 99);
        var (rest, _) = await ScrollToEndAsync(client, "/feed?limit=5", (string)first["nextCursor"]!);
        var refreshed = new List<long>();
        var refreshPages = new List<JsonObject>();
        var refreshCursor = (string?)first["refreshCursor"];
        do
        {
            var page = await ReadJsonAsync(await client.GetAsync($"/feed?limit=5&after={refreshCursor}", Cancel));
            refreshPages.Add(page);
            refreshed.InsertRange(0, Ids(page));
            refreshCursor = (string?)page["refreshCursor"];
        }
        while ((bool)refreshPages[^1]["hasNewer"]! && refreshPages.Count < 10);

        Ids(first).Concat(rest).Should().Equal(before, "scrolling down is unaffected by what arrives on top");
        first["hasNewer"]!.GetValue<bool>().Should().BeFalse();
        refreshPages.Select(p => Ids(p).Count).Should().Equal(5, 5, 2);
        refreshPages.Select(p => (bool)p["hasNewer"]!).Should().Equal(true, true, false);
        refreshed.Should().Equal((await IdsNewestFirstAsync()).Take(12),
            "refresh returns exactly the new items, newest first, without a gap");
        refreshed.Should().BeEquivalentTo(arrived.Select(i => i.Id));
        var nothingNew = await ReadJsonAsync(await client.GetAsync($"/feed?limit=5&after={refreshCursor}", Cancel));
        Ids(nothingNew).Should().BeEmpty();
        ((string?)nothingNew["refreshCursor"]).Should().Be(refreshCursor, "an empty refresh keeps the client's place");
    }

    [Fact]
    public async Task A_page_in_the_middle_says_there_are_newer_items_and_links_both_ways()
    {
        var client = App.CreateClient();
        var cursor = await CursorAtAsync(300, FeedKinds.Post);

        var response = await client.GetAsync($"/posts?limit=10&before={cursor}", Cancel);
        var page = await ReadJsonAsync(response);

        page["hasNewer"]!.GetValue<bool>().Should().BeTrue();
        var link = string.Join(",", response.Headers.GetValues("Link"));
        link.Should().Contain($"before={page["nextCursor"]}").And.Contain("rel=\"next\"");
        link.Should().Contain($"after={page["refreshCursor"]}").And.Contain("rel=\"prev\"").And.Contain("limit=10");
    }

    [Fact]
    public async Task A_page_whose_anchor_was_deleted_still_says_rightly_whether_the_listing_goes_on_past_it()
    {
        var author = (await App.AddUsersAsync(1, seed: 91))[0];
        await App.AddItemsAsync(6, [author], new DateTime(2019, 6, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromHours(6), seed: 91);
        var client = App.CreateClient();
        var url = $"/users/{author.Id}/items?limit=2";
        var top = await ReadJsonAsync(await client.GetAsync(url, Cancel));
        var middle = await ReadJsonAsync(await client.GetAsync($"{url}&before={top["nextCursor"]}", Cancel));
        var bottom = await ReadJsonAsync(await client.GetAsync($"{url}&before={middle["nextCursor"]}", Cancel));
        var refreshAtTop = (string)top["refreshCursor"]!;

        // The edges the cursors point at go: the last item of the top page, and the newest item.
        await using (var scope = App.Db())
        {
            long[] gone = [Ids(top)[^1], Ids(top)[0]];
            await scope.Context.FeedItems.Where(i => gone.Contains(i.Id)).ExecuteDeleteAsync(Cancel);
        }

        var scrolled = await ReadJsonAsync(await client.GetAsync($"{url}&before={top["nextCursor"]}", Cancel));
        var refreshed = await ReadJsonAsync(await client.GetAsync($"{url}&after={refreshAtTop}", Cancel));

        Ids(scrolled).Should().Equal(Ids(middle), "the items below a deleted anchor are the same");
        scrolled["hasNewer"]!.GetValue<bool>().Should().BeFalse("both items above the anchor were deleted");
        Ids(refreshed).Should().BeEmpty();
        refreshed["nextCursor"].Should().NotBeNull("items older than the deleted newest one remain");
        bottom["nextCursor"].Should().BeNull();

        await using (var scope = App.Db())
        {
            var anchor = Ids(middle)[^1];
            await scope.Context.FeedItems.Where(i => i.Id == anchor).ExecuteDeleteAsync(Cancel);
        }

        var belowMiddle = await ReadJsonAsync(await client.GetAsync($"{url}&before={middle["nextCursor"]}", Cancel));
        Ids(belowMiddle).Should().Equal(Ids(bottom));
        belowMiddle["hasNewer"]!.GetValue<bool>().Should().BeTrue("the middle page's items are still there");
    }

    [Theory]
    [InlineData("/posts", "/games")]
    [InlineData("/games", "/feed")]
    [InlineData("/feed", "/feed?types=post")]
    [InlineData("/feed?types=post,game", "/teams")]
    public async Task A_cursor_from_one_listing_is_refused_by_another(string issuedBy, string usedOn)
    {
        var client = App.CreateClient();
        var page = await ReadJsonAsync(await client.GetAsync(issuedBy, Cancel));

        var response = await client.GetAsync($"{usedOn}{(usedOn.Contains('?') ? '&' : '?')}before={page["nextCursor"]}", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await ReadJsonAsync(response);
        problem["errors"]!["before"]!.AsArray().Should().ContainSingle().Which!.ToString().Should().Contain("another listing");
    }

    [Theory]
    [InlineData("/feed", null, new string[0])]
    [InlineData("/games", null, new[] { FeedKinds.Game })]
    [InlineData("/feed", "before", new string[0])]
    [InlineData("/teams", "before", new[] { FeedKinds.Team })]
    [InlineData("/feed?types=post,team", "after", new[] { FeedKinds.Post, FeedKinds.Team })]
    [InlineData("/posts", "after", new[] { FeedKinds.Post })]
    public async Task A_page_costs_one_SQL_command_whatever_its_size(string url, string? direction, string[] kinds)
    {
        var client = App.CreateClient();
        var cursor = await CursorAtAsync(400, kinds);
        var query = direction is null ? "" : $"&{direction}={cursor}";
        var separator = url.Contains('?') ? '&' : '?';

        var counts = new List<int>();
        foreach (var limit in new[] { 1, 100 })
        {
            App.Commands.Reset();
            (await client.GetAsync($"{url}{separator}limit={limit}{query}", Cancel)).EnsureSuccessStatusCode();
            counts.Add(App.Commands.Count);
        }

        counts.Should().Equal([1, 1], "the items, the probe for more and every lookup are one query");
    }
}
