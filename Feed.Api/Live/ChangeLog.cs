using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Feed.Api.Items;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;

namespace Feed.Api.Live;

/// <summary>What changed in the items a client holds since its token.</summary>
public sealed record FeedChangesResponse(
    [property: Description("Items edited since the token, as the caller sees them now (each once).")] IReadOnlyList<FeedItemResponse> Edited,
    [property: Description("Ids of items deleted since the token: drop them.")] IReadOnlyList<long> Deleted,
    [property: Description("Pass as `since` next time (it is bound to this listing).")] string Next,
    [property: Description("More changes wait: ask again at once with `next`.")] bool HasMore);

/// <summary>
/// The change log: creations, edits and deletions, appended in the transaction that makes them with
/// a commit-ordered number (<see cref="FeedChange.Seq"/>), read from a token (<c>GET /feed/changes</c>
/// for edits and deletions, <c>/feed/stream</c> for all three), swept after <see cref="ChangeLogOptions.Retention"/>.
/// </summary>
public static class ChangeLog
{
    public const int PageSize = 100;

    public static IEndpointRouteBuilder MapChangeLog(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed/changes", GetChanges)
            .WithTags("Feed")
            .WithName(nameof(GetChanges))
            .WithSummary("What was edited or deleted")
            .WithDescription("Edits and deletions since `since` (a `next` from an earlier call), in the listing's kinds (`types`). Without `since`: " +
                "no changes, and a `next` that starts from now. Keep `next` with the feed; when the app comes back, ask, replace the edited items " +
                "and drop the deleted ones; while `hasMore`, ask again. A token older than the retention (7 days) is a 410: reload the feed.")
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    /// <summary>
    /// Whether changes after <paramref name="seq"/> were swept: numbers have no gaps, so if the log
    /// has moved past <paramref name="seq"/> and its oldest row is not the next one, some are gone.
    /// </summary>
    public static async Task<bool> SweptSinceAsync(FeedDbContext db, long seq, CancellationToken cancellationToken)
    {
        var head = await db.FeedSequences.Where(s => s.Name == FeedSequence.Changes).Select(s => s.Value).SingleAsync(cancellationToken);
        if (head <= seq)
        {
            return false;
        }

        var oldest = await db.FeedChanges.Select(c => (long?)c.Seq).MinAsync(cancellationToken);
        return oldest is null || oldest > seq + 1;
    }

    public static async Task<Results<Ok<FeedChangesResponse>, ValidationProblem, GoneProblem>> GetChanges(
        [Description("A `next` from an earlier call; leave out to start from now.")] string? since,
        [Description("Narrow the feed to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        HttpContext http,
        IOptions<ChangeLogOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (!FeedListing.TryParse(types, out var listing, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var scope = $"changes:{listing.Scope}";
        var now = clock.GetUtcNow().UtcDateTime;
        if (since is null)
        {
            var head = await db.FeedSequences.Where(s => s.Name == FeedSequence.Changes).Select(s => s.Value).SingleAsync(cancellationToken);
            return TypedResults.Ok(new FeedChangesResponse([], [], FeedCursor.Encode(new FeedPosition(FeedTime.ToFeedPrecision(now), head), scope), HasMore: false));
        }

        if (!FeedCursor.TryDecode(since, scope, out var from, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = [error] });
        }

        if (await SweptSinceAsync(db, from.Id, cancellationToken))
        {
            return Gone(options.Value);
        }

        // One command for the log (a range of the Seq index), one for the edited items as the caller sees them now.
        var rows = await Since(db, from.Id, listing).Where(c => c.Change != FeedChange.Created).Take(PageSize + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        var next = rows.Count > 0 ? new FeedPosition(rows[^1].At, rows[^1].Seq) : from;

        var deleted = rows.Where(c => c.Change == FeedChange.Deleted).Select(c => c.ItemId).Distinct().ToList();
        var editedIds = rows.Where(c => c.Change == FeedChange.Edited).Select(c => c.ItemId).Distinct().Except(deleted).ToList();
        var edited = editedIds.Count == 0
            ? []
            : await db.FeedItems.Where(i => EF.Constant(editedIds).Contains(i.Id)).ToEntries(db, http.User.FeedUserId()).ToListAsync(cancellationToken);
        return TypedResults.Ok(new FeedChangesResponse(
            [.. edited.OrderBy(e => editedIds.IndexOf(e.Item.Id)).Select(FeedItemResponse.From)],
            deleted,
            FeedCursor.Encode(next, scope),
            hasMore));
    }

    /// <summary>The 410 for a position whose following changes were swept.</summary>
    public static GoneProblem Gone(ChangeLogOptions options) => new(
        $"Some changes after this position are no longer kept (the log keeps {(options.Retention.TotalDays >= 1 ? $"{options.Retention.TotalDays:0.#} days" : $"{options.Retention.TotalMinutes:0.#} minutes")}). " +
        "Reload the feed from its first page and start again without since.");

    /// <summary>The changes after <paramref name="seq"/> in commit order, of the listing's kinds.</summary>
    public static IQueryable<FeedChange> Since(FeedDbContext db, long seq, FeedListing listing)
    {
        var changes = db.FeedChanges.Where(c => c.Seq > seq);
        if (listing.Kinds.Count is > 0 and var some && some < FeedKinds.All.Count)
        {
            var kinds = listing.Kinds.ToArray();
            changes = changes.Where(c => EF.Constant(kinds).Contains(c.Kind));
        }

        return changes.OrderBy(c => c.Seq);
    }
}
