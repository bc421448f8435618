using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Plumbing.Idempotency;

/// <summary>
/// The <c>Idempotency</c> section: what one user's keys may take in the database. Without caps, a
/// user editing a long post with a new key each time stored every answer whole (~61 KB a row).
/// </summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// Answered keys kept per user; past it the oldest are evicted (a retry of an evicted key runs the write again, so
    /// keep it above what a client retries within its retry window).
    /// </summary>
    public int MaxKeysPerUser { get; set; } = 1000;

    /// <summary>An answer's body is kept only up to this size; a larger one is kept as its status and <c>Location</c>.</summary>
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// The bodies one user's keys may keep in all; an answer that would go past it is kept as its status and <c>Location</c>.
    /// </summary>
    public long MaxBodyBytesPerUser { get; set; } = 1024 * 1024;
}

/// <summary>
/// Applies <see cref="IdempotencyOptions"/>: which body a key keeps, and the eviction of a user's
/// oldest answered keys. A key kept without its body replays its status, <c>Location</c> and
/// <c>Idempotent-Replayed: true</c> with an empty body (the work is still never done twice; the
/// client reads the resource for its current state). Keys go with their user (a cascading foreign
/// key) and expire after <see cref="IdempotentWrites.Lifetime"/>.
/// </summary>
public static class IdempotencyCaps
{
    /// <summary>The body to keep for a user's answer: itself, or null when it is too large for one key or for the user's budget.</summary>
    public static async Task<byte[]?> BodyToKeepAsync(FeedDbContext db, long userId, byte[]? body, IdempotencyOptions caps)
    {
        if (body is null || body.Length > caps.MaxBodyBytes)
        {
            return null;
        }

        var kept = await db.IdempotentRequests.Where(r => r.UserId == userId && r.ResponseBody != null)
            .SumAsync(r => (long)r.ResponseBody!.Length, CancellationToken.None);
        return kept + body.Length <= caps.MaxBodyBytesPerUser ? body : null;
    }

    /// <summary>
    /// Evicts the user's answered keys older than their newest <see cref="IdempotencyOptions.MaxKeysPerUser"/>: one query
    /// reading at most that many index entries, and a delete only when there is something past the cap. Keys whose first
    /// request still runs are left alone (the work may still commit).
    /// </summary>
    public static async Task EvictOldestAsync(FeedDbContext db, long userId, IdempotencyOptions caps)
    {
        var answered = db.IdempotentRequests.Where(r => r.UserId == userId && r.Status != null);
        var cutoff = await answered.OrderByDescending(r => r.CreatedAt).Skip(caps.MaxKeysPerUser)
            .Select(r => (DateTime?)r.CreatedAt).FirstOrDefaultAsync(CancellationToken.None);
        if (cutoff is { } oldestToEvict)
        {
            // The keys by primary key, a hundred at a time: the delete locks those rows only, not a range the
            // user's writes running at the same time insert into or update.
            var keys = await answered.Where(r => r.CreatedAt <= oldestToEvict).OrderBy(r => r.CreatedAt).Select(r => r.Key)
                .Take(100).ToListAsync(CancellationToken.None);
            await Resilience.RetryDeadlocksAsync(db, async () =>
                await db.IdempotentRequests.Where(r => r.UserId == userId && keys.Contains(r.Key))
                    .ExecuteDeleteAsync(CancellationToken.None), CancellationToken.None);
        }
    }
}
