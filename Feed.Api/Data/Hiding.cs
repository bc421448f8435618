using System.Linq.Expressions;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Data;

/// <summary>
/// Whose items a caller is not shown: the users they blocked and those who blocked them (in every
/// listing), and with <see cref="Mutes"/> the users they muted (the mixed feed, kind feeds, home and
/// their live views). Each test is a primary-key probe of <c>Blocks</c> or <c>Mutes</c>, in the
/// listing's own SQL command: no extra command for anyone.
/// </summary>
public sealed record Hiding(long CallerId, bool Mutes)
{
    /// <summary>Whether the caller hides anyone at all: no row of the listing in it, so the database evaluates it once.</summary>
    public Expression<Func<TRow, bool>> Any<TRow>(FeedDbContext db)
    {
        var me = CallerId;
        return Mutes
            ? _ => db.Blocks.Any(b => b.BlockerId == me) || db.Blocks.Any(b => b.BlockedId == me) || db.Mutes.Any(m => m.MuterId == me)
            : _ => db.Blocks.Any(b => b.BlockerId == me) || db.Blocks.Any(b => b.BlockedId == me);
    }

    /// <summary>Whether the row's author (<paramref name="author"/>) is hidden from the caller: two or three primary-key probes.</summary>
    public Expression<Func<TRow, bool>> Hidden<TRow>(FeedDbContext db, Expression<Func<TRow, long>> author)
    {
        var me = CallerId;
        Expression<Func<long, bool>> hidden = Mutes
            ? a => db.Blocks.Any(b => b.BlockerId == me && b.BlockedId == a) || db.Blocks.Any(b => b.BlockerId == a && b.BlockedId == me)
                || db.Mutes.Any(m => m.MuterId == me && m.MutedId == a)
            : a => db.Blocks.Any(b => b.BlockerId == me && b.BlockedId == a) || db.Blocks.Any(b => b.BlockerId == a && b.BlockedId == me);
        var body = new Replace(hidden.Parameters[0], author.Body).Visit(hidden.Body);
        return Expression.Lambda<Func<TRow, bool>>(body, author.Parameters);
    }

    /// <summary>Whether the item with this id is by an author hidden from the caller: a primary-key read, then the probes.</summary>
    public Expression<Func<long, bool>> HiddenItem(FeedDbContext db)
    {
        var hidden = Hidden<FeedItem>(db, i => i.AuthorId);
        return id => db.FeedItems.Where(i => i.Id == id).Any(hidden);
    }

    /// <summary>Whether the item with this id in <paramref name="owner"/>'s home is by an author hidden from the caller.</summary>
    public Expression<Func<long, bool>> HiddenHomeEntry(FeedDbContext db, long owner)
    {
        var hidden = Hidden<HomeEntry>(db, h => h.AuthorId);
        return id => db.HomeEntries.Where(h => h.ItemId == id && h.OwnerId == owner).Any(hidden);
    }

    /// <summary>The negation of <see cref="Hidden{TRow}"/>: the rows the caller is shown.</summary>
    public Expression<Func<TRow, bool>> Shown<TRow>(FeedDbContext db, Expression<Func<TRow, long>> author)
    {
        var hidden = Hidden(db, author);
        return Expression.Lambda<Func<TRow, bool>>(Expression.Not(hidden.Body), hidden.Parameters);
    }

    /// <summary>
    /// How many of each kind of hidden author (blocked, blocking, muted) a reader that filters in memory holds: a stream
    /// holds at most three times this many ids whoever blocks the caller. Past it a stream may show an item the listings
    /// hide (never more than an anonymous subscriber sees).
    /// </summary>
    public const int HeldPerKind = 1_000;

    /// <summary>The authors hidden from the caller, for a reader that filters in memory (a stream): one command, bounded.</summary>
    public async Task<HashSet<long>> AuthorsAsync(FeedDbContext db, CancellationToken cancellationToken)
    {
        var me = CallerId;
        var blocked = db.Blocks.Where(b => b.BlockerId == me).OrderBy(b => b.BlockedId).Select(b => b.BlockedId).Take(HeldPerKind)
            .Concat(db.Blocks.Where(b => b.BlockedId == me).OrderBy(b => b.BlockerId).Select(b => b.BlockerId).Take(HeldPerKind));
        var all = Mutes
            ? blocked.Concat(db.Mutes.Where(m => m.MuterId == me).OrderBy(m => m.MutedId).Select(m => m.MutedId).Take(HeldPerKind))
            : blocked;
        return [.. await all.ToListAsync(cancellationToken)];
    }

    /// <summary>Whether a block stands between two users, either way: two primary-key probes.</summary>
    public static Task<bool> BetweenAsync(FeedDbContext db, long one, long other, CancellationToken cancellationToken) =>
        db.Blocks.AnyAsync(
            b => (b.BlockerId == one && b.BlockedId == other) || (b.BlockerId == other && b.BlockedId == one), cancellationToken);

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
