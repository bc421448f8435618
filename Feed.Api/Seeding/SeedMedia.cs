using System.Security.Cryptography;
using System.Text;
using Bogus;
using Feed.Api.Media;
using Feed.Domain;

namespace Feed.Api.Seeding;

/// <summary>
/// A seeded media row: ready, its renditions those of <paramref name="Picture"/>, attached to a post
/// (<paramref name="ItemId"/> at <paramref name="Position"/>) or, with no item, its owner's avatar.
/// </summary>
public sealed record SeededMedia(long Id, long OwnerId, DateTime CreatedAt, long? ItemId, int Position, string Token, SeedPicture Picture)
{
    /// <summary>The renditions column as <c>MediaObjectConfiguration</c> maps it: <c>320=320x240.webp;…</c>.</summary>
    public string FilesText =>
        string.Join(';', Picture.Files.Select(f => $"{f.File.Name}={f.File.Width}x{f.File.Height}.{f.File.Extension}"));
}

/// <summary>
/// Which seeded posts carry photos and which users an avatar, with ids and storage tokens that the seed alone decides
/// (the same seed writes the same rows and the same files under the same keys, on any engine or store):
/// avatar ids are the users' ids (1 to <see cref="SeedOptions.Users"/>); a post's photos have
/// <c>Users + (itemId - 1) × 4 + position + 1</c>. Each draws from random streams of its own, so
/// <c>--photos</c> and <c>--avatars</c> leave the rest of the feed as it was.
/// </summary>
public static class SeedMedia
{
    /// <summary>The most photos a seeded post carries (it draws 1 to this many).</summary>
    public const int MaxPerPost = 4;

    /// <summary>Files written to the store at once.</summary>
    private const int StoreWrites = 8;

    public static IReadOnlyList<SeededMedia> Avatars(SeedOptions options, SeedPicture[] pool, IReadOnlyList<SeededUser> users)
    {
        if (pool.Length == 0)
        {
            return [];
        }

        var random = new Randomizer(unchecked((options.Seed * 1_000_039) + 3));
        var avatars = new List<SeededMedia>();
        foreach (var user in users)
        {
            if (random.Double() < options.Avatars)
            {
                var picture = pool[random.Int(0, pool.Length - 1)];
                avatars.Add(new SeededMedia(user.Id, user.Id, user.User.CreatedAt, null, 0, Token(options.Seed, user.Id), picture));
            }
        }

        return avatars;
    }

    /// <summary>The photos of a batch's posts (batch <paramref name="number"/>), in the order of the items.</summary>
    public static SeededMedia[] Photos(SeedOptions options, SeedPicture[] pool, int number, IReadOnlyList<SeededItem> items)
    {
        if (pool.Length == 0)
        {
            return [];
        }

        var random = new Randomizer(unchecked((options.Seed * 1_000_081) + (number * 7_949) + 4));
        var photos = new List<SeededMedia>();
        foreach (var item in items.Where(i => i.Item is Post))
        {
            if (random.Double() >= options.Photos)
            {
                continue;
            }

            var count = random.Int(1, MaxPerPost);
            for (var position = 0; position < count; position++)
            {
                var id = options.Users + ((item.Id - 1) * MaxPerPost) + position + 1;
                var picture = pool[random.Int(0, pool.Length - 1)];
                var token = Token(options.Seed, id);
                photos.Add(new SeededMedia(id, item.Item.AuthorId, item.Item.CreatedAt, item.Id, position, token, picture));
            }
        }

        return [.. photos];
    }

    /// <summary>Writes every rendition of <paramref name="media"/> to the store, a few at once.</summary>
    public static Task StoreAsync(IMediaStore store, IReadOnlyList<SeededMedia> media, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(
            media.SelectMany(m => m.Picture.Files.Select(f => (Key: MediaKeys.File(m.Token, f.File), f.Bytes))),
            new ParallelOptions { MaxDegreeOfParallelism = StoreWrites, CancellationToken = cancellationToken },
            async (file, cancel) => await store.PutAsync(file.Key, file.Bytes, MediaKeys.ContentType("webp"), cancel));

    /// <summary>32 lower-case hex digits from the seed and the media's id (<see cref="MediaRules.IsToken"/>).</summary>
    public static string Token(int seed, long id) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"feed-seed-media/{seed}/{id}"))[..16]);
}
