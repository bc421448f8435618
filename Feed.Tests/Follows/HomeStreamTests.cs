using System.Net;
using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Follows;

public sealed class HomeStreamTests_Sqlite(SqliteApp app) : HomeStreamTests<SqliteApp>(app);

public sealed class HomeStreamTests_MariaDb(MariaDbApp app) : HomeStreamTests<MariaDbApp>(app);

/// <summary>/home/stream: what arrives in the caller's home, live or replayed after a reconnect; its ids are /home cursors.</summary>
public abstract class HomeStreamTests<TApp>(TApp app) : HomeTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task An_anonymous_caller_has_no_home_stream()
    {
        using var response = await App.CreateClient().GetAsync("/home/stream", HttpCompletionOption.ResponseHeadersRead, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task The_stream_sends_each_arrival_in_your_home_once_in_order_and_its_ids_are_home_refresh_cursors()
    {
        var users = await App.AddUsersAsync(3, seed: 341);
        var (me, followee, stranger) = (users[0], users[1], users[2]);
        await FollowAsync(me, followee);
        await CreateAsync(me); // there before the stream opens: not sent
        await using var stream = await EventStream.OpenAsync(App.ClientFor(me), "/home/stream", null, Cancel);
        await using var games = await EventStream.OpenAsync(App.ClientFor(me), "/home/stream?types=game", null, Cancel);

        var own = await CreateAsync(me);
        var theirs = await CreateAsync(followee, FeedKinds.Game);
        await CreateAsync(stranger);
        await App.DeliverHomesAsync();
        var ownAgain = await CreateAsync(me, FeedKinds.Team);
        var events = await stream.ReadAsync(3, Patience, Cancel);
        var gameEvents = await games.ReadAsync(1, Patience, Cancel);
        var afterFirst = await ReadJsonAsync(await App.ClientFor(me).GetAsync($"/home?after={events[0].Id}", Cancel));
        var afterLast = await ReadJsonAsync(await App.ClientFor(me).GetAsync($"/home?after={events[^1].Id}", Cancel));

        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        events.Select(e => e.Type).Should().OnlyContain(t => t == "item");
        events.Select(e => (long)e.Data!["id"]!).Should().Equal([own, theirs, ownAgain], "arrival order; the stranger's item never");
        ((long)gameEvents.Single().Data!["id"]!).Should().Be(theirs);
        Ids(afterFirst).Should().Equal(ownAgain, theirs);
        Ids(afterLast).Should().BeEmpty();
        JsonNode.DeepEquals(events[^1].Data, afterFirst["items"]![0]).Should().BeTrue("an event carries the item as /home shows it");
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_replays_exactly_what_arrived_meanwhile_then_goes_on_live()
    {
        var users = await App.AddUsersAsync(3, seed: 342);
        var me = users[0];
        await FollowAllAsync(me, users.Skip(1));
        string lastId;
        await using (var first = await EventStream.OpenAsync(App.ClientFor(me), "/home/stream", null, Cancel))
        {
            var marker = await CreateAsync(me);
            var seen = await first.ReadAsync(1, Patience, Cancel);
            ((long)seen[0].Data!["id"]!).Should().Be(marker);
            lastId = seen[0].Id!;
        }

        // Disconnected: forty items arrive, more than a catch-up page, from the caller and both followees.
        for (var i = 0; i < 40; i++)
        {
            await CreateAsync(users[i % 3], FeedKinds.All[i % FeedKinds.All.Count]);
            if (i % 10 == 9)
            {
                await App.DeliverHomesAsync();
            }
        }

        var missed = (await StoredHomeAsync(me)).Take(40).Reverse().ToList();

        await using var again = await EventStream.OpenAsync(App.ClientFor(me), "/home/stream", lastId, Cancel);
        await using var since = await EventStream.OpenAsync(App.ClientFor(me), $"/home/stream?since={lastId}", null, Cancel);
        var replayed = await again.ReadAsync(40, Patience, Cancel);
        var replayedBySince = await since.ReadAsync(40, Patience, Cancel);
        var live = await CreateAsync(users[1]);
        await App.DeliverHomesAsync();
        var next = await again.ReadAsync(1, Patience, Cancel);

        replayed.Select(e => (long)e.Data!["id"]!).Should().Equal(missed, "what arrived meanwhile, oldest first, none twice");
        replayedBySince.Select(e => (long)e.Data!["id"]!).Should().Equal(missed);
        replayed.Select(e => e.Id).Should().OnlyHaveUniqueItems();
        ((long)next.Single().Data!["id"]!).Should().Be(live, "then the stream goes on live, nothing repeated");
    }

    [Fact]
    public async Task A_home_refresh_cursor_resumes_the_stream_and_a_feed_stream_id_or_another_users_cursor_is_a_400()
    {
        var users = await App.AddUsersAsync(2, seed: 344);
        var (me, other) = (users[0], users[1]);
        await CreateAsync(me);
        await CreateAsync(other);
        var refresh = (string)(await ReadJsonAsync(await App.ClientFor(me).GetAsync("/home", Cancel)))["refreshCursor"]!;
        var othersRefresh = (string)(await ReadJsonAsync(await App.ClientFor(other).GetAsync("/home", Cancel)))["refreshCursor"]!;
        string feedId;
        await using (var feed = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel))
        {
            await CreateAsync(other);
            feedId = (await feed.ReadAsync(1, Patience, Cancel))[0].Id!;
        }

        var mine = await CreateAsync(me);
        await using var resumed = await EventStream.OpenAsync(App.ClientFor(me), "/home/stream", refresh, Cancel);
        var replayed = await resumed.ReadAsync(1, Patience, Cancel);
        using var feedIdAsHeader = await OpenAsync(me, "/home/stream", feedId);
        using var feedIdAsSince = await OpenAsync(me, $"/home/stream?since={feedId}", null);
        using var othersCursor = await OpenAsync(me, "/home/stream", othersRefresh);
        using var otherKinds = await OpenAsync(me, "/home/stream?types=post", refresh);

        ((long)replayed.Single().Data!["id"]!).Should().Be(mine);
        (await ErrorKeyAsync(feedIdAsHeader)).Should().Be("Last-Event-ID");
        (await ErrorKeyAsync(feedIdAsSince)).Should().Be("since");
        (await ErrorKeyAsync(othersCursor)).Should().Be("Last-Event-ID", "one user's home cursor is nobody else's");
        (await ErrorKeyAsync(otherKinds)).Should().Be("Last-Event-ID");
    }

    private Task<HttpResponseMessage> OpenAsync(User user, string url, string? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        return App.ClientFor(user).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);
    }
}
