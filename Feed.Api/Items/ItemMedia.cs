using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Items;

/// <summary>Why a post cannot carry the uploads it names: the field (<c>mediaIds[2]</c>) and why.</summary>
public sealed record MediaRefusal(string Field, string Error)
{
    public Dictionary<string, string[]> Errors => new() { [Field] = [Error] };
}

/// <summary>
/// A post's pictures: which uploads it carries, in order. Set in the item's own transaction
/// (<see cref="ItemWrites"/>), each upload taken by one conditional update, so two posts racing for
/// one upload cannot both have it, and a post being deleted cannot gain one (both lock the item first).
/// </summary>
public static class ItemMedia
{
    /// <summary>What can be told without the database: at most <see cref="MediaRules.MaxPerPost"/>, each once.</summary>
    public static MediaRefusal? Check(IReadOnlyList<long>? ids)
    {
        if (ids is null)
        {
            return null;
        }

        if (ids.Count > MediaRules.MaxPerPost)
        {
            return new MediaRefusal("mediaIds", $"A post carries at most {MediaRules.MaxPerPost} pictures; this names {ids.Count}.");
        }

        for (var i = 0; i < ids.Count; i++)
        {
            if (ids.Take(i).ToList().IndexOf(ids[i]) is var first and >= 0)
            {
                return new MediaRefusal($"mediaIds[{i}]", $"Upload {ids[i]} is already named at mediaIds[{first}]: each goes once.");
            }
        }

        return null;
    }

    /// <summary>
    /// Inside the caller's transaction, the item locked or new: the item's media become exactly
    /// <paramref name="ids"/>, at positions 0, 1 … Those it carried and no longer names are detached (they
    /// expire as unattached uploads; nothing is queued). Each named upload must be <paramref name="owner"/>'s,
    /// attached to no post and not their avatar (it may still be processing). The first refusal is returned
    /// and the caller rolls back.
    /// </summary>
    public static async Task<MediaRefusal?> SetAsync(
        FeedDbContext db, long itemId, long owner, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await db.Media.Where(m => m.ItemId == itemId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ItemId, (long?)null).SetProperty(m => m.Position, 0), cancellationToken);
        for (var i = 0; i < ids.Count; i++)
        {
            var (id, position) = (ids[i], i);
            var taken = await db.Media
                .Where(m => m.Id == id && m.OwnerId == owner && m.ItemId == null && !db.Users.Any(u => u.AvatarMediaId == m.Id))
                .ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.ItemId, (long?)itemId).SetProperty(m => m.Position, position), cancellationToken);
            if (taken == 0)
            {
                var found = await db.Media.Where(m => m.Id == id)
                    .Select(m => new { m.OwnerId, m.ItemId }).SingleOrDefaultAsync(cancellationToken);
                return new MediaRefusal($"mediaIds[{i}]", found switch
                {
                    null => $"No upload has id {id}.",
                    { OwnerId: var o } when o != owner => $"Upload {id} is not yours: a post carries its author's own uploads.",
                    { ItemId: not null } => $"Upload {id} belongs to another post.",
                    _ => $"Upload {id} is your avatar.",
                });
            }
        }

        return null;
    }
}
