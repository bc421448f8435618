using System.Net;
using System.Net.Http.Json;
using System.Text;
using Feed.Api.Paging;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Live;

public sealed class ChangeLogTests_Sqlite(SqliteApp app) : ChangeLogTests<SqliteApp>(app);

public sealed class ChangeLogTests_MariaDb(MariaDbApp app) : ChangeLogTests<MariaDbApp>(app);

/// <summary>GET /feed/changes: what was edited or deleted since a token, for an app coming back.</summary>
public abstract class ChangeLogTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Edits_and_deletes_since_a_token_come_once_each_in_the_listings_kinds_and_then_nothing()
    {
        var user = (await App.AddUsersAsync(1, seed: 191))[0];
        var client = App.ClientFor(user);
        var doomed = await CreateAsync(client, "/posts", new { title = "doomed", body = "b" });
        var editedThenDeleted = await CreateAsync(client, "/posts", new { title = "short-lived", body = "b" });
        var start = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes", Cancel)))["next"]!;
        var gameStart = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes?types=game", Cancel)))["next"]!;
        var post = await CreateAsync(client, "/posts", new { title = "v1", body = "b" });
        var game = await CreateAsync(client, "/games", new { gameName = "Go", gameLocation = "Park" });

        await PatchAsync(client, $"/posts/{post}", """{"title":"v2"}""");
        await PatchAsync(client, $"/posts/{post}", """{"title":"v3"}""");
        await PatchAsync(client, $"/games/{game}", """{"gameLocation":"Library"}""");
        await PatchAsync(client, $"/posts/{editedThenDeleted}", """{"title":"gone soon"}""");
        (await client.DeleteAsync($"/feed/{doomed}", Cancel)).EnsureSuccessStatusCode();
        (await client.DeleteAsync($"/feed/{editedThenDeleted}", Cancel)).EnsureSuccessStatusCode();

        var changes = await ReadJsonAsync(await client.GetAsync($"/feed/changes?since={start}", Cancel));
        var gameChanges = await ReadJsonAsync(await client.GetAsync($"/feed/changes?types=game&since={gameStart}", Cancel));
        var after = await ReadJsonAsync(await client.GetAsync($"/feed/changes?since={(string)changes["next"]!}", Cancel));

        changes["edited"]!.AsArray().Select(i => (long)i!["id"]!).Should().Equal(post, game);
        ((string)changes["edited"]![0]!["title"]!).Should().Be("v3", "an edited item comes once, as it is now");
        changes["deleted"]!.AsArray().Select(i => (long)i!).Should().Equal(doomed, editedThenDeleted);
        ((bool)changes["hasMore"]!).Should().BeFalse();
        gameChanges["edited"]!.AsArray().Select(i => (long)i!["id"]!).Should().Equal(game);
        gameChanges["deleted"]!.AsArray().Should().BeEmpty();
        after["edited"]!.AsArray().Should().BeEmpty();
        after["deleted"]!.AsArray().Should().BeEmpty();
    }

    [Fact]
    public async Task Many_changes_come_in_pages_each_change_once()
    {
        var user = (await App.AddUsersAsync(1, seed: 192))[0];
        var client = App.ClientFor(user);
        var start = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes?types=team", Cancel)))["next"]!;
        var teams = new List<long>();
        for (var i = 0; i < 105; i++)
        {
            teams.Add(await CreateAsync(client, "/teams", new { roomName = $"room {i}" }));
        }

        foreach (var team in teams)
        {
            await PatchAsync(client, $"/teams/{team}", """{"roomName":"renamed"}""");
        }

        var first = await ReadJsonAsync(await client.GetAsync($"/feed/changes?types=team&since={start}", Cancel));
        var second = await ReadJsonAsync(await client.GetAsync($"/feed/changes?types=team&since={(string)first["next"]!}", Cancel));

        ((bool)first["hasMore"]!).Should().BeTrue();
        ((bool)second["hasMore"]!).Should().BeFalse();
        first["edited"]!.AsArray().Concat(second["edited"]!.AsArray()).Select(i => (long)i!["id"]!).Should().Equal(teams);
    }

    [Fact]
    public async Task A_token_whose_changes_were_swept_is_410_a_quiet_one_is_not_and_a_foreign_or_broken_token_400()
    {
        var user = (await App.AddUsersAsync(1, seed: 193))[0];
        var writer = App.ClientFor(user);
        var client = App.CreateClient();
        var quiet = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes?types=game", Cancel)))["next"]!;
        var start = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes", Cancel)))["next"]!;
        var post = await CreateAsync(writer, "/posts", new { title = "t", body = "b" });
        await PatchAsync(writer, $"/posts/{post}", """{"title":"t2"}""");
        await SweepEverythingAsync();

        var old = start;
        (await client.GetAsync($"/feed/changes?types=game&since={quiet}", Cancel)).StatusCode
            .Should().Be(HttpStatusCode.Gone, "the quiet listing's changes after its token were swept too");
        await CreateAsync(writer, "/teams", new { roomName = "after the sweep" });
        var fresh = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes?types=team", Cancel)))["next"]!;
        (await client.GetAsync($"/feed/changes?types=team&since={fresh}", Cancel)).StatusCode
            .Should().Be(HttpStatusCode.OK, "a token taken after the sweep has lost nothing");
        var feedCursor = FeedCursor.Encode(new FeedPosition(DateTime.UtcNow, 1), "all"); // a /feed cursor, as the API issues it

        var gone = await client.GetAsync($"/feed/changes?since={old}", Cancel);
        var foreign = await client.GetAsync($"/feed/changes?since={feedCursor}", Cancel);
        var broken = await client.GetAsync("/feed/changes?since=not-a-token", Cancel);

        gone.StatusCode.Should().Be(HttpStatusCode.Gone);
        ((string)(await ReadJsonAsync(gone))["detail"]!).Should().Contain("Reload the feed");
        (await EventStream.OpenAsync(client, "/feed/stream", old, Cancel)).Response.StatusCode
            .Should().Be(HttpStatusCode.BadRequest, "a change token is not a stream id");
        foreign.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        broken.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(broken))["errors"]!["since"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_filtered_token_moves_past_other_kinds_changes_so_a_client_that_keeps_polling_never_gets_410()
    {
        var user = (await App.AddUsersAsync(1, seed: 194))[0];
        var writer = App.ClientFor(user);
        var client = App.CreateClient();
        var since = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes?types=game", Cancel)))["next"]!;
        for (var i = 0; i < 5; i++)
        {
            var post = await CreateAsync(writer, "/posts", new { title = $"only posts {i}", body = "b" });
            await PatchAsync(writer, $"/posts/{post}", """{"title":"edited"}""");
        }

        var polled = await ReadJsonAsync(await client.GetAsync($"/feed/changes?types=game&since={since}", Cancel));
        var next = (string)polled["next"]!;
        await SweepEverythingAsync();
        var later = await client.GetAsync($"/feed/changes?types=game&since={next}", Cancel);

        next.Should().NotBe(since, "the poll scanned ten changes of posts, and next moves past them");
        polled["edited"]!.AsArray().Should().BeEmpty();
        later.StatusCode.Should().Be(HttpStatusCode.OK, "nothing the client had not scanned was swept");
    }

    [Fact]
    public async Task A_poll_scans_at_most_the_scan_limit_and_a_token_past_the_replay_limit_is_410()
    {
        var user = (await App.AddUsersAsync(1, seed: 195))[0];
        await using var small = await App.StartAnotherInstanceAsync(
            AppSetup.Default.With("Changes:ScanLimit", "10").With("Changes:MaxReplay", "30"));
        var writer = small.ClientFor(user);
        var client = small.CreateClient();
        var since = (string)(await ReadJsonAsync(await client.GetAsync("/feed/changes?types=team", Cancel)))["next"]!;
        var teams = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            var post = await CreateAsync(writer, "/posts", new { title = $"noise {i}", body = "b" });
            if (i % 10 == 9)
            {
                teams.Add(await CreateAsync(writer, "/teams", new { roomName = $"room {i}" }));
                await PatchAsync(writer, $"/teams/{teams[^1]}", """{"roomName":"renamed"}""");
            }
        }

        var polls = new List<System.Text.Json.Nodes.JsonNode>();
        var token = since;
        do
        {
            polls.Add(await ReadJsonAsync(await client.GetAsync($"/feed/changes?types=team&since={token}", Cancel)));
            token = (string)polls[^1]["next"]!;
        }
        while ((bool)polls[^1]["hasMore"]! && polls.Count < 10);
        for (var i = 0; i < 6; i++)
        {
            await CreateAsync(writer, "/posts", new { title = $"more {i}", body = "b" });
        }

        var tooFar = await client.GetAsync($"/feed/changes?types=team&since={since}", Cancel);

        polls.Should().HaveCount(3, "29 changes in scans of at most 10");
        polls.SelectMany(p => p["edited"]!.AsArray()).Select(i => (long)i!["id"]!).Should().Equal(teams);
        FeedCursor.TryDecode(token, "changes:team", out var last, out _).Should().BeTrue();
        await using (var scope = App.Db())
        {
            last.Id.Should().Be(await scope.Context.FeedChanges.MaxAsync(c => c.Seq, Cancel) - 6, "the last poll reached the head");
        }

        tooFar.StatusCode.Should().Be(HttpStatusCode.Gone, "35 changes follow the first token, more than the 30 replayed");
        (await client.GetAsync($"/feed/changes?types=team&since={token}", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>Sweeps the whole log, as the retention would a week later.</summary>
    private async Task SweepEverythingAsync()
    {
        await using var scope = App.Db();
        var options = new Feed.Api.Data.ChangeLogOptions();
        while (await scope.Context.FeedChanges.AnyAsync(Cancel))
        {
            var weekLater = DateTime.UtcNow + options.Retention + TimeSpan.FromDays(1);
            await Feed.Api.Data.ChangeLogWrites.SweepAsync(scope.Context, options, weekLater);
        }
    }

    private async Task<long> CreateAsync(HttpClient client, string path, object body)
    {
        var created = await client.PostAsJsonAsync(path, body, Cancel);
        created.EnsureSuccessStatusCode();
        return (long)(await ReadJsonAsync(created))["id"]!;
    }

    private static async Task PatchAsync(HttpClient client, string path, string patch)
    {
        var content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json");
        var request = new HttpRequestMessage(HttpMethod.Patch, path) { Content = content };
        (await client.SendAsync(request, Cancel)).EnsureSuccessStatusCode();
    }
}
