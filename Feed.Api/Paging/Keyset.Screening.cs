using System.Linq.Expressions;

namespace Feed.Api.Paging;

/// <summary>A key a screened page reads: its place, whether the caller is shown it, and whether it is the scan's last.</summary>
public sealed class ScreenedKey
{
    public long Id { get; init; }

    public DateTime At { get; init; }

    public bool Hidden { get; init; }

    /// <summary>The last row the scan reached (shown or not): where the next page starts when too few rows were shown.</summary>
    public bool Edge { get; init; }
}

/// <summary>
/// Pages that leave some rows out for their caller (blocked and muted authors) at a bounded cost. A
/// filter on the keyset range would read every hidden row it passes: thousands when the caller blocked
/// the most prolific author. A screened page instead scans at most <c>limit + extra</c> rows from the
/// anchor, shows those not hidden, and when fewer than a page survive, the next page starts at the
/// last row scanned (a short page: the contract allows it; the end is where the scan reached the end).
/// A caller who hides nobody pays nothing: the two ways are one <c>UNION</c>, each side behind a test
/// of whether the caller hides anyone, which has no row in it, so the database evaluates it once and
/// reads the side it rules out not at all. The sides are disjoint, so they are combined with <c>UNION ALL</c> (EF needs
/// no identity for the rows since they are read flat: <c>FeedRow</c>).
/// </summary>
public static partial class Keyset
{
    /// <summary>
    /// The keys a screened page of <paramref name="source"/> needs: when the caller hides nobody
    /// (<paramref name="any"/> false), the plain <see cref="Window"/>; otherwise the rows shown among the
    /// first <c>limit + extra</c> from the anchor (and the anchor's own row, shown or not), at most a page
    /// of them, and the last row scanned, marked <see cref="ScreenedKey.Edge"/>. One SQL query.
    /// </summary>
    public static IQueryable<ScreenedKey> Screened<TRow>(
        IQueryable<TRow> source,
        Expression<Func<TRow, DateTime>> at,
        Expression<Func<TRow, long>> id,
        PageRequest page,
        Expression<Func<TRow, bool>> any,
        Expression<Func<long, bool>> hidden,
        int extra)
    {
        var none = Expression.Lambda<Func<TRow, bool>>(Expression.Not(any.Body), any.Parameters);
        var clean = Window(source.Where(none), at, id, page, Key(at, id, edge: false));

        // The scans read only the keys (an index-only range: the plan stays a range whatever the statistics say);
        // whether a row is hidden is asked of its key, for the rows read.
        var hiding = source.Where(any);
        var wide = page with { Limit = page.Limit + extra };
        var scanned = Window(hiding, at, id, wide, Key(at, id, edge: false)).Select(Judged(hidden));
        var (anchorAt, anchorId) = (page.Anchor.At, page.Anchor.Id);
        var first = page.Direction == PageDirection.First;
        var shownOrAnchor = scanned.Where(k => !k.Hidden || (!first && k.At == anchorAt && k.Id == anchorId));
        var shown = (page.Direction == PageDirection.After
                ? shownOrAnchor.OrderBy(k => k.At).ThenBy(k => k.Id)
                : shownOrAnchor.OrderByDescending(k => k.At).ThenByDescending(k => k.Id))
            .Take(page.Limit + (first ? 1 : 2));

        var from = new Anchor(anchorAt, anchorId);
        var range = page.Direction switch
        {
            PageDirection.Before => Newest(hiding.Where(Compare(at, id, from, older: true, inclusive: true)), at, id),
            PageDirection.After => Oldest(hiding.Where(Compare(at, id, from, older: false, inclusive: true)), at, id),
            _ => Newest(hiding, at, id),
        };
        var edge = range.Skip(wide.Limit + (first ? 0 : 1)).Take(1).Select(Key(at, id, edge: true));
        return clean.Concat(shown).Concat(edge); // disjoint (the tests of any, the edge mark): UNION ALL, no dedup
    }

    /// <summary>
    /// The keys of <paramref name="source"/> newer than <paramref name="anchor"/> a count of new items counts, up
    /// to <paramref name="cap"/> + 1: for a caller who hides nobody the first cap + 1; otherwise those shown among
    /// the first cap + 1 + <paramref name="extra"/> (a bounded scan: past a long hidden run the count is a lower
    /// bound, as a page is short there). Count them in one command.
    /// </summary>
    public static IQueryable<long> CountableNewer<TRow>(
        IQueryable<TRow> source,
        Expression<Func<TRow, DateTime>> at,
        Expression<Func<TRow, long>> id,
        FeedPosition anchor,
        int cap,
        Expression<Func<TRow, bool>> any,
        Expression<Func<long, bool>> hidden,
        int extra)
    {
        var none = Expression.Lambda<Func<TRow, bool>>(Expression.Not(any.Body), any.Parameters);
        var idOf = Expression.Lambda<Func<TRow, long>>(new Replace(id.Parameters[0], at.Parameters[0]).Visit(id.Body), at.Parameters);
        var clean = After(source.Where(none), at, id, anchor).Select(idOf).Take(cap + 1);
        var shown = Expression.Lambda<Func<long, bool>>(Expression.Not(hidden.Body), hidden.Parameters);
        var scanned = After(source.Where(any), at, id, anchor).Select(idOf).Take(cap + 1 + extra).Where(shown).Take(cap + 1);
        return clean.Concat(scanned);
    }

    /// <summary>
    /// Cuts a <see cref="Screened{TRow}"/> page: the rows shown as <see cref="Cut"/> does, and when the scan
    /// stopped at its edge before a whole page was shown, the listing goes on from the edge.
    /// </summary>
    public static PageSlice<TRow> CutScreened<TRow>(
        List<TRow> rows, Func<TRow, FeedPosition> positionOf, Func<TRow, bool> isEdge, PageRequest page)
    {
        var edges = rows.Where(isEdge).Select(positionOf).ToList();
        var slice = Cut(rows.Where(r => !isEdge(r)).ToList(), positionOf, page);
        if (edges is not [var edge])
        {
            return slice;
        }

        return page.Direction == PageDirection.After
            ? slice.HasNewer ? slice : slice with { HasNewer = true, NewerEdge = edge }
            : slice.HasOlder ? slice : slice with { HasOlder = true, OlderEdge = edge };
    }

    private static Expression<Func<TRow, ScreenedKey>> Key<TRow>(
        Expression<Func<TRow, DateTime>> at, Expression<Func<TRow, long>> id, bool edge)
    {
        var row = at.Parameters[0];
        var init = Expression.MemberInit(
            Expression.New(typeof(ScreenedKey)),
            Expression.Bind(typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.Id))!, new Replace(id.Parameters[0], row).Visit(id.Body)),
            Expression.Bind(typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.At))!, at.Body),
            Expression.Bind(typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.Hidden))!, Expression.Constant(false)),
            Expression.Bind(typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.Edge))!, Expression.Constant(edge)));
        return Expression.Lambda<Func<TRow, ScreenedKey>>(init, row);
    }

    /// <summary>A key with <see cref="ScreenedKey.Hidden"/> asked of its id.</summary>
    private static Expression<Func<ScreenedKey, ScreenedKey>> Judged(Expression<Func<long, bool>> hidden)
    {
        var key = Expression.Parameter(typeof(ScreenedKey), "k");
        var keyId = Expression.Property(key, nameof(ScreenedKey.Id));
        var init = Expression.MemberInit(
            Expression.New(typeof(ScreenedKey)),
            Expression.Bind(typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.Id))!, keyId),
            Expression.Bind(typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.At))!, Expression.Property(key, nameof(ScreenedKey.At))),
            Expression.Bind(
                typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.Hidden))!, new Swap(hidden.Parameters[0], keyId).Visit(hidden.Body)),
            Expression.Bind(typeof(ScreenedKey).GetProperty(nameof(ScreenedKey.Edge))!, Expression.Constant(false)));
        return Expression.Lambda<Func<ScreenedKey, ScreenedKey>>(init, key);
    }

    private sealed class Swap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
