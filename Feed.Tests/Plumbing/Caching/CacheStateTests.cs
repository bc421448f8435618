using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Plumbing.Caching;

public sealed class CacheStateTests_Sqlite(PageCachedSqliteApp app) : CacheStateTests<PageCachedSqliteApp>(app);

public sealed class CacheStateTests_MariaDb(PageCachedMariaDbApp app) : CacheStateTests<PageCachedMariaDbApp>(app);

/// <summary>
/// An answer never depends on whether the page cache holds a page: a request is answered the same
/// before and after every other spelling of the same listing has been cached.
/// </summary>
public abstract class CacheStateTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private long _author;

    public override async ValueTask InitializeAsync()
    {
        await App.ArrangeOnceAsync("cache-state", async () =>
        {
            var users = await App.AddUsersAsync(2, seed: 60);
            await App.AddItemsAsync(30, users, DateTime.UtcNow.AddDays(-1), TimeSpan.FromDays(1), seed: 60);
        });
        await using (var scope = App.Db())
        {
            _author = await scope.Context.FeedItems.Select(i => i.AuthorId).FirstAsync(Cancel);
        }

        await Task.Delay(PageCached.Duration, Cancel); // what an earlier test cached has gone
    }

    public static TheoryData<string> Listings => ["/feed", "/posts", "/games", "/teams", "/users/{author}/items"];

    public static TheoryData<string> Spellings => ["?limit=", "?types=", "?limit=%2B20", "?limit=020", "?limit=20&limit=20", "?LIMIT=20"];

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task An_answer_never_depends_on_whether_the_page_cache_is_warm(string listing)
    {
        var anonymous = App.CreateClient();
        var path = listing.Replace("{author}", $"{_author}", StringComparison.Ordinal);
        var cold = new List<string>();
        foreach (var spelling in (string[])[.. Spellings.Select(row => (string)row.Data)])
        {
            cold.Add(await AnswerAsync(anonymous, path + spelling));
        }

        foreach (var warm in (string[])[path, path + "?limit=20", path + "?types=post"])
        {
            await anonymous.GetAsync(warm, Cancel);
        }

        var warmed = new List<string>();
        foreach (var spelling in (string[])[.. Spellings.Select(row => (string)row.Data)])
        {
            warmed.Add(await AnswerAsync(anonymous, path + spelling));
        }

        warmed.Should().Equal(cold, "a request is answered alike whatever the cache holds");
    }

    /// <summary>The status, and for an error the problem's errors (a page's body may change as time passes; its status may not).</summary>
    private async Task<string> AnswerAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Cancel);
        var errors = response.IsSuccessStatusCode ? "" : (await ReadJsonAsync(response))["errors"]?.ToJsonString();
        return $"{url} {(int)response.StatusCode} {errors}";
    }
}
