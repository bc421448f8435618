using System.Net;

namespace Feed.Tests.Interactions;

public sealed class LikesListingTests_Sqlite(SqliteApp app) : LikesListingTests<SqliteApp>(app);

public sealed class LikesListingTests_MariaDb(MariaDbApp app) : LikesListingTests<MariaDbApp>(app);

/// <summary>GET /feed/{id}/likes: who liked an item, newest first, paged like the members.</summary>
public abstract class LikesListingTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Likers_are_listed_most_recent_first_each_once_across_pages_and_a_refresh_finds_new_ones()
    {
        var users = await App.AddUsersAsync(23, seed: 171);
        var item = (await App.AddItemsAsync(1, users, DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 171))[0];
        foreach (var user in users.Take(20))
        {
            (await App.ClientFor(user).PutAsync($"/feed/{item.Id}/like", null, Cancel)).EnsureSuccessStatusCode();
        }

        var client = App.CreateClient();
        var (ids, pages) = await ScrollPeopleAsync(client, $"/feed/{item.Id}/likes?limit=6");
        (await App.ClientFor(users[21]).PutAsync($"/feed/{item.Id}/like", null, Cancel)).EnsureSuccessStatusCode();
        var refreshUrl = $"/feed/{item.Id}/likes?after={(string)pages[0]["refreshCursor"]!}";
        var refresh = await ReadJsonAsync(await client.GetAsync(refreshUrl, Cancel));

        ids.Should().Equal(users.Take(20).Select(u => u.Id).Reverse(), "the most recent like first, every liker once");
        pages.Should().HaveCount(4);
        refresh["items"]!.AsArray().Select(i => (long)i!["userId"]!).Should().Equal(users[21].Id);
    }

    [Fact]
    public async Task An_unknown_item_is_404_an_unliked_one_an_empty_page_and_a_feed_cursor_is_refused()
    {
        var users = await App.AddUsersAsync(1, seed: 172);
        var item = (await App.AddItemsAsync(1, users, DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 172))[0];
        var client = App.CreateClient();
        var feedCursor = (string?)(await ReadJsonAsync(await client.GetAsync("/feed?limit=1", Cancel)))["refreshCursor"];

        (await client.GetAsync("/feed/987654321/likes", Cancel)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadJsonAsync(await client.GetAsync($"/feed/{item.Id}/likes", Cancel)))["items"]!.AsArray().Should().BeEmpty();
        (await client.GetAsync($"/feed/{item.Id}/likes?after={feedCursor}", Cancel)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private async Task<(List<long> Ids, List<System.Text.Json.Nodes.JsonObject> Pages)> ScrollPeopleAsync(HttpClient client, string url)
    {
        var ids = new List<long>();
        var pages = new List<System.Text.Json.Nodes.JsonObject>();
        string? before = null;
        do
        {
            var page = await ReadJsonAsync(await client.GetAsync(before is null ? url : $"{url}&before={before}", Cancel));
            pages.Add(page);
            ids.AddRange(page["items"]!.AsArray().Select(i => (long)i!["userId"]!));
            before = (string?)page["nextCursor"];
        }
        while (before is not null);

        return (ids, pages);
    }
}
