using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Infrastructure;

/// <summary>
/// A test class runs against one engine: each behaviour is written once, in an abstract class
/// over <typeparamref name="TApp"/>, and derived for SQLite and for MariaDB. A class that needs
/// data arranges it in <see cref="InitializeAsync"/> (once per app with <see cref="FeedApp.ArrangeOnceAsync"/>).
/// </summary>
public abstract class FeedTest<TApp> : IClassFixture<TApp>, IAsyncLifetime
    where TApp : FeedApp
{
    protected FeedTest(TApp app)
    {
        Assert.SkipWhen(app.Unavailable is not null, app.Unavailable ?? "");
        App = app;
    }

    protected TApp App { get; }

    public virtual ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    protected static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!;

    /// <summary>The whole feed as the database orders it: (CreatedAt desc, Id desc).</summary>
    protected async Task<List<long>> IdsNewestFirstAsync(params string[] kinds)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedItems.OfKinds(kinds)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Select(i => i.Id)
            .ToListAsync(Cancel);
    }

    /// <summary>Follows <c>nextCursor</c> from <paramref name="url"/> to the end; every item id in order, and the pages.</summary>
    protected async Task<(List<long> Ids, List<JsonObject> Pages)> ScrollToEndAsync(HttpClient client, string url, string? before = null)
    {
        var ids = new List<long>();
        var pages = new List<JsonObject>();
        var next = before is null ? url : $"{url}{(url.Contains('?') ? '&' : '?')}before={before}";
        while (next is not null)
        {
            var response = await client.GetAsync(next, Cancel);
            response.EnsureSuccessStatusCode();
            var page = await ReadJsonAsync(response);
            pages.Add(page);
            ids.AddRange(Ids(page));
            var cursor = (string?)page["nextCursor"];
            next = cursor is null ? null : $"{url}{(url.Contains('?') ? '&' : '?')}before={cursor}";
            pages.Count.Should().BeLessThan(10_000, "paging must end");
        }

        return (ids, pages);
    }

    /// <summary>The cursor <paramref name="depth"/> items into the feed of <paramref name="kinds"/>, as the API would issue it.</summary>
    protected async Task<string> CursorAtAsync(int depth, params string[] kinds)
    {
        await using var scope = App.Db();
        var item = await scope.Context.FeedItems.OfKinds(kinds)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip(depth - 1).FirstAsync(Cancel);
        return FeedCursor.Encode(new FeedPosition(item.CreatedAt, item.Id), FeedListing.Of(kinds).Scope);
    }

    protected static List<long> Ids(JsonObject page) =>
        page["items"]!.AsArray().Select(i => (long)i!["id"]!).ToList();

    protected static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
