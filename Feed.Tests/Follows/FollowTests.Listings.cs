using System.Net;
using System.Text.Json.Nodes;

namespace Feed.Tests.Follows;

/// <summary>Who follows a user and whom they follow: newest follow first, paged as every listing of people.</summary>
public abstract partial class FollowTests<TApp>
{
    [Fact]
    public async Task Followers_and_following_are_newest_first_and_paging_down_then_back_up_visits_each_once()
    {
        var users = await App.AddUsersAsync(14, seed: 311);
        var (star, fans) = (users[0], users.Skip(1).ToList());
        foreach (var fan in fans)
        {
            await FollowAsync(fan, star);
        }

        foreach (var idol in fans.Take(5))
        {
            await FollowAsync(star, idol);
        }

        var client = App.CreateClient();

        var (down, pages) = await ScrollPeopleAsync(client, $"/users/{star.Id}/followers?limit=4");
        var up = await RefreshToTopAsync(client, $"/users/{star.Id}/followers?limit=4", (string)pages[^1]["refreshCursor"]!);
        var following = UserIds(await ReadJsonAsync(await client.GetAsync($"/users/{star.Id}/following", Cancel)));
        var fanFollows = UserIds(await ReadJsonAsync(await client.GetAsync($"/users/{fans[0].Id}/following", Cancel)));

        var newestFirst = fans.Select(f => f.Id).Reverse().ToList();
        down.Should().Equal(newestFirst, "every follower once, the latest follow first");
        pages.Select(p => UserIds(p).Count).Should().Equal(4, 4, 4, 1);
        pages.Select(p => p["nextCursor"] is null).Should().Equal(false, false, false, true);
        up.Should().Equal(newestFirst.Take(12), "refreshing up from the last page meets every newer follower once, none skipped");
        following.Should().Equal(fans.Take(5).Select(f => f.Id).Reverse());
        fanFollows.Should().Equal(star.Id);
        var first = (await ReadJsonAsync(await client.GetAsync($"/users/{star.Id}/followers?limit=1", Cancel)))["items"]![0]!;
        ((string)first["name"]!).Should().Be(fans[^1].Name);
        ((string)first["followedAt"]!).Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$");
    }

    [Fact]
    public async Task Followers_arriving_after_a_refresh_cursor_are_exactly_what_after_returns_and_an_unfollow_leaves_the_list()
    {
        var users = await App.AddUsersAsync(8, seed: 312);
        var star = users[0];
        await FollowAsync(users[1], star);
        await FollowAsync(users[2], star);
        var client = App.CreateClient();
        var top = await ReadJsonAsync(await client.GetAsync($"/users/{star.Id}/followers?limit=10", Cancel));

        foreach (var fan in users.Skip(3))
        {
            await FollowAsync(fan, star);
        }

        await UnfollowAsync(users[1], star);
        var url = $"/users/{star.Id}/followers?limit=3&after={top["refreshCursor"]}";
        var refreshed = await ReadJsonAsync(await client.GetAsync(url, Cancel));
        var all = UserIds(await ReadJsonAsync(await client.GetAsync($"/users/{star.Id}/followers", Cancel)));

        UserIds(top).Should().Equal(users[2].Id, users[1].Id);
        UserIds(refreshed).Should().Equal([users[5].Id, users[4].Id, users[3].Id], "the three follows just after the cursor, newest first");
        ((bool)refreshed["hasNewer"]!).Should().BeTrue("two more followed after those");
        all.Should().Equal(users.Skip(2).Select(u => u.Id).Reverse());
    }

    [Fact]
    public async Task A_cursor_of_one_users_followers_is_a_400_on_anyone_elses_listing_and_on_their_following()
    {
        var users = await App.AddUsersAsync(5, seed: 313);
        foreach (var fan in users.Skip(1))
        {
            await FollowAsync(fan, users[0]);
        }

        await FollowAsync(users[0], users[1]);
        await FollowAsync(users[2], users[1]);
        var client = App.CreateClient();
        var page = await ReadJsonAsync(await client.GetAsync($"/users/{users[0].Id}/followers?limit=2", Cancel));
        var (next, refresh) = ((string)page["nextCursor"]!, (string)page["refreshCursor"]!);

        var otherUser = await client.GetAsync($"/users/{users[1].Id}/followers?before={next}", Cancel);
        var otherList = await client.GetAsync($"/users/{users[0].Id}/following?before={next}", Cancel);
        var otherUserAfter = await client.GetAsync($"/users/{users[1].Id}/followers?after={refresh}", Cancel);
        var feed = await client.GetAsync($"/feed?before={next}", Cancel);
        var garbage = await client.GetAsync($"/users/{users[0].Id}/followers?before=not-a-cursor", Cancel);

        (await ErrorKeyAsync(otherUser)).Should().Be("before");
        (await ErrorKeyAsync(otherList)).Should().Be("before");
        (await ErrorKeyAsync(otherUserAfter)).Should().Be("after");
        (await ErrorKeyAsync(feed)).Should().Be("before");
        (await ErrorKeyAsync(garbage)).Should().Be("before");
    }

    [Fact]
    public async Task An_unknown_users_lists_are_404_and_a_user_nobody_follows_has_empty_pages()
    {
        var loner = (await App.AddUsersAsync(1, seed: 314))[0];
        var client = App.CreateClient();

        var unknownFollowers = await client.GetAsync("/users/987654321/followers", Cancel);
        var unknownFollowing = await client.GetAsync("/users/987654321/following", Cancel);
        var followers = await client.GetAsync($"/users/{loner.Id}/followers", Cancel);
        var following = await client.GetAsync($"/users/{loner.Id}/following", Cancel);

        unknownFollowers.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownFollowing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknownFollowers.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        foreach (var response in new[] { followers, following })
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var page = await ReadJsonAsync(response);
            UserIds(page).Should().BeEmpty();
            page["nextCursor"].Should().BeNull();
            ((bool)page["hasNewer"]!).Should().BeFalse();
        }
    }

    /// <summary>Follows nextCursor to the end of a listing of people: every user id in order, and the pages.</summary>
    private async Task<(List<long> Ids, List<JsonObject> Pages)> ScrollPeopleAsync(HttpClient client, string url)
    {
        var (ids, pages) = (new List<long>(), new List<JsonObject>());
        string? next = url;
        while (next is not null && pages.Count < 100)
        {
            var page = await ReadJsonAsync((await client.GetAsync(next, Cancel)).EnsureSuccessStatusCode());
            pages.Add(page);
            ids.AddRange(UserIds(page));
            next = page["nextCursor"] is { } cursor ? $"{url}&before={cursor}" : null;
        }

        return (ids, pages);
    }

    /// <summary>Follows after= up from <paramref name="cursor"/> while hasNewer: every newer user id, newest first.</summary>
    private async Task<List<long>> RefreshToTopAsync(HttpClient client, string url, string cursor)
    {
        var ids = new List<long>();
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await ReadJsonAsync((await client.GetAsync($"{url}&after={cursor}", Cancel)).EnsureSuccessStatusCode());
            ids.InsertRange(0, UserIds(page));
            cursor = (string)page["refreshCursor"]!;
            if (!(bool)page["hasNewer"]!)
            {
                break;
            }
        }

        return ids;
    }
}
