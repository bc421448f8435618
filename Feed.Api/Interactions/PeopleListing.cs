using System.Linq.Expressions;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;

namespace Feed.Api.Interactions;

/// <summary>
/// Who did something to one item or user — joined it, liked it, followed them — newest first, cursor-paged like the feed:
/// the one listing of people, over any (subject, user, time) rows with a (subject, time, user) index.
/// </summary>
/// <param name="Scope">What its cursors are bound to (<c>likes:42</c>): a cursor of another listing is refused.</param>
/// <param name="Rows">The rows, already narrowed to the item (and to items of the right kind).</param>
/// <param name="Exists">
/// Whether the item (or user) the listing is of exists: asked only when a page is empty, to tell
/// "nobody" from "no such item".
/// </param>
/// <param name="At">When the row was made: the listing's order, newest first.</param>
/// <param name="UserId">The person of the row: the tie-breaker of the order, and the join to their name.</param>
/// <param name="Person">What a client sees of a row and its user.</param>
/// <param name="PositionOf">Where a person of the page stands in the order: its row's time and user.</param>
public sealed record PeopleListing<TRow, TPerson>(
    string Scope,
    IQueryable<TRow> Rows,
    Func<CancellationToken, Task<bool>> Exists,
    Expression<Func<TRow, DateTime>> At,
    Expression<Func<TRow, long>> UserId,
    Expression<Func<TRow, User, TPerson>> Person,
    Func<TPerson, FeedPosition> PositionOf)
{
    /// <summary>
    /// One page: one SQL command — the window over the index and the names. Only an empty page asks
    /// whether the item exists; null when it does not.
    /// </summary>
    public async Task<PageSlice<TPerson>?> ReadAsync(FeedDbContext db, PageRequest page, CancellationToken cancellationToken)
    {
        var query = Keyset.Window(Rows, At, UserId, page, r => r).Join(db.Users, UserId, u => u.Id, Person);
        var slice = await Keyset.ReadAsync(query, PositionOf, page, Rows, At, UserId, cancellationToken);
        var empty = slice.Rows.Count == 0 && !slice.HasOlder && !slice.HasNewer;
        return empty && !await Exists(cancellationToken) ? null : slice;
    }
}
