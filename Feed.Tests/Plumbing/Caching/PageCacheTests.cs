using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Plumbing.Caching;

public sealed class PageCacheTests_Sqlite(PageCachedSqliteApp app) : PageCacheTests<PageCachedSqliteApp>(app);

public sealed class PageCacheTests_MariaDb(PageCachedMariaDbApp app) : PageCacheTests<PageCachedMariaDbApp>(app);

/// <summary>
/// Anonymous first pages come from memory for a moment; nobody ever gets another caller's flags, and
/// a write on the instance shows at once.
/// </summary>
public abstract class PageCacheTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private List<User> _users = [];

    public override async ValueTask InitializeAsync()
    {
        await App.ArrangeOnceAsync("feed", async () =>
            await App.AddItemsAsync(60, await App.AddUsersAsync(5, seed: 40), DateTime.UtcNow.AddDays(-1), TimeSpan.FromDays(1), seed: 40));
        _users = await App.AddUsersAsync(3, seed: 41);
        await Task.Delay(PageCached.Duration, Cancel); // what an earlier test cached has gone
    }

    [Fact]
    public async Task An_anonymous_first_page_is_served_from_memory_until_a_write_on_this_instance_evicts_it()
    {
        var anonymous = App.CreateClient();
        var first = await ReadAsync(anonymous, "/feed?limit=5");
        App.Commands.Reset();
        var again = await ReadAsync(anonymous, "/feed?limit=5");
        var cachedCommands = App.Commands.Count;

        var post = await App.ClientFor(_users[0]).PostAsJsonAsync("/posts", new { title = "Fresh", body = "Just now" }, Cancel);
        var posted = await ReadJsonAsync(post);
        var afterWrite = await ReadAsync(anonymous, "/feed?limit=5");

        cachedCommands.Should().Be(0, "the same anonymous first page within the cache's duration does not touch the database");
        again.ToJsonString().Should().Be(first.ToJsonString());
        Ids(afterWrite)[0].Should().Be((long)posted["id"]!, "a write on this instance evicts the cached pages");
    }

    [Fact]
    public async Task A_signed_in_caller_never_gets_a_cached_page_nor_leaves_one_for_anybody()
    {
        var me = App.ClientFor(_users[1]);
        var anonymous = App.CreateClient();
        var newest = Ids(await ReadAsync(anonymous, "/feed?limit=5"))[0];
        (await me.PutAsync($"/feed/{newest}/like", null, Cancel)).EnsureSuccessStatusCode();
        var cachedForAnybody = await ReadAsync(anonymous, "/feed?limit=5");

        App.Commands.Reset();
        var mine = await ReadAsync(me, "/feed?limit=5");
        var signedInCommands = App.Commands.Count;
        App.Commands.Reset();
        var anybodyAgain = await ReadAsync(anonymous, "/feed?limit=5");

        signedInCommands.Should().Be(1, "a signed-in caller's page is read for them");
        ((bool)mine["items"]![0]!["likedByMe"]!).Should().BeTrue();
        ((bool)cachedForAnybody["items"]![0]!["likedByMe"]!).Should().BeFalse();
        ((bool)anybodyAgain["items"]![0]!["likedByMe"]!).Should().BeFalse("the signed-in page was not stored for anybody");
        App.Commands.Count.Should().Be(0, "the anonymous page is still the cached one");
    }

    [Fact]
    public async Task Pages_past_the_first_and_other_limits_and_kinds_are_read_from_the_database()
    {
        var anonymous = App.CreateClient();
        var first = await ReadAsync(anonymous, "/feed?limit=5");
        var counts = new List<int>();
        string[] notFirstPages =
        [
            $"/feed?limit=5&before={first["nextCursor"]}",
            $"/feed?limit=5&before={first["nextCursor"]}",
            "/feed?limit=6",
            "/posts?limit=5",
            $"/feed?limit=5&after={first["refreshCursor"]}",
        ];
        foreach (var url in notFirstPages)
        {
            App.Commands.Reset();
            await ReadAsync(anonymous, url);
            counts.Add(App.Commands.Count);
        }

        counts.Should().Equal([1, 1, 1, 1, 1], "only first pages are cached, each limit and kind apart");
    }

    [Fact]
    public async Task A_write_behind_the_instances_back_shows_within_the_cache_duration()
    {
        var anonymous = App.CreateClient();
        await ReadAsync(anonymous, "/teams?limit=3");
        var added = await App.AddItemsAsync(3, _users, DateTime.UtcNow, TimeSpan.FromSeconds(1), seed: 42);
        var newestTeam = added.OfType<Team>().Select(t => t.Id).DefaultIfEmpty(-1).Max();

        await Task.Delay(PageCached.Duration + TimeSpan.FromMilliseconds(100), Cancel);
        var later = await ReadAsync(anonymous, "/teams?limit=3");

        if (newestTeam > 0)
        {
            Ids(later).Should().Contain(newestTeam, "a cached page lives no longer than PageCache:Duration");
        }

        Ids(later).Should().Equal(Ids(await ReadAsync(App.ClientFor(_users[2]), "/teams?limit=3")),
            "once expired, the page is the database's");
    }

    [Fact]
    public async Task A_cached_page_carries_the_callers_own_rate_limit_headers()
    {
        var anonymous = App.CreateClient();
        var remaining = new List<string>();
        // Three reads in one window of the limiter: a window that ends between two reads (a slow, loaded machine) starts
        // the count afresh, so the reads are taken again. A cache that replayed the first answer's headers fails every try.
        for (var attempt = 0; attempt < 5 && (attempt == 0 || remaining.Distinct().Count() < remaining.Count); attempt++)
        {
            remaining.Clear();
            for (var i = 0; i < 3; i++)
            {
                var response = await anonymous.GetAsync("/games?limit=2", Cancel);
                response.EnsureSuccessStatusCode();
                remaining.Add(string.Join(",", response.Headers.GetValues("RateLimit")));
            }
        }

        remaining.Should().OnlyHaveUniqueItems("each response says what is left for this caller now, cached or not");
    }

    [Fact]
    public async Task Many_writers_and_readers_at_once_leave_the_first_page_equal_to_the_database_once_it_expires()
    {
        var anonymous = App.CreateClient();
        var writes = Enumerable.Range(0, 24).Select(async i =>
        {
            var client = App.ClientFor(_users[i % _users.Count]);
            var posted = await client.PostAsJsonAsync("/posts", new { title = $"Storm {i}", body = "at once" }, Cancel);
            posted.EnsureSuccessStatusCode();
            if (i % 4 == 0) // a delete racing the reads and the other writes
            {
                var id = (long)(await ReadJsonAsync(posted))["id"]!;
                (await client.DeleteAsync($"/feed/{id}", Cancel)).EnsureSuccessStatusCode();
            }
        });
        var reads = Enumerable.Range(0, 48).Select(_ => ReadAsync(anonymous, "/feed?limit=10"));
        await Task.WhenAll(writes.Concat<Task>(reads));

        await Task.Delay(PageCached.Duration + TimeSpan.FromMilliseconds(100), Cancel);
        var settled = await ReadAsync(anonymous, "/feed?limit=10");

        Ids(settled).Should().Equal((await IdsNewestFirstAsync()).Take(10));
    }

    private async Task<JsonObject> ReadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Cancel);
        response.EnsureSuccessStatusCode();
        return await ReadJsonAsync(response);
    }
}
