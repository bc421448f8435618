namespace Feed.Api.Data;

/// <summary>
/// The part of keyset paging that is the same for every listing: a query fetched up to
/// <c>limit + 1</c> rows on the requested side of the anchor, plus at most one row from the other
/// side (the probe); this cuts them into the page and tells whether the listing goes on.
/// </summary>
public static class Keyset
{
    public static (List<T> Page, bool HasOlder, bool HasNewer) Cut<T>(
        List<T> rows, Func<T, FeedPosition> positionOf, PageDirection direction, FeedPosition anchor, int limit)
    {
        rows.Sort((a, b) => positionOf(b).CompareTo(positionOf(a)));
        switch (direction)
        {
            case PageDirection.Before:
            {
                var older = rows.Where(r => positionOf(r).CompareTo(anchor) < 0).ToList();
                var probedNewer = older.Count < rows.Count;
                return (older.Take(limit).ToList(), older.Count > limit, probedNewer);
            }
            case PageDirection.After:
            {
                // Read upwards from the anchor: when more than a page arrived, this is the oldest page
                // of them, and HasNewer tells the client to ask again from its top. No gap, ever.
                var newer = rows.Where(r => positionOf(r).CompareTo(anchor) > 0).ToList();
                var probedOlder = newer.Count < rows.Count;
                return (newer.Skip(Math.Max(0, newer.Count - limit)).ToList(), probedOlder, newer.Count > limit);
            }
            default:
                return (rows.Take(limit).ToList(), rows.Count > limit, false);
        }
    }
}
