using System.Net;
using System.Text.Json.Nodes;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Interactions;

public sealed class InteractionTests_Sqlite(SqliteApp app) : InteractionTests<SqliteApp>(app);

public sealed class InteractionTests_MariaDb(MariaDbApp app) : InteractionTests<MariaDbApp>(app);

public abstract partial class InteractionTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Fifty_users_liking_an_item_twice_at_once_make_exactly_fifty_likes_and_unliking_at_once_makes_zero()
    {
        var users = await App.AddUsersAsync(50, seed: 21);
        var item = (await App.AddItemsAsync(1, users, DateTime.UtcNow, TimeSpan.Zero, seed: 21))[0];
        var clients = users.Select(App.ClientFor).ToList();

        var likes = await Task.WhenAll(clients.Concat(clients).Select(c => c.PutAsync($"/feed/{item.Id}/like", null, Cancel)));
        var afterLikes = await CountsAsync(item.Id);
        var unlikes = await Task.WhenAll(clients.Concat(clients).Select(c => c.DeleteAsync($"/feed/{item.Id}/like", Cancel)));
        var afterUnlikes = await CountsAsync(item.Id);

        likes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        afterLikes.Should().Be((50, 50, 0, 0));
        unlikes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        afterUnlikes.Should().Be((0, 0, 0, 0));
    }

    [Theory]
    [InlineData(FeedKinds.Game)]
    [InlineData(FeedKinds.Team)]
    public async Task Fifty_users_joining_at_once_twice_make_exactly_fifty_members_and_leaving_at_once_makes_zero(string kind)
    {
        var users = await App.AddUsersAsync(50, seed: 22);
        var item = await AddItemAsync(kind, users[0]);
        var clients = users.Select(App.ClientFor).ToList();

        var joins = await Task.WhenAll(clients.Concat(clients).Select(c => c.PutAsync($"/{kind}s/{item.Id}/membership", null, Cancel)));
        var afterJoins = await CountsAsync(item.Id);
        var leaves = await Task.WhenAll(clients.Concat(clients).Select(c => c.DeleteAsync($"/{kind}s/{item.Id}/membership", Cancel)));
        var afterLeaves = await CountsAsync(item.Id);

        joins.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        afterJoins.Should().Be((0, 0, 50, 50));
        leaves.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        afterLeaves.Should().Be((0, 0, 0, 0));
    }

    [Fact]
    public async Task Liking_is_idempotent_and_every_page_tells_each_caller_what_they_like_and_joined()
    {
        var (me, other) = await TwoUsersAsync(23);
        var game = await AddItemAsync(FeedKinds.Game, other);
        var mine = App.ClientFor(me);

        var first = await ReadJsonAsync(await mine.PutAsync($"/feed/{game.Id}/like", null, Cancel));
        var again = await ReadJsonAsync(await mine.PutAsync($"/feed/{game.Id}/like", null, Cancel));
        await mine.PutAsync($"/games/{game.Id}/membership", null, Cancel);
        var asMe = await ReadJsonAsync(await mine.GetAsync($"/games/{game.Id}", Cancel));
        var asOther = await ReadJsonAsync(await App.ClientFor(other).GetAsync($"/feed/{game.Id}", Cancel));
        var anonymous = FindItem(await ReadJsonAsync(await App.CreateClient().GetAsync("/games?limit=100", Cancel)), game.Id);

        first.ToJsonString().Should().Be(again.ToJsonString()).And.Be($$"""{"itemId":{{game.Id}},"likeCount":1,"likedByMe":true}""");
        ((int)asMe["likeCount"]!, (bool)asMe["likedByMe"]!, (int)asMe["joinedCount"]!, (bool)asMe["joinedByMe"]!)
            .Should().Be((1, true, 1, true));
        ((bool)asOther["likedByMe"]!, (bool)asOther["joinedByMe"]!).Should().Be((false, false));
        ((int)anonymous["likeCount"]!, (bool)anonymous["likedByMe"]!, (bool)anonymous["joinedByMe"]!).Should().Be((1, false, false));
        ((string)asMe["author"]!["name"]!).Should().Be(other.Name);
    }

    [Fact]
    public async Task A_page_costs_one_SQL_command_however_many_likes_and_members_its_items_have_signed_in_or_not()
    {
        var users = await App.AddUsersAsync(500, seed: 24);
        var longAgo = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var quiet = await App.AddItemsAsync(101, users, longAgo, TimeSpan.FromDays(1), seed: 24);
        var busy = await App.AddItemsAsync(100, users, DateTime.UtcNow.AddDays(1), TimeSpan.FromHours(1), seed: 25);
        await using (var scope = App.Db())
        {
            // The five newest items: liked and (games and teams) joined by all 500 users.
            var db = scope.Context;
            var top = busy.TakeLast(5).Select(i => i.Id).ToList();
            db.Likes.AddRange(top.SelectMany(id => users.Select(u => new Like(id, u.Id, DateTime.UtcNow))));
            db.Memberships.AddRange(busy.TakeLast(5).OfType<JoinableItem>()
                .SelectMany(i => users.Select(u => new Membership(i.Id, u.Id, DateTime.UtcNow))));
            await db.SaveChangesAsync(Cancel);
            await db.FeedItems.Where(i => top.Contains(i.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.LikeCount, i => db.Likes.Count(l => l.ItemId == i.Id)), Cancel);
            await db.FeedItems.OfType<JoinableItem>().Where(i => top.Contains(i.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.JoinedCount, i => db.Memberships.Count(m => m.ItemId == i.Id)), Cancel);
        }

        string belowTheBusyOnes; // a cursor the API would issue: at the newest quiet item
        await using (var scope = App.Db())
        {
            var ids = quiet.Select(i => i.Id).ToList();
            var edge = await scope.Context.FeedItems.Where(i => ids.Contains(i.Id))
                .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
                .FirstAsync(Cancel);
            belowTheBusyOnes = FeedCursor.Encode(new FeedPosition(edge.CreatedAt, edge.Id), FeedListing.Of().Scope);
        }

        var counts = new Dictionary<string, int>();
        foreach (var (who, client) in new[] { ("anonymous", App.CreateClient()), ("signed in", App.ClientFor(users[0])) })
        {
            foreach (var limit in new[] { 1, 100 })
            {
                var listings = new[]
                {
                    ("500 likes", $"/feed?limit={limit}"),
                    ("0 likes", $"/feed?limit={limit}&before={belowTheBusyOnes}"),
                };
                foreach (var (label, url) in listings)
                {
                    App.Commands.Reset();
                    var page = await ReadJsonAsync(await client.GetAsync(url, Cancel));
                    counts[$"{who}, limit {limit}, {label}"] = App.Commands.Count;
                    var first = page["items"]![0]!;
                    page["items"]!.AsArray().Should().HaveCount(limit);
                    ((int)first["likeCount"]!, (bool)first["likedByMe"]!)
                        .Should().Be(label == "500 likes" ? (500, who == "signed in") : (0, false));
                }
            }
        }

        quiet.Should().HaveCount(101);
        counts.Values.Should().AllBeEquivalentTo(1, $"every page is one query: {string.Join(", ", counts)}");
    }

    [Fact]
    public async Task Members_are_listed_newest_first_with_the_feeds_cursors()
    {
        var users = await App.AddUsersAsync(25, seed: 26);
        var team = await AddItemAsync(FeedKinds.Team, users[0]);
        foreach (var user in users)
        {
            (await App.ClientFor(user).PutAsync($"/teams/{team.Id}/membership", null, Cancel)).EnsureSuccessStatusCode();
        }

        var (names, pages) = await ScrollMembersAsync($"/teams/{team.Id}/members?limit=7");
        var refreshUrl = $"/teams/{team.Id}/members?after={pages[0]["refreshCursor"]}";
        var refresh = await ReadJsonAsync(await App.CreateClient().GetAsync(refreshUrl, Cancel));

        names.Should().Equal(users.Select(u => u.Name).Reverse(), "the most recently joined first, each once");
        pages.Select(p => p["items"]!.AsArray().Count).Should().Equal(7, 7, 7, 4);
        refresh["items"]!.AsArray().Should().BeEmpty();
        (await App.CreateClient().GetAsync($"/games/{team.Id}/members", Cancel)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private async Task<(int Likes, int LikeRows, int Joined, int MemberRows)> CountsAsync(long itemId)
    {
        await using var scope = App.Db();
        var db = scope.Context;
        var item = await db.FeedItems.AsNoTracking().SingleAsync(i => i.Id == itemId, Cancel);
        return (
            item.LikeCount,
            await db.Likes.CountAsync(l => l.ItemId == itemId, Cancel),
            (item as JoinableItem)?.JoinedCount ?? 0,
            await db.Memberships.CountAsync(m => m.ItemId == itemId, Cancel));
    }

    private async Task<FeedItem> AddItemAsync(string kind, User author)
    {
        await using var scope = App.Db();
        var item = new FeedFaker(seed: author.Name.Length).Item(kind, author.Id, DateTime.UtcNow);
        scope.Context.FeedItems.Add(item);
        await scope.Context.SaveChangesAsync(Cancel);
        return item;
    }

    private async Task<(User, User)> TwoUsersAsync(int seed)
    {
        var users = await App.AddUsersAsync(2, seed);
        return (users[0], users[1]);
    }

    private async Task<(List<string> Names, List<JsonObject> Pages)> ScrollMembersAsync(string url)
    {
        var names = new List<string>();
        var pages = new List<JsonObject>();
        string? next = url;
        while (next is not null && pages.Count < 100)
        {
            var page = await ReadJsonAsync(await App.CreateClient().GetAsync(next, Cancel));
            pages.Add(page);
            names.AddRange(page["items"]!.AsArray().Select(m => (string)m!["name"]!));
            next = page["nextCursor"] is { } cursor ? $"{url}&before={cursor}" : null;
        }

        return (names, pages);
    }

    private static JsonObject FindItem(JsonObject page, long id) =>
        page["items"]!.AsArray().Single(i => (long)i!["id"]! == id)!.AsObject();
}
