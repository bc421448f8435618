using Feed.Domain;

namespace Feed.Api.Items;

/// <summary>
/// Which items a feed lists: some kinds, or every kind when none is named, of one author or of
/// everyone. Its <see cref="Scope"/> is what the listing's cursors are bound to, so a cursor from
/// one feed is refused by another.
/// </summary>
public sealed record FeedListing(IReadOnlyCollection<string> Kinds)
{
    /// <summary>Only this user's items (<c>/users/{id}/items</c>); null: everyone's.</summary>
    public long? AuthorId { get; init; }

    public static FeedListing Of(params string[] kinds) => new(new SortedSet<string>(kinds, StringComparer.Ordinal));

    /// <summary>The kinds, sorted and comma-separated, or <c>all</c>; an author's feed prefixes <c>author:{id}:</c>.</summary>
    public string Scope =>
        (AuthorId is { } author ? $"author:{author}:" : "")
        + (Kinds.Count == 0 || Kinds.Count == FeedKinds.All.Count ? "all" : string.Join(',', Kinds.Order(StringComparer.Ordinal)));

    /// <summary>
    /// Reads <c>?types=post,game</c>; an unknown kind or an empty element (<c>post,,game</c>, <c>,</c>)
    /// is an error keyed <c>types</c>.
    /// </summary>
    public static bool TryParse(string? types, out FeedListing listing, out Dictionary<string, string[]> errors)
    {
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        listing = new FeedListing(kinds);
        errors = [];
        if (string.IsNullOrEmpty(types))
        {
            return true;
        }

        foreach (var type in types.Split(',', StringSplitOptions.TrimEntries))
        {
            if (type.Length == 0)
            {
                errors["types"] = ["An empty type: pass kinds separated by single commas, e.g. post,game."];
                return false;
            }

            if (!FeedKinds.All.Contains(type))
            {
                var known = $"{string.Join(", ", FeedKinds.All.SkipLast(1))} or {FeedKinds.All[^1]}";
                errors["types"] = [$"Unknown type '{type}'. Use {known}, comma-separated."];
                return false;
            }

            kinds.Add(type);
        }

        return true;
    }
}
