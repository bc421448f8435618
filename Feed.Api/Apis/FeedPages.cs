using Feed.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Feed.Api.Apis;

/// <summary>What every cursor-paged listing does with its query, its cursors and its Link header.</summary>
public static class FeedPages
{
    /// <summary>The cursor scope of a feed: its kinds, sorted, or <c>all</c>.</summary>
    public static string ScopeOf(IReadOnlyCollection<string> kinds) =>
        kinds.Count == 0 || kinds.Count == Domain.FeedKinds.All.Count ? "all" : string.Join(',', kinds.Order(StringComparer.Ordinal));

    /// <summary>Reads <c>before</c>/<c>after</c> of <paramref name="query"/> in <paramref name="scope"/>; errors name the parameter.</summary>
    public static bool TryReadCursor(PageQuery query, string scope, out PageDirection direction, out FeedPosition anchor, out Dictionary<string, string[]> errors)
    {
        direction = PageDirection.First;
        anchor = default;
        errors = [];
        if (query.Before is not null && query.After is not null)
        {
            errors["after"] = ["Pass either before (scroll down) or after (refresh), not both."];
            return false;
        }

        var (name, cursor) = query.Before is not null ? ("before", query.Before) : ("after", query.After);
        if (cursor is null)
        {
            return true;
        }

        if (!FeedCursor.TryDecode(cursor, scope, out anchor, out var error))
        {
            errors[name] = [error];
            return false;
        }

        direction = name == "before" ? PageDirection.Before : PageDirection.After;
        return true;
    }

    /// <summary>Reads one page of a feed of <paramref name="kinds"/> for the caller.</summary>
    public static async Task<Results<Ok<FeedPage<TItem>>, ValidationProblem>> ReadFeedAsync<TItem>(
        FeedDbContext db, HttpContext http, PageQuery query, IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
        where TItem : FeedItemResponse
    {
        var scope = ScopeOf(kinds);
        if (!TryReadCursor(query, scope, out var direction, out var anchor, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var limit = query.Limit ?? PageQuery.DefaultLimit;
        var slice = await db.ReadPageAsync(kinds, direction, anchor, limit, http.User.FeedUserId(), cancellationToken);
        var items = slice.Entries.Select(e => (TItem)FeedItemResponse.From(e)).ToList();
        return TypedResults.Ok(ToPage(http, items, slice.Entries.Select(e => FeedPosition.Of(e.Item)).ToList(), slice.HasOlder, slice.HasNewer, direction, anchor, scope));
    }

    /// <summary>Makes the page body and its RFC 8288 Link header (next: older, prev: newer).</summary>
    public static FeedPage<TItem> ToPage<TItem>(
        HttpContext http, IReadOnlyList<TItem> items, IReadOnlyList<FeedPosition> positions, bool hasOlder, bool hasNewer,
        PageDirection direction, FeedPosition anchor, string scope)
    {
        string? next = null;
        if (hasOlder)
        {
            next = FeedCursor.Encode(positions.Count > 0 ? positions[^1] : anchor, scope);
        }

        string? refresh = null;
        if (positions.Count > 0)
        {
            refresh = FeedCursor.Encode(positions[0], scope);
        }
        else if (direction == PageDirection.After)
        {
            refresh = FeedCursor.Encode(anchor, scope);
        }

        var links = new List<string>(2);
        if (next is not null)
        {
            links.Add($"<{LinkTo(http.Request, "before", next)}>; rel=\"next\"");
        }

        if (refresh is not null)
        {
            links.Add($"<{LinkTo(http.Request, "after", refresh)}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            http.Response.Headers.Link = string.Join(", ", links);
        }

        return new FeedPage<TItem>(items, next, refresh, hasNewer);
    }

    private static string LinkTo(HttpRequest request, string name, string cursor)
    {
        var query = request.Query
            .Where(p => p.Key is not ("before" or "after"))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new(name, cursor));
        return QueryHelpers.AddQueryString($"{request.PathBase}{request.Path}", query);
    }
}
