using System.Net;
using System.Net.Http.Json;

namespace Feed.Tests.Live;

public sealed class StreamBoundsTests_Sqlite(SqliteApp app) : StreamBoundsTests<SqliteApp>(app);

public sealed class StreamBoundsTests_MariaDb(MariaDbApp app) : StreamBoundsTests<MariaDbApp>(app);

/// <summary>What one stream may cost: a bounded replay, a byte budget for catching up, then a reason and a resume.</summary>
public abstract class StreamBoundsTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_stream_past_its_catch_up_budget_ends_with_a_reason_and_resumes_with_Last_Event_ID_missing_nothing()
    {
        var user = (await App.AddUsersAsync(1, seed: 221))[0];
        await using var small = await App.StartAnotherInstanceAsync(
            AppSetup.Default.With("Stream:CatchUpBudget", "20000").With("Stream:CatchUpPage", "4"));
        var writer = small.ClientFor(user);
        var lastId = await MarkerIdAsync(small, writer);
        var missed = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            missed.Add(await CreateAsync(writer, new { title = $"missed {i}", body = new string('x', 2_000) }));
        }

        var connections = 0;
        var received = new List<ServerEvent>();
        while (received.Count(e => e.Type == "item") < missed.Count && connections < 10)
        {
            connections++;
            await using var stream = await EventStream.OpenAsync(small.CreateClient(), "/feed/stream", lastId, Cancel);
            while (true)
            {
                var e = (await stream.ReadAsync(1, Patience, Cancel)).Single();
                if (e.Type == "reconnect")
                {
                    ((string)e.Data!["reason"]!).Should().Be("behind");
                    e.Id.Should().BeNull("the client's last id stands");
                    break;
                }

                received.Add(e);
                lastId = e.Id!;
                if (received.Count == missed.Count)
                {
                    break;
                }
            }
        }

        connections.Should().BeInRange(3, 5, "about 70 KB of missed events in 20 KB budgets");
        received.Select(e => (long)e.Data!["id"]!).Should().Equal(missed, "each once, in order, across the reconnects");
    }

    [Fact]
    public async Task A_Last_Event_ID_more_than_the_replay_limit_behind_is_410_within_it_replays()
    {
        var user = (await App.AddUsersAsync(1, seed: 222))[0];
        await using var small = await App.StartAnotherInstanceAsync(AppSetup.Default.With("Changes:MaxReplay", "20"));
        var writer = small.ClientFor(user);
        var lastId = await MarkerIdAsync(small, writer);
        for (var i = 0; i < 20; i++)
        {
            await CreateAsync(writer, new { title = $"missed {i}", body = "b" });
        }

        await using (var within = await EventStream.OpenAsync(small.CreateClient(), "/feed/stream", lastId, Cancel))
        {
            (await within.ReadAsync(20, Patience, Cancel)).Should().HaveCount(20);
        }

        await CreateAsync(writer, new { title = "one too many", body = "b" });
        await using var past = await EventStream.OpenAsync(small.CreateClient(), "/feed/stream", lastId, Cancel);

        past.Response.StatusCode.Should().Be(HttpStatusCode.Gone);
        ((string)(await ReadJsonAsync(past.Response))["detail"]!).Should().Contain("Reload the feed");
    }

    /// <summary>The id of a post's event, read live: where a client that disconnects now would resume.</summary>
    private async Task<string> MarkerIdAsync(FeedApp instance, HttpClient writer)
    {
        await using var stream = await EventStream.OpenAsync(instance.CreateClient(), "/feed/stream", null, Cancel);
        await CreateAsync(writer, new { title = "marker", body = "b" });
        return (await stream.ReadAsync(1, Patience, Cancel))[0].Id!;
    }

    private async Task<long> CreateAsync(HttpClient client, object body)
    {
        var created = await client.PostAsJsonAsync("/posts", body, Cancel);
        created.EnsureSuccessStatusCode();
        return (long)(await ReadJsonAsync(created))["id"]!;
    }
}
