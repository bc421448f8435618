using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Media;

/// <summary>How one render ended (<see cref="MediaRendering.RenderNextAsync"/>).</summary>
public enum RenderOutcome
{
    Ready,
    Failed,

    /// <summary>The media was deleted while it rendered: what was written is queued for deletion.</summary>
    Gone,
}

/// <summary>
/// The larger renditions of uploads, rendered in the background from the upload kept in the store.
/// The work lives in the database, as the homes' fan-out does: a processing row is claimed by any
/// instance's worker for a lease (<see cref="MediaOptions.ClaimLease"/>; on MySQL the claim is
/// <c>FOR UPDATE SKIP LOCKED</c>, so workers take different rows; SQLite has one writer), rendered outside
/// any transaction, stored, then marked ready in one short transaction that also queues the upload's
/// deletion. A worker that dies half-way leaves its claim to expire; the next one renders again, and a
/// rendition written twice is the same bytes under the same key.
/// </summary>
public static class MediaRendering
{
    /// <summary>What it did to one upload, or null when none was waiting.</summary>
    public static async Task<RenderOutcome?> RenderNextAsync(
        FeedDbContext db, IMediaStore store, MediaImaging imaging, MediaOptions options, DateTime now, CancellationToken cancellationToken)
    {
        var media = await ClaimAsync(db, options, now, cancellationToken);
        if (media is null)
        {
            return null;
        }

        if (media.Attempts > options.MaxAttempts)
        {
            return await FinishAsync(db, media, null, now, cancellationToken);
        }

        await using var upload = await store.OpenAsync(MediaKeys.Upload(media.StorageToken), cancellationToken);
        if (upload is null)
        {
            return await FinishAsync(db, media, null, now, cancellationToken); // nothing to render from
        }

        var bytes = new byte[upload.Length];
        await upload.Content.ReadExactlyAsync(bytes, cancellationToken);
        IReadOnlyList<Images.Rendition> renditions;
        try
        {
            renditions = await imaging.RenderRestAsync(bytes, cancellationToken);
        }
        catch (Images.ImageRejectedException)
        {
            return await FinishAsync(db, media, null, now, cancellationToken); // it passed the first pass; a later one refused it
        }

        var files = new List<MediaFile>(media.Files);
        foreach (var rendition in renditions)
        {
            var file = new MediaFile(rendition.Name, rendition.Width, rendition.Height, MediaKeys.Extension(rendition.ContentType));
            await store.PutAsync(MediaKeys.File(media.StorageToken, file), rendition.Bytes, rendition.ContentType, cancellationToken);
            files.RemoveAll(f => f.Name == file.Name);
            files.Add(file);
        }

        return await FinishAsync(db, media, files, now, cancellationToken);
    }

    /// <summary>
    /// Takes the oldest processing upload whose claim is free or expired, for a lease from now, in one short transaction.
    /// </summary>
    private static Task<MediaObject?> ClaimAsync(
        FeedDbContext db, MediaOptions options, DateTime now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            var processing = db.Media.Where(m => m.Status == MediaStatus.Processing);
            if (!await processing.AnyAsync(cancellationToken))
            {
                return null; // idle: one read, no transaction (on SQLite a transaction takes the write lock)
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var free = processing.Where(m => m.ClaimedUntil == null || m.ClaimedUntil < now);
            var claim = db.Database.IsMySql()
                ? db.Media.FromSqlRaw(
                    "SELECT * FROM `Media` WHERE `Status` = 'Processing' AND (`ClaimedUntil` IS NULL OR `ClaimedUntil` < {0}) " +
                    "ORDER BY `Status`, `Id` LIMIT 1 FOR UPDATE SKIP LOCKED",
                    now)
                : free.OrderBy(m => m.Id).Take(1);
            // Not composed further: MariaDB takes no locking clause inside a derived table.
            var media = (await claim.AsNoTracking().ToListAsync(cancellationToken)).FirstOrDefault();
            if (media is not null)
            {
                var until = FeedTime.ToFeedPrecision(now + options.ClaimLease);
                await db.Media.Where(m => m.Id == media.Id).ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                media = await db.Media.AsNoTracking().SingleAsync(m => m.Id == media.Id, cancellationToken);
            }

            return media;
        }, cancellationToken);

    /// <summary>
    /// Marks the upload ready with <paramref name="files"/> (or failed when null) if it is still processing, and queues
    /// the upload's own bytes for deletion, in one transaction; when the row is gone, queues what was written instead.
    /// </summary>
    private static Task<RenderOutcome?> FinishAsync(
        FeedDbContext db, MediaObject media, List<MediaFile>? files, DateTime now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = db.Media.Where(m => m.Id == media.Id && m.Status == MediaStatus.Processing);
            var status = files is null ? MediaStatus.Failed : MediaStatus.Ready;
            IReadOnlyList<MediaFile> stored = [.. (files ?? []).OrderBy(f => f.Width)];
            var marked = files is null
                ? await row.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status).SetProperty(m => m.ClaimedUntil, (DateTime?)null),
                    cancellationToken)
                : await row.ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.Status, status).SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                        .SetProperty(m => m.Files, stored),
                    cancellationToken);
            var gone = marked == 0 && !await db.Media.AnyAsync(m => m.Id == media.Id, cancellationToken);
            IEnumerable<string> keys = marked > 0 ? [MediaKeys.Upload(media.StorageToken)] : gone ? MediaKeys.All(media) : [];
            MediaRemoval.Enqueue(db, keys, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (RenderOutcome?)(gone ? RenderOutcome.Gone : status == MediaStatus.Ready ? RenderOutcome.Ready : RenderOutcome.Failed);
        }, cancellationToken);
}
