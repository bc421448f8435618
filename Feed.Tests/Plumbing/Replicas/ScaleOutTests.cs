using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Plumbing.Replicas;

public sealed class ScaleOutTests_Sqlite(SqliteApp app) : ScaleOutTests<SqliteApp>(app);

public sealed class ScaleOutTests_MariaDb(MariaDbApp app) : ScaleOutTests<MariaDbApp>(app);

/// <summary>
/// The API keeps nothing between requests that another instance would need: cursors carry the
/// position, tokens are signed with the shared key, the database holds everything else.
/// </summary>
public abstract class ScaleOutTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    /// <summary>An instance whose feed reads go to <paramref name="replica"/>'s database (ConnectionStrings:FeedRead).</summary>
    private static AppSetup ReadingFrom(FeedApp replica) =>
        AppSetup.Default.With("ConnectionStrings:FeedRead", replica.Database.ConnectionString);

    [Fact]
    public async Task Two_instances_on_one_database_page_alternately_without_repeating_or_skipping_while_items_arrive()
    {
        await using var second = await App.StartAnotherInstanceAsync();
        var users = await App.AddUsersAsync(2, seed: 61);
        await App.AddItemsAsync(45, users, DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromDays(2), seed: 61);
        var expected = await IdsNewestFirstAsync();
        var instances = new[] { App.ClientFor(users[0]), second.ClientFor(users[0]) }; // one token, accepted by both

        var seen = new List<long>();
        var posted = new List<long>();
        JsonObject? first = null;
        string? cursor = null;
        for (var turn = 0; turn == 0 || cursor is not null; turn++)
        {
            var reader = instances[turn % 2];
            var url = cursor is null ? "/feed?limit=4" : $"/feed?limit=4&before={cursor}";
            var page = await ReadJsonAsync(await reader.GetAsync(url, Cancel));
            first ??= page;
            seen.AddRange(Ids(page));
            cursor = (string?)page["nextCursor"];

            // Meanwhile the other instance takes a write: a new item on top.
            var arrival = new { title = $"arrived {turn}", body = "while scrolling" };
            var created = await instances[(turn + 1) % 2].PostAsJsonAsync("/posts", arrival, Cancel);
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            posted.Add((long)(await ReadJsonAsync(created))["id"]!);
            turn.Should().BeLessThan(100, "paging must end");
        }

        seen.Should().Equal(expected, "every item once, in order, whichever instance served the page");
        var refreshed = await ReadJsonAsync(await instances[1].GetAsync($"/feed?limit=100&after={first!["refreshCursor"]}", Cancel));
        Ids(refreshed).Should().BeEquivalentTo(posted, "pull-to-refresh on the other instance fetches exactly what arrived");
    }

    [Fact]
    public async Task Feed_reads_go_to_the_FeedRead_connection_and_writes_to_the_primary()
    {
        // The "replica" is a database of its own with other content, so where each request went shows.
        await using var replica = await FeedApp.StartAsync(App.Engine);
        (await replica.RunVerbAsync("seed", "--items", "30", "--users", "5", "--seed", "62")).ExitCode.Should().Be(0);
        await using var api = await App.StartAnotherInstanceAsync(ReadingFrom(replica));
        var author = (await App.AddUsersAsync(1, seed: 63)).Single();

        var created = await api.ClientFor(author).PostAsJsonAsync("/posts", new { title = "to the primary", body = "x" }, Cancel);
        var feed = await ReadJsonAsync(await api.CreateClient().GetAsync("/feed?limit=100", Cancel));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var id = (long)(await ReadJsonAsync(created))["id"]!;
        await using (var primary = App.Db())
        {
            (await primary.Context.FeedItems.CountAsync(i => i.Id == id, Cancel)).Should().Be(1);
        }

        await using (var replicaDb = replica.Db())
        {
            Ids(feed).Should().Equal(await replicaDb.Context.FeedItems
                .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
                .Select(i => i.Id).ToListAsync(Cancel));
        }
    }

    [Fact]
    public async Task A_writer_reads_their_own_write_from_the_primary_for_a_while_and_everyone_else_reads_the_replica()
    {
        // A replica that never catches up: a database of its own, empty.
        await using var replica = await FeedApp.StartAsync(App.Engine);
        await using var api = await App.StartAnotherInstanceAsync(ReadingFrom(replica).With("Database:ReadYourWritesWindow", "00:00:02"));
        var author = (await App.AddUsersAsync(1, seed: 64)).Single();
        var client = api.ClientFor(author, issuedAt: DateTime.UtcNow.AddMinutes(-10)); // signed in a while ago

        var before = Ids(await ReadJsonAsync(await client.GetAsync("/feed?limit=100", Cancel)));
        var created = await client.PostAsJsonAsync("/posts", new { title = "mine", body = "read it back" }, Cancel);
        var id = (long)(await ReadJsonAsync(created))["id"]!;
        var mine = Ids(await ReadJsonAsync(await client.GetAsync("/feed?limit=100", Cancel)));
        var others = Ids(await ReadJsonAsync(await api.CreateClient().GetAsync("/feed?limit=100", Cancel)));
        var freshToken = Ids(await ReadJsonAsync(await api.ClientFor(author).GetAsync("/feed?limit=100", Cancel)));
        await Task.Delay(TimeSpan.FromSeconds(2.5), Cancel);
        var later = Ids(await ReadJsonAsync(await client.GetAsync("/feed?limit=100", Cancel)));

        before.Should().BeEmpty("the replica is empty");
        mine.Should().Contain(id, "right after their write, the author reads from the primary");
        others.Should().BeEmpty("everyone else still reads the replica");
        freshToken.Should().Contain(id, "a token issued just now (a new sign-in) reads from the primary");
        later.Should().BeEmpty("after the window, the author reads the replica again");
    }
}
