using System.Net;
using System.Net.Http.Json;
using System.Text;
using Feed.Domain;

namespace Feed.Tests.Live;

public sealed class StreamTests_Sqlite(SqliteApp app) : StreamTests<SqliteApp>(app);

public sealed class StreamTests_MariaDb(MariaDbApp app) : StreamTests<MariaDbApp>(app);

/// <summary>/feed/stream: every change once, in commit order, live or replayed after a reconnect.</summary>
public abstract class StreamTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_subscriber_gets_every_item_posted_through_the_API_in_order()
    {
        var user = (await App.AddUsersAsync(1, seed: 201))[0];
        await using var stream = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);
        var writer = App.ClientFor(user);

        var posted = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            posted.Add(i % 3 == 0
                ? await CreateAsync(writer, "/games", new { gameName = $"g{i}", gameLocation = "here" })
                : await CreateAsync(writer, "/posts", new { title = $"live {i}", body = "b" }));
        }

        var events = await stream.ReadAsync(12, Patience, Cancel);

        stream.Response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        events.Select(e => e.Type).Should().OnlyContain(t => t == "item");
        events.Select(e => (long)e.Data!["id"]!).Should().Equal(posted);
        events.Select(e => e.Id).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_subscriber_that_reconnects_with_Last_Event_ID_gets_exactly_what_it_missed_then_the_live_events()
    {
        var user = (await App.AddUsersAsync(1, seed: 202))[0];
        var writer = App.ClientFor(user);
        var existing = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            existing.Add(await CreateAsync(writer, "/posts", new { title = $"before {i}", body = "b" }));
        }

        string lastId;
        await using (var first = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel))
        {
            var marker = await CreateAsync(writer, "/posts", new { title = "marker", body = "b" });
            var seen = await first.ReadAsync(1, Patience, Cancel);
            ((long)seen[0].Data!["id"]!).Should().Be(marker);
            lastId = seen[0].Id!;
        }

        // Disconnected: 50 new items, 5 edits, 5 deletions.
        var missed = new List<long>();
        for (var i = 0; i < 50; i++)
        {
            missed.Add(await CreateAsync(writer, "/posts", new { title = $"missed {i}", body = "b" }));
        }

        foreach (var id in existing.Take(5))
        {
            var edit = new StringContent("""{"title":"edited offline"}""", Encoding.UTF8, "application/json");
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"/posts/{id}") { Content = edit };
            (await writer.SendAsync(patch, Cancel)).EnsureSuccessStatusCode();
        }

        foreach (var id in existing.Skip(5))
        {
            (await writer.DeleteAsync($"/feed/{id}", Cancel)).EnsureSuccessStatusCode();
        }

        await using var second = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", lastId, Cancel);
        var replayed = await second.ReadAsync(60, Patience, Cancel);
        var live = await CreateAsync(writer, "/posts", new { title = "after the reconnect", body = "b" });
        var next = await second.ReadAsync(1, Patience, Cancel);

        replayed.Where(e => e.Type == "item").Select(e => (long)e.Data!["id"]!).Should().Equal(missed);
        replayed.Where(e => e.Type == "edited").Select(e => (long)e.Data!["id"]!).Should().Equal(existing.Take(5));
        replayed.Where(e => e.Type == "edited").Should().OnlyContain(e => (string)e.Data!["title"]! == "edited offline");
        replayed.Where(e => e.Type == "deleted").Select(e => (long)e.Data!["id"]!).Should().Equal(existing.Skip(5));
        ((long)next.Single().Data!["id"]!).Should().Be(live, "then the stream goes on live, nothing repeated");
    }

    [Fact]
    public async Task Two_instances_on_one_database_each_stream_every_item_and_types_narrow_a_stream()
    {
        var user = (await App.AddUsersAsync(1, seed: 203))[0];
        await using var other = await App.StartAnotherInstanceAsync();
        await using var here = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);
        await using var there = await EventStream.OpenAsync(other.CreateClient(), "/feed/stream", null, Cancel);
        await using var teams = await EventStream.OpenAsync(other.CreateClient(), "/feed/stream?types=team", null, Cancel);

        var posted = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var via = i % 2 == 0 ? App.ClientFor(user) : other.ClientFor(user);
            posted.Add(i < 3
                ? await CreateAsync(via, "/posts", new { title = $"p{i}", body = "b" })
                : await CreateAsync(via, "/teams", new { roomName = $"t{i}" }));
        }

        (await here.ReadAsync(6, Patience, Cancel)).Select(e => (long)e.Data!["id"]!).Should().Equal(posted);
        (await there.ReadAsync(6, Patience, Cancel)).Select(e => (long)e.Data!["id"]!).Should().Equal(posted);
        (await teams.ReadAsync(3, Patience, Cancel)).Select(e => (string)e.Data!["type"]!)
            .Should().Equal(FeedKinds.Team, FeedKinds.Team, FeedKinds.Team);
    }

    [Fact]
    public async Task An_item_stamped_earlier_that_commits_later_is_streamed_exactly_once()
    {
        var user = (await App.AddUsersAsync(1, seed: 204))[0];
        var writer = App.ClientFor(user); // its session row is written now: SQLite's one writer is held below
        await using var stream = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);

        // Writer A stamps its item first and holds its transaction open; writer B posts meanwhile.
        long lateId;
        Task<HttpResponseMessage> b;
        await using (var scope = App.Db())
        {
            var db = scope.Context;
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            var late = new Post("stamped first", "committed last", user.Id, DateTime.UtcNow.AddSeconds(-5));
            db.FeedItems.Add(late);
            await db.SaveChangesAsync(Cancel);
            lateId = late.Id;
            b = writer.PostAsJsonAsync("/posts", new { title = "stamped second", body = "b" }, Cancel);
            await Task.Delay(300, Cancel);
            await Feed.Api.Data.ChangeLogWrites.RecordAsync(db, late, FeedChange.Created, late.CreatedAt, Cancel);
            await db.SaveChangesAsync(Cancel);
            await transaction.CommitAsync(Cancel);
        }

        var other = await ReadJsonAsync((await b).EnsureSuccessStatusCode());
        var events = await stream.ReadAsync(2, Patience, Cancel);

        events.Select(e => (long)e.Data!["id"]!).Should().BeEquivalentTo([lateId, (long)other["id"]!]);
        events.Select(e => (long)e.Data!["id"]!).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_forged_Last_Event_ID_past_the_head_starts_from_now_and_holds_no_other_subscriber_back()
    {
        var user = (await App.AddUsersAsync(1, seed: 205))[0];
        var forged = Feed.Api.Paging.FeedCursor.Encode(new Feed.Api.Paging.FeedPosition(DateTime.UtcNow, 1_000_000_000), "stream:all");
        await using var odd = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", forged, Cancel);
        await using var normal = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);

        var posted = await CreateAsync(App.ClientFor(user), "/posts", new { title = "after a forged id", body = "b" });

        ((long)(await normal.ReadAsync(1, Patience, Cancel))[0].Data!["id"]!).Should().Be(posted);
        ((long)(await odd.ReadAsync(1, Patience, Cancel))[0].Data!["id"]!).Should().Be(posted);
    }

    [Fact]
    public async Task Stopping_the_server_ends_its_streams_cleanly()
    {
        var instance = await App.StartAnotherInstanceAsync();
        var stream = await EventStream.OpenAsync(instance.CreateClient(), "/feed/stream", null, Cancel);

        var stopping = Task.Run(async () => await instance.DisposeAsync(), Cancel);
        var read = async () => await stream.ReadAsync(1, TimeSpan.FromSeconds(10), Cancel);

        await read.Should().ThrowAsync<Exception>()
            .Where(e => !(e is TimeoutException), "the stream ends at once, it does not hang until a timeout");
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
        await stream.DisposeAsync();
    }

    private async Task<long> CreateAsync(HttpClient client, string path, object body)
    {
        var created = await client.PostAsJsonAsync(path, body, Cancel);
        created.EnsureSuccessStatusCode();
        return (long)(await ReadJsonAsync(created))["id"]!;
    }
}

/// <summary>The hub's counts: a refusal never takes a place or gives one back that it did not take.</summary>
public sealed class StreamHubCapTests
{
    [Fact]
    public void Refusals_by_either_cap_leave_the_per_address_counts_exact()
    {
        var options = Microsoft.Extensions.Options.Options.Create(
            new Feed.Api.Live.StreamOptions { MaxSubscribers = 2, MaxPerAddress = 1 });
        var hub = new Feed.Api.Live.FeedStreamHub(null!, options, null!, null!, null!);
        var all = Feed.Api.Items.FeedListing.Of();

        var a = hub.TrySubscribe(all, "a");
        var b = hub.TrySubscribe(all, "b");
        var refusedA = Enumerable.Range(0, 3).Select(_ => hub.TrySubscribe(all, "a")).ToList(); // instance full
        hub.Unsubscribe(b!);
        var secondA = hub.TrySubscribe(all, "a"); // the instance has room, but "a" has its one stream

        a.Should().NotBeNull();
        refusedA.Should().OnlyContain(s => s == null);
        secondA.Should().BeNull("refusals while the instance was full must not have lowered a's count");
        hub.TrySubscribe(all, "c").Should().NotBeNull();
    }
}

/// <summary>Caps on open streams, per address and per instance.</summary>
public sealed class StreamLimitTests(StreamCappedApp app) : FeedTest<StreamCappedApp>(app)
{
    [Fact]
    public async Task Past_the_per_address_cap_a_stream_is_refused_with_429_and_a_closed_one_frees_its_place()
    {
        var open = new List<EventStream>();
        for (var i = 0; i < StreamCappedApp.PerAddress; i++)
        {
            open.Add(await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel));
        }

        var refused = await App.CreateClient().GetAsync("/feed/stream", HttpCompletionOption.ResponseHeadersRead, Cancel);
        await open[0].DisposeAsync();
        await Task.Delay(300, Cancel);
        await using var again = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);

        open.Select(s => s.Response.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        again.Response.StatusCode.Should().Be(HttpStatusCode.OK, "a closed stream gives its place back");
        foreach (var stream in open.Skip(1))
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_client_rotating_through_its_IPv6_64_shares_one_per_address_cap()
    {
        var open = new List<EventStream>();
        for (var i = 1; i <= StreamCappedApp.PerAddress; i++)
        {
            open.Add(await EventStream.OpenAsync(From($"2001:db8:77:1::{i:x}"), "/feed/stream", null, Cancel));
        }

        var rotated = await From("2001:db8:77:1:ffff::1").GetAsync("/feed/stream", HttpCompletionOption.ResponseHeadersRead, Cancel);
        await using var neighbour = await EventStream.OpenAsync(From("2001:db8:77:2::1"), "/feed/stream", null, Cancel);

        rotated.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "every address of one /64 is one client");
        neighbour.Response.StatusCode.Should().Be(HttpStatusCode.OK, "another /64 is another client");
        foreach (var stream in open)
        {
            await stream.DisposeAsync();
        }
    }

    private HttpClient From(string address)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }
}
