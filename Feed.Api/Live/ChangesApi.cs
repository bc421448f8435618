using System.ComponentModel;
using System.Security.Claims;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feed.Api.Live;

/// <summary>What changed in the items a client holds since its token.</summary>
public sealed record FeedChangesResponse(
    [property: Description("Items edited since the token, as the caller sees them now (each once).")]
    IReadOnlyList<FeedItemResponse> Edited,
    [property: Description("Ids of items deleted since the token: drop them.")] IReadOnlyList<long> Deleted,
    [property: Description("Like, joined and comment counts of items whose counts changed since the token (and are not in `edited`), " +
        "as they are now: one entry per item however many likes came.")]
    IReadOnlyList<ItemCounts> Counts,
    [property: Description("Pass as `since` next time (it is bound to this listing).")] string Next,
    [property: Description("More changes wait: ask again at once with `next`.")] bool HasMore);

/// <summary>
/// <c>GET /feed/changes</c>: the edits, deletions and count changes of the change log (<see cref="ChangeLogReads"/>)
/// since a token, for a client that keeps a feed; <c>/feed/stream</c> sends creations too.
/// </summary>
public static class ChangesApi
{
    public static IEndpointRouteBuilder MapChangesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed/changes", GetChanges)
            .WithTags("Feed")
            .WithName(nameof(GetChanges))
            .WithSummary("What was edited or deleted")
            .WithDescription(
                "Edits, deletions and like, joined or comment count changes since `since` (a `next` from an earlier call), in the " +
                "listing's kinds (`types`). Without `since`: no changes, and a `next` that starts from now. Keep `next` with the " +
                "feed; when the app comes back, ask, replace the edited items, drop the deleted ones and update the counts; " +
                "while `hasMore`, ask again. Each call scans at most 1,000 changes of the log and `next` moves past all of " +
                "them, whatever `types` keeps (so an answer may be empty with `hasMore`). A token whose changes are older than " +
                "the retention (7 days), or more than 10,000 changes behind, is a 410: reload the feed.")
            .ProducesProblem(StatusCodes.Status410Gone);
        return app;
    }

    public static async Task<Results<Ok<FeedChangesResponse>, ValidationProblem, GoneProblem>> GetChanges(
        [Description("A `next` from an earlier call; leave out to start from now.")] string? since,
        [Description("Narrow the feed to these kinds, comma-separated.")] string? types,
        FeedReadDbContext db,
        ClaimsPrincipal user,
        IOptions<ChangeLogOptions> options,
        TimeProvider clock,
        MediaUrls urls,
        CancellationToken cancellationToken)
    {
        if (!FeedListing.TryParse(types, out var listing, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var scope = $"changes:{listing.Scope}";
        if (since is null)
        {
            var now = FeedTime.ToFeedPrecision(clock.GetUtcNow().UtcDateTime);
            var head = await ChangeLogReads.HeadAsync(db, cancellationToken);
            var start = FeedCursor.Encode(new FeedPosition(now, head), scope);
            return TypedResults.Ok(new FeedChangesResponse([], [], [], start, HasMore: false));
        }

        if (!FeedCursor.TryDecode(since, scope, out var from, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = [error] });
        }

        if (await ChangeLogReads.ReadAsync(db, from, listing, user.FeedUserId(), options.Value, cancellationToken) is not { } changes)
        {
            return Gone(options.Value);
        }

        return TypedResults.Ok(new FeedChangesResponse(
            [.. changes.Edited.Select(e => FeedItemResponse.From(e, urls))],
            changes.Deleted,
            changes.Counts,
            FeedCursor.Encode(changes.Next, scope),
            changes.HasMore));
    }

    /// <summary>The 410 for a position whose following changes were swept, or are too many to replay.</summary>
    public static GoneProblem Gone(ChangeLogOptions options)
    {
        var retention = options.Retention;
        var kept = retention.TotalDays >= 1 ? $"{retention.TotalDays:0.#} days" : $"{retention.TotalMinutes:0.#} minutes";
        return new($"Some changes after this position are no longer kept (the log keeps {kept}), or more than " +
            $"{options.MaxReplay:N0} changes follow it. Reload the feed from its first page and start again without since.");
    }
}
