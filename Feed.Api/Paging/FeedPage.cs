using System.ComponentModel;
using Microsoft.AspNetCore.WebUtilities;

namespace Feed.Api.Paging;

/// <summary>
/// A page of a feed, newest first. Follow <c>nextCursor</c> with <c>before</c> to scroll down (it
/// is null only at the end of the feed: never infer the end from a short page); keep
/// <c>refreshCursor</c> and send it later as <c>after</c> to fetch what arrived since.
/// </summary>
public sealed record FeedPage<TItem>(
    [property: Description("The items, newest first.")] IReadOnlyList<TItem> Items,
    [property: Description("Pass as `before` for the next older page; null only at the end of the feed.")] string? NextCursor,
    [property: Description(
        "The newest item of this page (for an empty refresh, the cursor given); pass as `after` to pull to refresh.")]
    string? RefreshCursor,
    [property: Description("Whether items newer than this page exist.")] bool HasNewer);

public static class FeedPages
{
    /// <summary>
    /// The page body of <paramref name="slice"/>, its rows mapped by <paramref name="map"/>, with
    /// cursors bound to the request's scope; the same links go in an RFC 8288 <c>Link</c> header
    /// (next: older, prev: newer).
    /// </summary>
    public static FeedPage<TItem> ToPage<TRow, TItem>(
        this PageSlice<TRow> slice, PageRequest request, HttpContext http, Func<TRow, TItem> map)
    {
        var positions = slice.Positions;
        string? next = null;
        if (slice.HasOlder)
        {
            next = FeedCursor.Encode(slice.OlderEdge ?? (positions.Count > 0 ? positions[^1] : request.Anchor), request.Scope);
        }

        string? refresh = null;
        if (slice.NewerEdge is { } newest)
        {
            refresh = FeedCursor.Encode(newest, request.Scope);
        }
        else if (positions.Count > 0)
        {
            refresh = FeedCursor.Encode(positions[0], request.Scope);
        }
        else if (request.Direction == PageDirection.After)
        {
            refresh = FeedCursor.Encode(request.Anchor, request.Scope);
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

        return new FeedPage<TItem>(slice.Rows.Select(map).ToList(), next, refresh, slice.HasNewer);
    }

    private static string LinkTo(HttpRequest request, string name, string cursor)
    {
        var query = request.Query
            .Where(p => p.Key is "limit" or "types") // only what the listing reads: a link never echoes anything else
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)))
            .Append(new(name, cursor));
        return QueryHelpers.AddQueryString($"{request.PathBase}{request.Path}", query);
    }
}
