using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Paging;

/// <summary>
/// Keyset paging, the same for every listing: one SQL command a page, whatever its size or depth.
/// <see cref="Window"/> reads, from one index range, the anchor's own row and <c>limit + 1</c> rows
/// on the asked side of it: the extra row says whether the listing goes on that way, and the
/// anchor's row that it goes on the other way too (the anchor is the edge of a page the client
/// holds). <see cref="Cut"/> makes the page of them; only when the anchor's row was deleted in the
/// meantime does <see cref="ReadAsync"/> ask a second, one-row question (<c>EXISTS</c>).
/// </summary>
public static partial class Keyset
{
    /// <summary>
    /// The rows of <paramref name="source"/> that <paramref name="page"/> needs, ordered by
    /// (<paramref name="at"/>, <paramref name="id"/>) from the anchor (included) and projected by
    /// <paramref name="select"/> (so a "deferred join" can read only keys here): one index range
    /// (see <see cref="Compare"/>), no UNION, no temporary table beyond the first page's.
    /// </summary>
    public static IQueryable<TResult> Window<TRow, TResult>(
        IQueryable<TRow> source,
        Expression<Func<TRow, DateTime>> at,
        Expression<Func<TRow, long>> id,
        PageRequest page,
        Expression<Func<TRow, TResult>> select)
    {
        var anchor = new Anchor(page.Anchor.At, page.Anchor.Id);
        return page.Direction switch
        {
            PageDirection.Before => Newest(source.Where(Compare(at, id, anchor, older: true, inclusive: true)), at, id)
                .Take(Taken(page))
                .Select(select),
            PageDirection.After => Oldest(source.Where(Compare(at, id, anchor, older: false, inclusive: true)), at, id)
                .Take(Taken(page))
                .Select(select),
            _ => Newest(source, at, id).Take(Taken(page)).Select(select),
        };
    }

    /// <summary>
    /// How many rows of <paramref name="source"/> are newer than <paramref name="anchor"/>, counting
    /// no further than <paramref name="cap"/> + 1 (so the caller can say "more than cap"): the
    /// same index range as a refresh page, stopped after cap + 1 keys; one SQL command.
    /// </summary>
    public static Task<int> CountNewerAsync<TRow>(
        IQueryable<TRow> source,
        Expression<Func<TRow, DateTime>> at,
        Expression<Func<TRow, long>> id,
        FeedPosition anchor,
        int cap,
        CancellationToken cancellationToken) =>
        source.Where(Compare(at, id, new Anchor(anchor.At, anchor.Id), older: false, inclusive: false))
            .Take(cap + 1)
            .CountAsync(cancellationToken);

    /// <summary>The rows of <paramref name="source"/> after <paramref name="anchor"/>, oldest first: a log read from a position.</summary>
    public static IOrderedQueryable<TRow> After<TRow>(
        IQueryable<TRow> source, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id, FeedPosition anchor) =>
        Oldest(source.Where(Compare(at, id, new Anchor(anchor.At, anchor.Id), older: false, inclusive: false)), at, id);

    /// <summary>
    /// Reads <paramref name="window"/> (a <see cref="Window"/> of <paramref name="source"/>) and cuts
    /// the page: one SQL command. When the anchor's row is gone (deleted since the cursor was
    /// issued), whether the listing goes on past the anchor is asked of <paramref name="source"/>
    /// with a second command that stops at the first row.
    /// </summary>
    public static async Task<PageSlice<TResult>> ReadAsync<TRow, TResult>(
        IQueryable<TResult> window, Func<TResult, FeedPosition> positionOf, PageRequest page,
        IQueryable<TRow> source, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id,
        CancellationToken cancellationToken) =>
        await CompleteAsync(Cut(await window.ToListAsync(cancellationToken), positionOf, page), page, source, at, id, cancellationToken);

    /// <summary>
    /// Completes a <see cref="Cut"/> page: when its anchor's row was not read (deleted since), whether the
    /// listing goes on past the anchor is asked of <paramref name="source"/>, one row at most.
    /// </summary>
    public static async Task<PageSlice<TResult>> CompleteAsync<TRow, TResult>(
        PageSlice<TResult> slice, PageRequest page,
        IQueryable<TRow> source, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id, CancellationToken cancellationToken)
    {
        var anchor = new Anchor(page.Anchor.At, page.Anchor.Id);
        return page.Direction switch
        {
            PageDirection.Before when !slice.HasNewer => slice with
            {
                HasNewer = await source.AnyAsync(Compare(at, id, anchor, older: false, inclusive: false), cancellationToken),
            },
            PageDirection.After when !slice.HasOlder => slice with
            {
                HasOlder = await source.AnyAsync(Compare(at, id, anchor, older: true, inclusive: false), cancellationToken),
            },
            _ => slice,
        };
    }

    /// <summary>
    /// Cuts the rows a <see cref="Window"/> read into the page, newest first, and tells whether the
    /// listing goes on past either end of it: past the anchor when a row at or beyond it was read.
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

    private static (List<TRow>, bool HasOlder, bool HasNewer) CutBefore<TRow>(
        List<TRow> rows, Func<TRow, FeedPosition> positionOf, PageRequest page)
    {
        var older = rows.Where(r => positionOf(r).CompareTo(page.Anchor) < 0).ToList();
        var anchorRead = older.Count < rows.Count;
        return (older.Take(page.Limit).ToList(), older.Count > page.Limit, anchorRead);
    }

    /// <summary>
    /// Read upwards from the anchor: when more than a page arrived, this is the oldest page of
    /// them, and HasNewer tells the client to ask again from its top. No gap, ever.
    /// </summary>
    private static (List<TRow>, bool HasOlder, bool HasNewer) CutAfter<TRow>(
        List<TRow> rows, Func<TRow, FeedPosition> positionOf, PageRequest page)
    {
        var newer = rows.Where(r => positionOf(r).CompareTo(page.Anchor) > 0).ToList();
        var anchorRead = newer.Count < rows.Count;
        return (newer.Skip(Math.Max(0, newer.Count - page.Limit)).ToList(), anchorRead, newer.Count > page.Limit);
    }

    private static IOrderedQueryable<TRow> Newest<TRow>(
        IQueryable<TRow> rows, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id) =>
        rows.OrderByDescending(at).ThenByDescending(id);

    private static IOrderedQueryable<TRow> Oldest<TRow>(
        IQueryable<TRow> rows, Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id) =>
        rows.OrderBy(at).ThenBy(id);

    /// <summary>
    /// Older than the anchor: <c>at &lt;= t &amp;&amp; id &lt; (at == t ? i : long.MaxValue)</c>; newer:
    /// the same with <c>&gt;</c> and <c>long.MinValue</c>; <c>&lt;=</c>/<c>&gt;=</c> on the id when
    /// <paramref name="inclusive"/>. The database reads it as one index range on the time, from the
    /// anchor's, and the id test as a filter on it (rows of the anchor's time beyond the anchor
    /// are read and dropped: a page inside a run of equal times reads up to that run more). The
    /// form <c>at &lt; t || (at == t &amp;&amp; id &lt; i)</c> is exact but costs MariaDB two ranges to
    /// plan, a third more CPU than a first page (docs/benchmarks.md); the row-value form scans the
    /// whole index. The anchor's values are read from one closure, as a lambda's captured variables
    /// are, so EF sends them as two parameters.
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
        var range = older ? Expression.LessThanOrEqual(atValue, time) : Expression.GreaterThanOrEqual(atValue, time);
        var bound = Expression.Condition(Expression.Equal(atValue, time), key, Expression.Constant(older ? long.MaxValue : long.MinValue));
        var tie = (older, inclusive) switch
        {
            (true, false) => Expression.LessThan(idValue, bound),
            (true, true) => Expression.LessThanOrEqual(idValue, bound),
            (false, false) => Expression.GreaterThan(idValue, bound),
            (false, true) => Expression.GreaterThanOrEqual(idValue, bound),
        };
        return Expression.Lambda<Func<TRow, bool>>(Expression.AndAlso(range, tie), row);
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
