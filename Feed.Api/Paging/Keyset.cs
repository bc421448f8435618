using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Paging;

/// <summary>
/// Keyset paging, the same for every listing: one SQL command a page, whatever its size or depth.
/// <see cref="Window"/> reads <c>limit + 1</c> rows on the asked side of the anchor from an index
/// range (the extra row says whether the listing goes on) and, for a cursor page, with UNION ALL,
/// one row from the other side (the probe: whether it goes on that way too); <see cref="Cut"/>
/// makes the page of them.
/// </summary>
public static class Keyset
{
    /// <summary>
    /// The rows of <paramref name="source"/> that <paramref name="page"/> needs, ordered by
    /// (<paramref name="at"/>, <paramref name="id"/>) and projected by <paramref name="select"/> in
    /// each branch (so a "deferred join" can read only keys here). The OR form of the comparison
    /// (<c>at &lt; t OR (at = t AND id &lt; i)</c>) is what MariaDB turns into an index range; the
    /// row-value form scans the whole index.
    /// </summary>
    public static IQueryable<TResult> Window<TRow, TResult>(
        IQueryable<TRow> source,
        Expression<Func<TRow, DateTime>> at,
        Expression<Func<TRow, long>> id,
        PageRequest page,
        Expression<Func<TRow, TResult>> select)
    {
        var take = page.Limit + 1;
        var anchor = new Anchor(page.Anchor.At, page.Anchor.Id);
        return page.Direction switch
        {
            PageDirection.Before => Newest(source.Where(Compare(at, id, anchor, older: true, inclusive: false)), at, id).Take(take).Select(select)
                .Concat(Oldest(source.Where(Compare(at, id, anchor, older: false, inclusive: true)), at, id).Take(1).Select(select)),
            PageDirection.After => Oldest(source.Where(Compare(at, id, anchor, older: false, inclusive: false)), at, id).Take(take).Select(select)
                .Concat(Newest(source.Where(Compare(at, id, anchor, older: true, inclusive: true)), at, id).Take(1).Select(select)),
            _ => Newest(source, at, id).Take(take).Select(select),
        };
    }

    /// <summary>
    /// How many rows of <paramref name="source"/> are newer than <paramref name="anchor"/>, counting
    /// no further than <paramref name="cap"/> + 1 (so the caller can say "more than cap"): the
    /// same index range as a refresh page, stopped after cap + 1 keys; one SQL command.
    /// </summary>
    public static Task<int> CountNewerAsync<TRow>(
        IQueryable<TRow> source, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id, FeedPosition anchor, int cap, CancellationToken cancellationToken) =>
        source.Where(Compare(at, id, new Anchor(anchor.At, anchor.Id), older: false, inclusive: false)).Take(cap + 1).CountAsync(cancellationToken);

    /// <summary>The rows of <paramref name="source"/> after <paramref name="anchor"/>, oldest first: a log read from a position.</summary>
    public static IOrderedQueryable<TRow> After<TRow>(
        IQueryable<TRow> source, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id, FeedPosition anchor) =>
        Oldest(source.Where(Compare(at, id, new Anchor(anchor.At, anchor.Id), older: false, inclusive: false)), at, id);

    /// <summary>Reads the window and cuts the page: the page's one SQL command.</summary>
    public static async Task<PageSlice<TRow>> ReadAsync<TRow>(
        IQueryable<TRow> window, Func<TRow, FeedPosition> positionOf, PageRequest page, CancellationToken cancellationToken) =>
        Cut(await window.ToListAsync(cancellationToken), positionOf, page);

    /// <summary>
    /// Cuts the rows a <see cref="Window"/> read into the page, newest first, and tells whether the
    /// listing goes on past either end of it.
    /// </summary>
    public static PageSlice<TRow> Cut<TRow>(List<TRow> rows, Func<TRow, FeedPosition> positionOf, PageRequest page)
    {
        rows.Sort((a, b) => positionOf(b).CompareTo(positionOf(a)));
        var (kept, hasOlder, hasNewer) = page.Direction switch
        {
            PageDirection.Before => CutBefore(rows, positionOf, page),
            PageDirection.After => CutAfter(rows, positionOf, page),
            _ => (rows.Take(page.Limit).ToList(), rows.Count > page.Limit, false),
        };
        return new PageSlice<TRow>(kept, kept.Select(positionOf).ToList(), hasOlder, hasNewer);
    }

    private static (List<TRow>, bool HasOlder, bool HasNewer) CutBefore<TRow>(List<TRow> rows, Func<TRow, FeedPosition> positionOf, PageRequest page)
    {
        var older = rows.Where(r => positionOf(r).CompareTo(page.Anchor) < 0).ToList();
        var probedNewer = older.Count < rows.Count;
        return (older.Take(page.Limit).ToList(), older.Count > page.Limit, probedNewer);
    }

    /// <summary>
    /// Read upwards from the anchor: when more than a page arrived, this is the oldest page of
    /// them, and HasNewer tells the client to ask again from its top. No gap, ever.
    /// </summary>
    private static (List<TRow>, bool HasOlder, bool HasNewer) CutAfter<TRow>(List<TRow> rows, Func<TRow, FeedPosition> positionOf, PageRequest page)
    {
        var newer = rows.Where(r => positionOf(r).CompareTo(page.Anchor) > 0).ToList();
        var probedOlder = newer.Count < rows.Count;
        return (newer.Skip(Math.Max(0, newer.Count - page.Limit)).ToList(), probedOlder, newer.Count > page.Limit);
    }

    private static IOrderedQueryable<TRow> Newest<TRow>(IQueryable<TRow> rows, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id) =>
        rows.OrderByDescending(at).ThenByDescending(id);

    private static IOrderedQueryable<TRow> Oldest<TRow>(IQueryable<TRow> rows, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id) =>
        rows.OrderBy(at).ThenBy(id);

    /// <summary>
    /// <c>at &lt; t || (at == t &amp;&amp; id &lt; i)</c> (older) or the same with <c>&gt;</c> (newer),
    /// <c>&lt;=</c>/<c>&gt;=</c> on the id when <paramref name="inclusive"/>. The anchor's values are
    /// read from one closure, as a lambda's captured variables are, so EF sends them as two parameters.
    /// </summary>
    private static Expression<Func<TRow, bool>> Compare<TRow>(
        Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id, Anchor anchor, bool older, bool inclusive)
    {
        var row = at.Parameters[0];
        var atValue = at.Body;
        var idValue = new Replace(id.Parameters[0], row).Visit(id.Body);
        var captured = Expression.Constant(anchor);
        var time = Expression.Field(captured, nameof(Anchor.time));
        var key = Expression.Field(captured, nameof(Anchor.id));
        var beyond = older ? Expression.LessThan(atValue, time) : Expression.GreaterThan(atValue, time);
        var tie = (older, inclusive) switch
        {
            (true, false) => Expression.LessThan(idValue, key),
            (true, true) => Expression.LessThanOrEqual(idValue, key),
            (false, false) => Expression.GreaterThan(idValue, key),
            (false, true) => Expression.GreaterThanOrEqual(idValue, key),
        };
        return Expression.Lambda<Func<TRow, bool>>(Expression.OrElse(beyond, Expression.AndAlso(Expression.Equal(atValue, time), tie)), row);
    }

    /// <summary>The closure the comparisons read; its field names become the SQL parameters' (<c>@__time_0</c>, <c>@__id_1</c>).</summary>
    private sealed class Anchor(DateTime time, long id)
    {
#pragma warning disable IDE1006 // lower case on purpose: the names of the SQL parameters
        public readonly DateTime time = time;
        public readonly long id = id;
#pragma warning restore IDE1006
    }

    private sealed class Replace(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
