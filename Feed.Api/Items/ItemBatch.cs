using System.ComponentModel;
using System.Globalization;
using Feed.Api.Plumbing.Wire;

namespace Feed.Api.Items;

/// <summary>The items a batch read found, in the order asked, and the ids it did not.</summary>
public sealed record FeedItemsResponse(
    [property: Description("The items found, in the order their ids were asked.")] IReadOnlyList<FeedItemResponse> Items,
    [property: Description("The ids asked that are not (or no longer) items, in the order asked.")] IReadOnlyList<long> Missing);

public static class ItemBatch
{
    public const int MaxIds = 100;

    /// <summary>
    /// Reads <c>?ids=1,2,3</c>: positive ids, at most <see cref="MaxIds"/>, a repeat kept once (its
    /// first place); errors keyed <c>ids</c>.
    /// </summary>
    public static bool TryParse(string? ids, out List<long> asked, out Dictionary<string, string[]> errors)
    {
        asked = [];
        errors = [];
        if (string.IsNullOrEmpty(ids))
        {
            errors["ids"] = ["ids is required: item ids separated by commas, e.g. 1042,1041."];
            return false;
        }

        var parts = ids.Split(',');
        if (parts.Length > MaxIds)
        {
            errors["ids"] = [$"ids may name at most {MaxIds} items; {parts.Length} were given."];
            return false;
        }

        var seen = new HashSet<long>();
        foreach (var part in parts)
        {
            // Plain digits as every number in a URL (CanonicalNumbers): no spaces, no leading zeros.
            if (!CanonicalNumbers.IsCanonical(part) || !long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || id <= 0)
            {
                var shown = part.Length > 20 ? part[..20] + "…" : part;
                errors["ids"] =
                [
                    $"'{shown}' is not an item id: ids are positive whole numbers in plain digits, separated by single commas.",
                ];
                return false;
            }

            if (seen.Add(id))
            {
                asked.Add(id);
            }
        }

        return true;
    }
}
