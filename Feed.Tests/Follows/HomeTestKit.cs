using System.Net;
using System.Net.Http.Json;
using Feed.Api.Follows;
using Feed.Api.Items;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Follows;

/// <summary>
/// What the follow and home tests share: items made the way that reaches homes (the API, or
/// <see cref="ItemWrites.AddAsync"/>), follows, and a home read whole, through the API or as stored.
/// </summary>
public abstract class HomeTest<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private int _made;

    /// <summary>An item of <paramref name="kind"/> by <paramref name="author"/>, by the fakers, created through the API: its id.</summary>
    protected async Task<long> CreateAsync(User author, string kind = FeedKinds.Post)
    {
        var made = new FeedFaker(1000 + Interlocked.Increment(ref _made)).Item(kind, author.Id, DateTime.UtcNow);
        object body = made switch
        {
            Post p => new { title = p.Title, body = p.Body },
            Game g => new { gameName = g.GameName, gameLocation = g.GameLocation },
            Team t => new { roomName = t.RoomName },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No request body for this kind."),
        };
        var created = await App.ClientFor(author).PostAsJsonAsync($"/{kind}s", body, Cancel);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (long)(await ReadJsonAsync(created))["id"]!;
    }

    /// <summary>
    /// Items by the fakers (oldest first, the newest at <paramref name="newest"/>), each written as the
    /// API writes one: its author's home entry and a fan-out job commit with it.
    /// </summary>
    protected async Task<List<FeedItem>> WriteItemsAsync(int count, IReadOnlyList<User> authors, DateTime newest, TimeSpan span, int seed)
    {
        var items = new FeedFaker(seed).Items(count, authors.Select(a => a.Id).ToList(), newest, span).ToList();
        await using var scope = App.Db();
        foreach (var item in items)
        {
            await ItemWrites.AddAsync(scope.Context, item, Cancel);
        }

        return items;
    }

    /// <summary><paramref name="follower"/> follows <paramref name="followee"/> through the API.</summary>
    protected async Task FollowAsync(User follower, User followee)
    {
        var response = await App.ClientFor(follower).PutAsync($"/users/{followee.Id}/follow", null, Cancel);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    protected async Task UnfollowAsync(User follower, User followee)
    {
        var response = await App.ClientFor(follower).DeleteAsync($"/users/{followee.Id}/follow", Cancel);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary><paramref name="follower"/> follows each of <paramref name="followees"/> by the core write (with its backfill).</summary>
    protected async Task FollowAllAsync(User follower, IEnumerable<User> followees)
    {
        await using var scope = App.Db();
        foreach (var followee in followees)
        {
            var state = await FollowWrites.FollowAsync(
                scope.Context, follower.Id, followee.Id, follow: true, new HomeOptions(), DateTime.UtcNow, Cancel);
            state.Should().NotBeNull();
        }
    }

    /// <summary>The whole of <paramref name="owner"/>'s home through the API, page after page: every id in order.</summary>
    protected async Task<List<long>> HomeIdsAsync(User owner, string query = "limit=100") =>
        (await ScrollToEndAsync(App.ClientFor(owner), $"/home?{query}")).Ids;

    /// <summary>The home as stored, in the home's order: (ArrivedAt desc, ItemId desc).</summary>
    protected async Task<List<long>> StoredHomeAsync(User owner)
    {
        await using var scope = App.Db();
        return await scope.Context.HomeEntries.Where(h => h.OwnerId == owner.Id)
            .OrderByDescending(h => h.ArrivedAt).ThenByDescending(h => h.ItemId)
            .Select(h => h.ItemId)
            .ToListAsync(Cancel);
    }

    /// <summary>A 400 problem+json naming exactly one parameter: its name.</summary>
    protected static async Task<string> ErrorKeyAsync(HttpResponseMessage response)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return (await ReadJsonAsync(response))["errors"]!.AsObject().Single().Key;
    }
}
