using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Api.Problems;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Items;

/// <summary>The <c>Changes</c> configuration section: how long the change log keeps its rows, and how settled a row must be to be read.</summary>
public sealed class ChangeLogOptions
{
    public const string Section = "Changes";

    /// <summary>How long edits and deletions are kept; a token older than this is a 410 (reload the feed).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Only changes at least this old are read: a transaction stamps its change before it commits,
    /// so a row younger than this might still be followed by one that commits later with an earlier
    /// stamp. Reading behind this line is what keeps the log gap-free.
    /// </summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>What changed in the items a client holds since its token.</summary>
public sealed record FeedChangesResponse(
    [property: Description("Items edited since the token, as the caller sees them now (each once).")] IReadOnlyList<FeedItemResponse> Edited,
    [property: Description("Ids of items deleted since the token: drop them.")] IReadOnlyList<long> Deleted,
    [property: Description("Pass as `since` next time (it is bound to this listing).")] string Next,
    [property: Description("More changes wait: ask again at once with `next`.")] bool HasMore);

/// <summary>
/// The change log: edits and deletions, appended in the transaction that makes them, read from a
/// token in (At, Id) order (<c>GET /feed/changes</c>), swept after <see cref="ChangeLogOptions.Retention"/>.
/// </summary>
public static class ChangeLog
{
    public const int PageSize = 100;

    public static IHostApplicationBuilder AddFeedItems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChangeLogOptions>().BindConfiguration(ChangeLogOptions.Section)
            .Validate(o => o.Retention > TimeSpan.Zero && o.Settle >= TimeSpan.Zero, "Changes:Retention must be positive and Changes:Settle not negative.").ValidateOnStart();
        return builder;
    }

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

    /// <summary>Adds the change's row to <paramref name="db"/>'s unit of work: the caller saves it with the change itself.</summary>
    public static void Record(FeedDbContext db, FeedItem item, string change, DateTime at) =>
        db.FeedChanges.Add(new FeedChange(item.Id, item.Kind, item.AuthorId, change, at));

    /// <summary>Deletes a batch of rows past the retention: each change sweeps up after a few old ones, so no job is needed.</summary>
    public static Task SweepAsync(FeedDbContext db, HttpContext http, DateTime now, CancellationToken cancellationToken)
    {
        var cutoff = now - http.RequestServices.GetRequiredService<IOptions<ChangeLogOptions>>().Value.Retention;
        return db.FeedChanges.Where(c => c.At < cutoff).OrderBy(c => c.At).Take(PageSize).ExecuteDeleteAsync(cancellationToken);
    }

    public static async Task<Results<Ok<FeedChangesResponse>, ValidationProblem, GoneProblem>> GetChanges(
        [Description("A `next` from an earlier call; leave out to start from now.")] string? since,
        [Description("Narrow the feed to these kinds, comma-separated: `post`, `game`, `team`.")] string? types,
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
        var settled = FeedTime.ToFeedPrecision(now - options.Value.Settle);
        if (since is null)
        {
            return TypedResults.Ok(new FeedChangesResponse([], [], FeedCursor.Encode(new FeedPosition(settled, long.MaxValue), scope), HasMore: false));
        }

        if (!FeedCursor.TryDecode(since, scope, out var from, out var error))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = [error] });
        }

        if (from.At < now - options.Value.Retention)
        {
            return new GoneProblem($"Changes older than {options.Value.Retention.TotalDays:0.#} days are no longer kept. Reload the feed from its first page and start again without since.");
        }

        var changes = db.FeedChanges.Where(c => c.At < settled);
        if (listing.Kinds.Count is > 0 and var some && some < FeedKinds.All.Count)
        {
            var kinds = listing.Kinds.ToArray();
            changes = changes.Where(c => EF.Constant(kinds).Contains(c.Kind));
        }

        // One command for the log (an index range from the token), one for the edited items as the caller sees them now.
        var rows = await Keyset.After(changes, c => c.At, c => c.Id, from).Take(PageSize + 1).ToListAsync(cancellationToken);
        var hasMore = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();
        var next = rows.Count > 0 ? new FeedPosition(rows[^1].At, rows[^1].Id) : from;

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
}
