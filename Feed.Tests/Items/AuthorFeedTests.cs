using System.Net;
using System.Net.Http.Json;
using Feed.Domain;

namespace Feed.Tests.Items;

public sealed class AuthorFeedTests_Sqlite(SqliteApp app) : AuthorFeedTests<SqliteApp>(app);

public sealed class AuthorFeedTests_MariaDb(MariaDbApp app) : AuthorFeedTests<MariaDbApp>(app);

/// <summary>A profile screen: one user's items with the mixed feed's page contract, and their counts.</summary>
public abstract class AuthorFeedTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Walking_an_authors_feed_visits_exactly_their_items_once_newest_first_while_others_post()
    {
        var users = await App.AddUsersAsync(4, seed: 131);
        var author = users[0];
        var since = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        var items = await App.AddItemsAsync(400, users, since, TimeSpan.FromDays(3), seed: 131);
        var expected = items.Where(i => i.AuthorId == author.Id)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => i.Id).ToList();
        var client = App.CreateClient();
        var others = App.ClientFor(users[1]);

        var seen = new List<long>();
        string? before = null;
        var pages = 0;
        do
        {
            var url = $"/users/{author.Id}/items?limit=7{(before is null ? "" : $"&before={before}")}";
            var page = await ReadJsonAsync(await client.GetAsync(url, Cancel));
            seen.AddRange(Ids(page));
            before = (string?)page["nextCursor"];
            var meanwhile = new { title = $"meanwhile {pages}", body = "another user's post" };
            (await others.PostAsJsonAsync("/posts", meanwhile, Cancel)).EnsureSuccessStatusCode();
            pages++;
        }
        while (before is not null);

        expected.Should().HaveCountGreaterThan(50);
        seen.Should().Equal(expected, "every item of the author once, newest first, none of anyone else's");
        pages.Should().Be((expected.Count + 6) / 7, "nextCursor is null on the last page, never one page late");
    }

    [Fact]
    public async Task The_author_feed_narrows_by_types_and_its_cursors_belong_to_that_author_and_those_kinds()
    {
        var users = await App.AddUsersAsync(2, seed: 132);
        await App.AddItemsAsync(60, users, new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(1), seed: 132);
        var client = App.CreateClient();
        var mine = await ReadJsonAsync(await client.GetAsync($"/users/{users[0].Id}/items?limit=3", Cancel));
        var games = await ReadJsonAsync(await client.GetAsync($"/users/{users[0].Id}/items?types=game&limit=3", Cancel));
        var feed = await ReadJsonAsync(await client.GetAsync("/feed?limit=3", Cancel));

        var fromFeed = await client.GetAsync($"/users/{users[0].Id}/items?before={(string)feed["nextCursor"]!}", Cancel);
        var toFeed = await client.GetAsync($"/feed?before={(string)mine["nextCursor"]!}", Cancel);
        var toOtherAuthor = await client.GetAsync($"/users/{users[1].Id}/items?after={(string)mine["refreshCursor"]!}", Cancel);
        var toOtherKinds = await client.GetAsync($"/users/{users[0].Id}/items?types=game&before={(string)mine["nextCursor"]!}", Cancel);

        games["items"]!.AsArray().Select(i => (string)i!["type"]!).Should().OnlyContain(t => t == FeedKinds.Game);
        games["items"]!.AsArray().Select(i => (long)i!["author"]!["id"]!).Should().OnlyContain(id => id == users[0].Id);
        (await ErrorKeyAsync(fromFeed)).Should().Be("before");
        (await ErrorKeyAsync(toFeed)).Should().Be("before");
        (await ErrorKeyAsync(toOtherAuthor)).Should().Be("after");
        (await ErrorKeyAsync(toOtherKinds)).Should().Be("before");
    }

    [Fact]
    public async Task An_unknown_user_is_404_and_a_user_without_items_an_empty_page()
    {
        var quiet = (await App.AddUsersAsync(1, seed: 133))[0];
        var client = App.CreateClient();

        var unknown = await client.GetAsync("/users/987654321/items", Cancel);
        var empty = await ReadJsonAsync(await client.GetAsync($"/users/{quiet.Id}/items", Cancel));

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        Ids(empty).Should().BeEmpty();
        ((string?)empty["nextCursor"]).Should().BeNull();
    }

    [Fact]
    public async Task A_page_of_the_author_feed_is_one_SQL_command_at_any_depth()
    {
        var users = await App.AddUsersAsync(2, seed: 134);
        await App.AddItemsAsync(300, users, new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(1), seed: 134);
        var client = App.CreateClient();
        var url = $"/users/{users[0].Id}/items?limit=9";

        var counts = new List<int>();
        string? before = null;
        do
        {
            App.Commands.Reset();
            var page = await ReadJsonAsync(await client.GetAsync(before is null ? url : $"{url}&before={before}", Cancel));
            counts.Add(App.Commands.Count);
            before = (string?)page["nextCursor"];
        }
        while (before is not null);

        counts.Should().HaveCountGreaterThan(5).And.OnlyContain(c => c == 1);
    }

    [Fact]
    public async Task The_profile_counts_each_kind()
    {
        var users = await App.AddUsersAsync(2, seed: 135);
        var since = new DateTime(2026, 8, 1, 0, 0, 0, DateTimeKind.Utc);
        var items = await App.AddItemsAsync(90, users, since, TimeSpan.FromDays(1), seed: 135);
        var mine = items.Where(i => i.AuthorId == users[0].Id).ToList();

        var profile = await ReadJsonAsync(await App.CreateClient().GetAsync($"/users/{users[0].Id}", Cancel));

        ((int)profile["itemCount"]!).Should().Be(mine.Count);
        foreach (var kind in FeedKinds.All)
        {
            ((int)profile["itemCounts"]![kind]!).Should().Be(mine.Count(i => i.Kind == kind), kind);
        }
    }

    private static async Task<string?> ErrorKeyAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        return (await ReadJsonAsync(response))["errors"]!.AsObject().Single().Key;
    }
}
