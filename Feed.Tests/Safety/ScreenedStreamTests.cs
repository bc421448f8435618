using System.Net;
using System.Net.Http.Json;
using Feed.Domain;

namespace Feed.Tests.Safety;

public sealed class ScreenedStreamTests_Sqlite(SqliteApp app) : ScreenedStreamTests<SqliteApp>(app);

public sealed class ScreenedStreamTests_MariaDb(MariaDbApp app) : ScreenedStreamTests<MariaDbApp>(app);

/// <summary>/feed/stream for a signed-in subscriber: no event of an author blocked either way or muted, live or replayed.</summary>
public abstract class ScreenedStreamTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_signed_in_subscriber_gets_no_event_of_authors_blocked_either_way_or_muted_live_or_replayed()
    {
        var users = await App.AddUsersAsync(5, seed: 2931);
        var (me, blocked, muted, blocker, other) = (users[0], users[1], users[2], users[3], users[4]);
        (await App.ClientFor(me).PutAsync($"/users/{blocked.Id}/block", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await App.ClientFor(me).PutAsync($"/users/{muted.Id}/mute", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await App.ClientFor(blocker).PutAsync($"/users/{me.Id}/block", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        string lastId;
        await using (var first = await EventStream.OpenAsync(App.ClientFor(me), "/feed/stream", null, Cancel))
        {
            await PostAsync(other, "before");
            lastId = (await first.ReadAsync(1, Patience, Cancel))[0].Id!;
        }

        await using var live = await EventStream.OpenAsync(App.ClientFor(me), "/feed/stream", null, Cancel);
        await using var anonymous = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);
        var hiddenOnes = new List<long>();
        foreach (var author in new[] { blocked, muted, blocker })
        {
            hiddenOnes.Add(await PostAsync(author, "hidden"));
        }

        var shown = new[] { await PostAsync(other, "shown"), await PostAsync(other, "marker") };
        var mine = await live.ReadAsync(2, Patience, Cancel);
        var everyone = await anonymous.ReadAsync(5, Patience, Cancel);
        await using var replay = await EventStream.OpenAsync(App.ClientFor(me), "/feed/stream", lastId, Cancel);
        var replayed = await replay.ReadAsync(2, Patience, Cancel);

        mine.Select(e => (long)e.Data!["id"]!).Should().Equal(shown, "the hidden authors' items are not sent");
        replayed.Select(e => (long)e.Data!["id"]!).Should().Equal(shown, "nor replayed after Last-Event-ID");
        everyone.Select(e => (long)e.Data!["id"]!).Should().Equal([.. hiddenOnes, .. shown], "an anonymous subscriber gets them all");
    }

    private async Task<long> PostAsync(User author, string title)
    {
        var created = await App.ClientFor(author).PostAsJsonAsync("/posts", new { title, body = "b" }, Cancel);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        return (long)(await ReadJsonAsync(created))["id"]!;
    }
}
