using System.Net;
using System.Net.Http.Headers;
using Feed.Domain;

namespace Feed.Tests.Follows;

/// <summary>/home's page contract, as /feed's: deep paging, refresh, cursors bound to one home, Link, ETag, new-count, cost.</summary>
public abstract partial class HomeTests<TApp>
{
    [Fact]
    public async Task Paging_through_a_deep_home_gives_every_item_once_in_the_homes_order_and_ends_exactly_at_the_last_page()
    {
        var users = await App.AddUsersAsync(5, seed: 331);
        var me = users[0];
        await FollowAllAsync(me, users.Skip(1));
        var items = await WriteItemsAsync(250, users, DateTime.UtcNow, TimeSpan.FromDays(20), seed: 331);
        await App.DeliverHomesAsync();

        var (ids, pages) = await ScrollToEndAsync(App.ClientFor(me), "/home?limit=7");

        ids.Should().Equal(await StoredHomeAsync(me), "newest arrival first, each item once");
        ids.Should().BeEquivalentTo(items.Select(i => i.Id), "your own items and every item of the people you follow");
        pages.Should().HaveCount((250 + 6) / 7, "nextCursor is null on the last page, never one page late");
        pages.SkipLast(1).Should().OnlyContain(p => Ids(p).Count == 7 && p["nextCursor"] != null);
    }

    [Fact]
    public async Task Refreshing_after_new_arrivals_returns_exactly_them_and_hasNewer_says_when_more_are_above()
    {
        var users = await App.AddUsersAsync(3, seed: 332);
        var me = users[0];
        await FollowAllAsync(me, users.Skip(1));
        await WriteItemsAsync(12, users, DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromHours(2), seed: 332);
        await App.DeliverHomesAsync();
        var client = App.ClientFor(me);
        var top = await ReadJsonAsync(await client.GetAsync("/home?limit=5", Cancel));

        var arrived = new List<long>();
        foreach (var author in new[] { users[1], me, users[2], users[1], me, users[2], me })
        {
            arrived.Add(await CreateAsync(author));
        }

        await App.DeliverHomesAsync();
        var lower = await ReadJsonAsync(await client.GetAsync($"/home?limit=5&after={top["refreshCursor"]}", Cancel));
        var upper = await ReadJsonAsync(await client.GetAsync($"/home?limit=5&after={lower["refreshCursor"]}", Cancel));
        var nothing = await ReadJsonAsync(await client.GetAsync($"/home?limit=5&after={upper["refreshCursor"]}", Cancel));

        ((bool)top["hasNewer"]!).Should().BeFalse();
        (Ids(lower).Count, (bool)lower["hasNewer"]!).Should().Be((5, true));
        (Ids(upper).Count, (bool)upper["hasNewer"]!).Should().Be((2, false));
        Ids(upper).Concat(Ids(lower)).Should().Equal((await StoredHomeAsync(me)).Take(7));
        Ids(upper).Concat(Ids(lower)).Should().BeEquivalentTo(arrived, "exactly the arrivals: none missed, none of the old page");
        Ids(nothing).Should().BeEmpty();
        ((string?)nothing["refreshCursor"]).Should().Be((string?)upper["refreshCursor"], "an empty refresh keeps the client's place");
    }

    [Fact]
    public async Task A_home_cursor_works_only_on_its_owners_home_of_its_kinds()
    {
        var users = await App.AddUsersAsync(3, seed: 333);
        var (me, other) = (users[0], users[1]);
        await FollowAllAsync(me, [users[2]]);
        await FollowAllAsync(other, [users[2]]);
        await WriteItemsAsync(30, users, DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromHours(3), seed: 333);
        await App.DeliverHomesAsync();
        var mine = App.ClientFor(me);
        var home = await ReadJsonAsync(await mine.GetAsync("/home?limit=3", Cancel));
        var feed = await ReadJsonAsync(await mine.GetAsync("/feed?limit=3", Cancel));
        var (next, refresh) = ((string)home["nextCursor"]!, (string)home["refreshCursor"]!);

        var onFeed = await mine.GetAsync($"/feed?before={next}", Cancel);
        var feedOnHome = await mine.GetAsync($"/home?before={feed["nextCursor"]}", Cancel);
        var onOthersHome = await App.ClientFor(other).GetAsync($"/home?before={next}", Cancel);
        var refreshOthersHome = await App.ClientFor(other).GetAsync($"/home?after={refresh}", Cancel);
        var otherKinds = await mine.GetAsync($"/home?types=post&before={next}", Cancel);
        var garbage = await mine.GetAsync("/home?before=bm90LWEtY3Vyc29y", Cancel);

        (await ErrorKeyAsync(onFeed)).Should().Be("before");
        (await ErrorKeyAsync(feedOnHome)).Should().Be("before");
        (await ErrorKeyAsync(onOthersHome)).Should().Be("before", "one user's home cursor is nobody else's");
        (await ErrorKeyAsync(refreshOthersHome)).Should().Be("after");
        (await ErrorKeyAsync(otherKinds)).Should().Be("before");
        (await ErrorKeyAsync(garbage)).Should().Be("before");
    }

    [Fact]
    public async Task A_home_page_links_both_ways_and_answers_304_to_its_ETag_until_something_arrives()
    {
        var users = await App.AddUsersAsync(2, seed: 334);
        var me = users[0];
        await FollowAllAsync(me, [users[1]]);
        await WriteItemsAsync(12, users, DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromHours(1), seed: 334);
        await App.DeliverHomesAsync();
        var client = App.ClientFor(me);
        var top = await ReadJsonAsync(await client.GetAsync("/home?limit=4", Cancel));
        var middleUrl = $"/home?limit=4&before={top["nextCursor"]}";

        var middle = await client.GetAsync(middleUrl, Cancel);
        var page = await ReadJsonAsync(middle);
        var first = await client.GetAsync("/home?limit=4", Cancel);
        var unchanged = await GetIfNoneMatchAsync(client, "/home?limit=4", first.Headers.ETag!);
        var asOther = await GetIfNoneMatchAsync(App.ClientFor(users[1]), "/home?limit=4", first.Headers.ETag!);
        await CreateAsync(users[1]);
        await App.DeliverHomesAsync();
        var afterArrival = await GetIfNoneMatchAsync(client, "/home?limit=4", first.Headers.ETag!);

        var link = string.Join(",", middle.Headers.GetValues("Link"));
        link.Should().Contain($"before={page["nextCursor"]}").And.Contain("rel=\"next\"").And.Contain("limit=4");
        link.Should().Contain($"after={page["refreshCursor"]}").And.Contain("rel=\"prev\"").And.Contain("/home");
        ((bool)page["hasNewer"]!).Should().BeTrue();
        first.Headers.ETag!.IsWeak.Should().BeTrue();
        unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified);
        asOther.StatusCode.Should().Be(HttpStatusCode.OK, "another user's home is another answer");
        afterArrival.StatusCode.Should().Be(HttpStatusCode.OK, "a followee's item arrived on top");
        afterArrival.Headers.ETag.Should().NotBe(first.Headers.ETag);
    }

    [Fact]
    public async Task The_new_count_counts_arrivals_above_a_refresh_cursor_and_needs_a_cursor_of_this_home()
    {
        var users = await App.AddUsersAsync(3, seed: 335);
        var me = users[0];
        await FollowAllAsync(me, [users[1]]);
        await WriteItemsAsync(6, users, DateTime.UtcNow.AddMinutes(-5), TimeSpan.FromHours(1), seed: 335);
        await App.DeliverHomesAsync();
        var client = App.ClientFor(me);
        var top = await ReadJsonAsync(await client.GetAsync("/home?limit=2", Cancel));
        var feed = await ReadJsonAsync(await client.GetAsync("/feed?limit=2", Cancel));
        var refresh = (string)top["refreshCursor"]!;

        var none = await ReadJsonAsync(await client.GetAsync($"/home/new-count?after={refresh}", Cancel));
        await CreateAsync(users[1]);
        await CreateAsync(users[1], FeedKinds.Game);
        await CreateAsync(users[2]); // not followed
        await CreateAsync(me);
        var undelivered = await ReadJsonAsync(await client.GetAsync($"/home/new-count?after={refresh}", Cancel));
        await App.DeliverHomesAsync();
        var delivered = await ReadJsonAsync(await client.GetAsync($"/home/new-count?after={refresh}", Cancel));
        var missing = await client.GetAsync("/home/new-count", Cancel);
        var feedCursor = await client.GetAsync($"/home/new-count?after={feed["refreshCursor"]}", Cancel);
        var otherKinds = await client.GetAsync($"/home/new-count?types=game&after={refresh}", Cancel);

        ((int)none["count"]!, (bool)none["capped"]!).Should().Be((0, false));
        ((int)undelivered["count"]!).Should().Be(1, "your own item is there at once");
        ((int)delivered["count"]!).Should().Be(3);
        (await ErrorKeyAsync(missing)).Should().Be("after");
        (await ErrorKeyAsync(feedCursor)).Should().Be("after");
        (await ErrorKeyAsync(otherKinds)).Should().Be("after");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(300)]
    public async Task A_home_page_is_one_SQL_command_at_any_depth_however_many_people_are_followed(int follows)
    {
        var users = await App.AddUsersAsync(follows + 1, seed: 336 + follows);
        var (me, followees) = (users[0], users.Skip(1).ToList());
        await App.AddItemsAsync(400, followees, new DateTime(2025, 9, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(60), seed: 336);
        await FollowAllAsync(me, followees);
        await WriteItemsAsync(10, [me], DateTime.UtcNow, TimeSpan.FromDays(90), seed: 337);
        var client = App.ClientFor(me);

        var counts = new Dictionary<string, List<int>>();
        foreach (var url in new[] { "/home?limit=9", "/home?limit=9&types=post", "/home?limit=9&types=game,team" })
        {
            counts[url] = [];
            string? before = null;
            do
            {
                App.Commands.Reset();
                var page = await ReadJsonAsync(await client.GetAsync(before is null ? url : $"{url}&before={before}", Cancel));
                counts[url].Add(App.Commands.Count);
                before = (string?)page["nextCursor"];
            }
            while (before is not null);
        }

        counts["/home?limit=9"].Should().HaveCountGreaterThan(11, "a home over 100 items deep");
        counts.Should().AllSatisfy(c => c.Value.Should().OnlyContain(n => n == 1, $"every page of {c.Key} is one SQL command"));
    }

    private static Task<HttpResponseMessage> GetIfNoneMatchAsync(HttpClient client, string url, EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(tag);
        return client.SendAsync(request, Cancel);
    }
}
