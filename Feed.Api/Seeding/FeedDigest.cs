using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Seeding;

/// <summary>
/// A SHA-256 of the feed's content (users with their follow counts and avatars, follows, items, likes, memberships, comments and
/// replies, media, every column; not the homes, which the follows and items make, at times of the fan-out's own), in a canonical
/// form that does not depend on the engine: two databases with the same digest hold the same feed.
/// Spelt <c>sha256:</c> and 64 lower-case hex digits wherever it appears (the verb, a job).
/// </summary>
public static class FeedDigest
{
    public const string Prefix = "sha256:";

    /// <summary>The length of a digest: the prefix and 64 hex digits.</summary>
    public const int Length = 7 + 64;

    public static async Task<string> ComputeAsync(FeedDbContext db, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        await foreach (var u in db.Users.AsNoTracking().OrderBy(u => u.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Append(hash, "user", u.Id, u.Name, u.IsAdmin, u.CreatedAt, u.PasswordHash, u.FollowerCount, u.FollowingCount, u.AvatarMediaId);
        }

        var allFollows = db.Follows.AsNoTracking().OrderBy(f => f.FollowerId).ThenBy(f => f.FolloweeId).AsAsyncEnumerable();
        await foreach (var f in allFollows.WithCancellation(cancellationToken))
        {
            Append(hash, "follow", f.FollowerId, f.FolloweeId, f.CreatedAt);
        }

        // Every column of every kind, as the EF model maps them: a new kind is hashed whole without a line here.
        var columns = FeedItemColumns.Of(db);
        await foreach (var i in db.FeedItems.AsNoTracking().OrderBy(i => i.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Append(hash, columns.Values(i));
        }

        var allLikes = db.Likes.AsNoTracking().OrderBy(l => l.ItemId).ThenBy(l => l.UserId).AsAsyncEnumerable();
        await foreach (var l in allLikes.WithCancellation(cancellationToken))
        {
            Append(hash, "like", l.ItemId, l.UserId, l.CreatedAt);
        }

        var allMemberships = db.Memberships.AsNoTracking().OrderBy(m => m.ItemId).ThenBy(m => m.UserId).AsAsyncEnumerable();
        await foreach (var m in allMemberships.WithCancellation(cancellationToken))
        {
            Append(hash, "member", m.ItemId, m.UserId, m.JoinedAt);
        }

        var allComments = db.Comments.AsNoTracking().OrderBy(c => c.Id).AsAsyncEnumerable();
        await foreach (var c in allComments.WithCancellation(cancellationToken))
        {
            Append(hash, "comment", c.Id, c.ItemId, c.AuthorId, c.ReplyToId, c.Text, c.CreatedAt, c.ThreadAt, c.EditedAt, c.ReplyCount);
        }

        // Media: every column but the render workers' claim (the files' bytes are the pictures', which the seed decides).
        await foreach (var m in db.Media.AsNoTracking().OrderBy(m => m.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var files = string.Join(';', m.Files.Select(f => $"{f.Name}={f.Width}x{f.Height}.{f.Extension}"));
            Append(hash, "media", m.Id, m.OwnerId, m.CreatedAt, m.Status.ToString(), m.Width, m.Height, m.Blurhash, m.AltText,
                m.FocusX, m.FocusY, files, m.StorageToken, m.ItemId, m.Position);
        }

        return Prefix + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>One record: fields separated by US (0x1F), ended by RS (0x1E); null is a lone NUL.</summary>
    private static void Append(IncrementalHash hash, params object?[] fields)
    {
        var line = new StringBuilder();
        foreach (var field in fields)
        {
            line.Append(field switch
            {
                null => "\0",
                DateTime time => time.Ticks.ToString(CultureInfo.InvariantCulture),
                IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
                var value => value.ToString(),
            }).Append('\u001f');
        }

        hash.AppendData(Encoding.UTF8.GetBytes(line.Append('\u001e').ToString()));
    }
}
