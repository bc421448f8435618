using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Notifications;

public sealed class NotificationReadingTests_Sqlite(SqliteApp app) : NotificationReadingTests<SqliteApp>(app);

public sealed class NotificationReadingTests_MariaDb(MariaDbApp app) : NotificationReadingTests<MariaDbApp>(app);

/// <summary>Reading notifications: pages at any depth, the unread count and its marker, the stream, and who may read what.</summary>
public abstract class NotificationReadingTests<TApp>(TApp app) : NotificationTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Paging_at_depth_never_repeats_or_skips_a_group_costs_one_command_a_page_and_a_refresh_finds_a_moved_one()
    {
        var users = await App.AddUsersAsync(3, seed: 3101);
        var (me, fan, other) = (users[0], users[1], users[2]);
        var posts = new List<FeedItem>();
        for (var i = 0; i < 45; i++)
        {
            posts.Add(await AddItemAsync(me));
            await LikeAsync(fan, posts[^1].Id);
        }

        var client = App.ClientFor(me);
        var first = await ReadJsonAsync(await client.GetAsync("/me/notifications?limit=10", Cancel));
        var seen = Items(first);
        var commands = new List<int>();
        var next = (string?)first["nextCursor"];
        await LikeAsync(other, posts[^3].Id); // seen on the first page: moves to the top
        await LikeAsync(other, posts[5].Id); // not reached yet: moves above the scroll, found by the refresh
        while (next is not null)
        {
            App.Commands.Reset();
            var url = $"/me/notifications?limit=10&before={Uri.EscapeDataString(next)}";
            var page = await ReadJsonAsync(await client.GetAsync(url, Cancel));
            commands.Add(App.Commands.Count);
            ((bool)page["hasNewer"]!).Should().BeTrue();
            seen.AddRange(Items(page));
            next = (string?)page["nextCursor"];
        }

        App.Commands.Reset();
        var refresh = await ReadJsonAsync(await client.GetAsync(
            $"/me/notifications?after={Uri.EscapeDataString((string)first["refreshCursor"]!)}", Cancel));
        var refreshCommands = App.Commands.Count;

        seen.Select(g => (long)g["id"]!).Should().OnlyHaveUniqueItems();
        seen.Select(g => (long)g["itemId"]!).Should().BeEquivalentTo(posts.Select(p => p.Id).Where(id => id != posts[5].Id));
        seen.Select(g => (long)g["seq"]!).Should().BeInDescendingOrder();
        commands.Should().OnlyContain(c => c == 1, "a page is one SQL command at any depth");
        refreshCommands.Should().Be(1);
        Items(refresh).Select(g => ((long)g["itemId"]!, (int)g["actorCount"]!)).Should().Equal((posts[5].Id, 2), (posts[^3].Id, 2));
        ((bool)refresh["hasNewer"]!).Should().BeFalse();
    }

    [Fact]
    public async Task The_unread_count_counts_above_the_marker_up_to_a_cap_and_the_marker_never_moves_down()
    {
        var users = await App.AddUsersAsync(2, seed: 3102);
        var (me, fan) = (users[0], users[1]);
        var posts = new List<FeedItem>();
        for (var i = 0; i < 5; i++)
        {
            posts.Add(await AddItemAsync(me));
            await LikeAsync(fan, posts[^1].Id);
        }

        var client = App.ClientFor(me);
        var groups = await GroupsAsync(me);
        var before = await UnreadAsync(me);
        var third = (long)groups[2]["seq"]!;
        var upToThird = await ReadJsonAsync(await client.PostAsJsonAsync("/me/notifications/read", new { upTo = third }, Cancel));
        var backDown = await ReadJsonAsync(await client.PostAsJsonAsync("/me/notifications/read", new { upTo = 1 }, Cancel));
        var readFlags = (await GroupsAsync(me)).Select(g => (bool)g["read"]!).ToList();
        var everything = await ReadJsonAsync(await client.PostAsync("/me/notifications/read", null, Cancel));
        await LikeAsync(fan, posts[0].Id, like: false);
        await LikeAsync(fan, posts[0].Id);
        var afterMove = await UnreadAsync(me);
        using var negative = await client.PostAsJsonAsync("/me/notifications/read", new { upTo = -1 }, Cancel);

        before.Should().Be((5, false));
        ((int)upToThird["count"]!).Should().Be(2);
        ((int)backDown["count"]!).Should().Be(2, "the marker never moves down");
        readFlags.Should().Equal(false, false, true, true, true);
        ((int)everything["count"]!).Should().Be(0);
        afterMove.Should().Be((1, false), "a group that gathers a new action is unread again");
        negative.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_unread_count_stops_at_99_and_says_there_are_more()
    {
        var users = await App.AddUsersAsync(2, seed: 3103);
        var (me, fan) = (users[0], users[1]);
        for (var i = 0; i < 101; i++)
        {
            await LikeAsync(fan, (await AddItemAsync(me)).Id);
        }

        App.Commands.Reset();
        var unread = await UnreadAsync(me);

        unread.Should().Be((99, true));
        App.Commands.Count.Should().Be(1);
    }

    [Fact]
    public async Task The_stream_delivers_a_like_live_and_replays_exactly_what_came_after_Last_Event_ID()
    {
        var users = await App.AddUsersAsync(4, seed: 3104);
        var (me, fans) = (users[0], users.Skip(1).ToList());
        var posts = new List<FeedItem> { await AddItemAsync(me), await AddItemAsync(me), await AddItemAsync(me) };
        await LikeAsync(fans[0], posts[0].Id); // before the stream opens: not sent
        string lastId;
        await using (var stream = await EventStream.OpenAsync(App.ClientFor(me), "/me/notifications/stream", null, Cancel))
        {
            await LikeAsync(fans[1], posts[1].Id);
            var live = await stream.ReadAsync(1, Patience, Cancel);

            stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
            (live[0].Type, (long)live[0].Data!["itemId"]!, (long)live[0].Data!["actor"]!["id"]!)
                .Should().Be(("notification", posts[1].Id, fans[1].Id));
            live[0].Id.Should().Be(((long)live[0].Data!["seq"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
            lastId = live[0].Id!;
        }

        await LikeAsync(fans[2], posts[2].Id);
        await LikeAsync(fans[2], posts[0].Id); // the first group moves up: replayed once, at its new place
        var listed = await GroupsAsync(me);
        await using var again = await EventStream.OpenAsync(App.ClientFor(me), "/me/notifications/stream", lastId, Cancel);
        var replayed = await again.ReadAsync(2, Patience, Cancel);
        await LikeAsync(fans[0], posts[1].Id);
        var liveAgain = await again.ReadAsync(1, Patience, Cancel);

        replayed.Select(e => ((long)e.Data!["itemId"]!, (int)e.Data!["actorCount"]!)).Should().Equal((posts[2].Id, 1), (posts[0].Id, 2));
        JsonNode.DeepEquals(replayed[^1].Data, listed[0]).Should().BeTrue("an event carries the group as the list shows it");
        ((long)liveAgain[0].Data!["itemId"]!, (int)liveAgain[0].Data!["actorCount"]!).Should().Be((posts[1].Id, 2));
        long.Parse(liveAgain[0].Id!, System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(long.Parse(replayed[^1].Id!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Notifications_are_their_recipients_alone_anonymous_callers_get_401_and_another_callers_cursor_a_400()
    {
        var users = await App.AddUsersAsync(3, seed: 3105);
        var (me, other, fan) = (users[0], users[1], users[2]);
        await LikeAsync(fan, (await AddItemAsync(me)).Id);
        await LikeAsync(fan, (await AddItemAsync(me)).Id);
        var mine = await ReadJsonAsync(await App.ClientFor(me).GetAsync("/me/notifications?limit=1", Cancel));

        using var anonymous = await App.CreateClient().GetAsync("/me/notifications", Cancel);
        using var anonymousStream = await App.CreateClient()
            .GetAsync("/me/notifications/stream", HttpCompletionOption.ResponseHeadersRead, Cancel);
        using var foreign = await App.ClientFor(other).GetAsync(
            $"/me/notifications?before={Uri.EscapeDataString((string)mine["nextCursor"]!)}", Cancel);
        using var badId = await App.ClientFor(me).GetAsync(
            "/me/notifications/stream?lastEventId=abc", HttpCompletionOption.ResponseHeadersRead, Cancel);

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymousStream.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        foreign.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(foreign))["errors"]!["before"].Should().NotBeNull();
        badId.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await GroupsAsync(other)).Should().BeEmpty();
    }

    private static List<JsonObject> Items(JsonObject page) => [.. page["items"]!.AsArray().Select(n => n!.AsObject())];
}
