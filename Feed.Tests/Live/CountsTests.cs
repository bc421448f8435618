using System.Net;
using System.Net.Http.Json;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Live;

public sealed class CountsTests_Sqlite(SqliteApp app) : CountsTests<SqliteApp>(app);

public sealed class CountsTests_MariaDb(MariaDbApp app) : CountsTests<MariaDbApp>(app);

/// <summary>Like and joined counts travel through /feed/changes and the stream, coalesced per item, exact.</summary>
public abstract class CountsTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Concurrent_likes_and_joins_come_as_one_counts_entry_per_item_with_the_exact_counts()
    {
        var users = await App.AddUsersAsync(12, seed: 211);
        var author = App.ClientFor(users[0]);
        var post = await CreateAsync(author, "/posts", new { title = "liked a lot", body = "b" });
        var game = await CreateAsync(author, "/games", new { gameName = "Go", gameLocation = "Park" });
        var since = (string)(await ReadJsonAsync(await author.GetAsync("/feed/changes", Cancel)))["next"]!;
        var postsOnly = (string)(await ReadJsonAsync(await author.GetAsync("/feed/changes?types=post", Cancel)))["next"]!;

        var storm = users.SelectMany(u => new Func<Task<HttpResponseMessage>>[]
        {
            () => App.ClientFor(u).PutAsync($"/feed/{post}/like", null, Cancel),
            () => App.ClientFor(u).PutAsync($"/games/{game}/membership", null, Cancel),
            () => App.ClientFor(u).PutAsync($"/feed/{game}/like", null, Cancel),
        });
        (await Task.WhenAll(storm.Select(write => Task.Run(write, Cancel)))).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        var unlikes = users.Take(4).Select(u => App.ClientFor(u).DeleteAsync($"/feed/{post}/like", Cancel));
        (await Task.WhenAll(unlikes)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);

        var changes = await ReadJsonAsync(await author.GetAsync($"/feed/changes?since={since}", Cancel));
        var posts = await ReadJsonAsync(await author.GetAsync($"/feed/changes?types=post&since={postsOnly}", Cancel));

        var counts = changes["counts"]!.AsArray().Select(c => ((long)c!["id"]!, (int)c["likeCount"]!, (int?)c["joinedCount"])).ToList();
        counts.Should().BeEquivalentTo([(post, 8, (int?)null), (game, 12, (int?)12)], "one entry per item, as it is now");
        changes["edited"]!.AsArray().Should().BeEmpty();
        posts["counts"]!.AsArray().Select(c => (long)c!["id"]!).Should().Equal(post);
        await using var scope = App.Db();
        (await scope.Context.FeedChanges.CountAsync(c => c.Change == FeedChange.Counts && (c.ItemId == post || c.ItemId == game), Cancel))
            .Should().Be(2, "40 likes, joins and unlikes leave one counts row per item in the log");
    }

    [Fact]
    public async Task A_stream_sees_a_like_live_and_replays_a_storm_of_likes_as_one_counts_event_with_the_final_count()
    {
        var users = await App.AddUsersAsync(10, seed: 212);
        var author = App.ClientFor(users[0]);
        string lastId;
        long post;
        await using (var live = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel))
        {
            post = await CreateAsync(author, "/posts", new { title = "counted", body = "b" });
            (await App.ClientFor(users[1]).PutAsync($"/feed/{post}/like", null, Cancel)).EnsureSuccessStatusCode();
            var seen = await live.ReadAsync(2, Patience, Cancel);
            seen.Select(e => e.Type).Should().Equal("item", "counts");
            ((int)seen[1].Data!["likeCount"]!).Should().Be(1);
            lastId = seen[1].Id!;
        }

        var storm = users.Select(u => Task.Run(() => App.ClientFor(u).PutAsync($"/feed/{post}/like", null, Cancel), Cancel));
        (await Task.WhenAll(storm)).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        await using var resumed = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", lastId, Cancel);
        var replayed = await resumed.ReadAsync(1, Patience, Cancel);
        var marker = await CreateAsync(author, "/posts", new { title = "after the storm", body = "b" });
        var next = await resumed.ReadAsync(1, Patience, Cancel);

        replayed.Single().Type.Should().Be("counts");
        ((long)replayed[0].Data!["id"]!).Should().Be(post);
        ((int)replayed[0].Data!["likeCount"]!).Should().Be(10, "nine more likes (one user liked again: idempotent), one event");
        ((long)next.Single().Data!["id"]!).Should().Be(marker, "no other counts event came between");
    }

    private async Task<long> CreateAsync(HttpClient client, string path, object body)
    {
        var created = await client.PostAsJsonAsync(path, body, Cancel);
        created.EnsureSuccessStatusCode();
        return (long)(await ReadJsonAsync(created))["id"]!;
    }
}
