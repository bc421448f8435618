using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Feed.Api.Paging;

/// <summary>The query string of every cursor-paged listing: <c>limit</c>, and <c>before</c> or <c>after</c>.</summary>
public sealed record PageParameters
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [FromQuery(Name = "limit")]
    [Description("How many items to return, in plain digits (no sign, spaces or leading zeros).")]
    [DefaultValue(DefaultLimit)]
    [Range(1, MaxLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "before")]
    [Description("Scroll down: the items just older than this cursor (a page's `nextCursor`). Not with `after`.")]
    public string? Before { get; init; }

    [FromQuery(Name = "after")]
    [Description(
        "Pull to refresh: the items just newer than this cursor (a page's `refreshCursor`), gap-free; " +
        "when `hasNewer` is true, ask again with the new `refreshCursor`. Not with `before`.")]
    public string? After { get; init; }

    /// <summary>
    /// The page these parameters ask of the listing <paramref name="scope"/>; false, with errors
    /// keyed by the parameter's name, when the cursor is not one issued for it.
    /// </summary>
    public bool TryRead(string scope, long? callerId, out PageRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        request = PageRequest.First(scope, Limit ?? DefaultLimit, callerId);
        if (Before is not null && After is not null)
        {
            errors["after"] = ["Pass either before (scroll down) or after (refresh), not both."];
            return false;
        }

        var (name, cursor, direction) = Before is not null
            ? ("before", Before, PageDirection.Before)
            : ("after", After, PageDirection.After);
        if (cursor is null)
        {
            return true;
        }

        if (!FeedCursor.TryDecode(cursor, scope, out var anchor, out var error))
        {
            errors[name] = [error];
            return false;
        }

        request = request with { Direction = direction, Anchor = anchor };
        return true;
    }
}
