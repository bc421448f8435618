using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Follows;

/// <summary>
/// Reads homes as the endpoints serve them, knowing whether any author is read at read time. While
/// none is (most services, most of the time) a page is one SQL command: the inbox's range, which also
/// says whether some user has become pulled since (a subquery the database evaluates once). The first
/// page that learns so is read again with the merge, and from then on (the mark is never taken back)
/// every page first finds the pulled authors its owner follows: two commands.
/// </summary>
public sealed class HomeTimeline(IOptions<HomeOptions> options, TimeProvider clock)
{
    private readonly TimeSpan _settle = options.Value.PullSettle;
    private volatile bool _some; // a user is pulled: for good

    /// <summary>One page of <paramref name="owner"/>'s home.</summary>
    public async Task<PageSlice<HomeRow>> ReadPageAsync(
        FeedDbContext db, long owner, FeedListing listing, PageRequest page, CancellationToken cancellationToken)
    {
        var merge = await MergeAsync(db, owner, ask: false, cancellationToken);
        var rows = await ReadAsync(db, owner, listing, page, merge, cancellationToken);
        if (!_some && (rows.Count > 0 ? rows[0].SomePulled : await AnyPulledAsync(db, cancellationToken)))
        {
            _some = true;
            merge = await MergeAsync(db, owner, ask: false, cancellationToken);
            rows = await ReadAsync(db, owner, listing, page, merge, cancellationToken);
        }

        return await HomeReads.CutAsync(db, owner, listing, page, merge, rows, cancellationToken);
    }

    /// <summary>
    /// The page's rows. A home whose owner follows nobody read at read time (most homes) is one range of the inbox: the EF
    /// compiled query of its kinds and direction (<see cref="Keyset.Compile"/>, as the feeds' pages), with the owner,
    /// the anchor and the limit as parameters; a merged home is built for its followees each time.
    /// </summary>
    private static async Task<List<HomeRow>> ReadAsync(
        FeedDbContext db, long owner, FeedListing listing, PageRequest page, HomeMerge merge, CancellationToken cancellationToken)
    {
        if (merge.Followees.Count > 0)
        {
            return await HomeReads.ReadAsync(HomeReads.PageQuery(db, owner, listing, page, merge), cancellationToken);
        }

        var rows = await InboxPages.ReadAsync(
            db, listing.Scope, page with { CallerId = owner },
            template => HomeReads.PageQuery(db, template.CallerId!.Value, listing, template, merge), cancellationToken);
        return HomeReads.Grouped(rows);
    }

    private static readonly CompiledPages<FeedDbContext, string, HomeReadRow> InboxPages = new();

    /// <summary>How many items are newer than <paramref name="anchor"/>, up to <paramref name="cap"/> + 1.</summary>
    public async Task<int> CountNewerAsync(
        FeedDbContext db, long owner, FeedListing listing, FeedPosition anchor, int cap, CancellationToken cancellationToken)
    {
        var merge = await MergeAsync(db, owner, ask: true, cancellationToken);
        return await HomeReads.CountNewerAsync(db, owner, listing, anchor, cap, merge, cancellationToken);
    }

    /// <summary>
    /// The pulled authors <paramref name="owner"/> follows, once any user is known to be pulled (asking
    /// the database whether one is when <paramref name="ask"/>).
    /// </summary>
    private async Task<HomeMerge> MergeAsync(FeedDbContext db, long owner, bool ask, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (!_some && !(ask && (_some = await AnyPulledAsync(db, cancellationToken))))
        {
            return new HomeMerge([], _settle, now);
        }

        return new HomeMerge(await HomeReads.PulledFolloweesAsync(db, owner, cancellationToken), _settle, now);
    }

    private static Task<bool> AnyPulledAsync(FeedDbContext db, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.PulledSince != null, cancellationToken);
}
