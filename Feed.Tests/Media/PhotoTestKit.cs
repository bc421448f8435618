using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Media;

/// <summary>Uploads and photo posts for the tests of posts' pictures and avatars.</summary>
public static class PhotoTestKit
{
    /// <summary>Uploads <paramref name="count"/> small real PNGs through <c>POST /media</c>; their ids, in order.</summary>
    public static async Task<List<long>> UploadManyAsync(HttpClient client, int count, int seed)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var response = await client.UploadAsync(TestPictures.Png(64, 48, (seed * 100) + i));
            response.EnsureSuccessStatusCode();
            ids.Add((long)(await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["id"]!);
        }

        return ids;
    }

    public static List<long> MediaIds(JsonObject item) => [.. item["media"]!.AsArray().Select(m => (long)m!["id"]!)];

    /// <summary>
    /// <paramref name="posts"/> posts by <paramref name="author"/>, each with <paramref name="perPost"/> media rows, and an
    /// avatar: rows written directly (a page's command count does not depend on how the files were made).
    /// </summary>
    public static async Task AddPhotoPostsAsync(FeedApp app, long author, int posts, int perPost)
    {
        await using var scope = app.Db();
        var db = scope.Context;
        var now = DateTime.UtcNow;
        var items = Enumerable.Range(0, posts).Select(i => new Post($"Photos {i}", "A few pictures.", author, now.AddSeconds(-i))).ToList();
        db.FeedItems.AddRange(items);
        var avatar = Media(author, now);
        db.Media.Add(avatar);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        foreach (var item in items)
        {
            for (var p = 0; p < perPost; p++)
            {
                var media = Media(author, now);
                media.AttachTo(item.Id, p);
                db.Media.Add(media);
            }
        }

        db.Users.Single(u => u.Id == author).ShowAvatar(avatar.Id);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static MediaObject Media(long owner, DateTime at) =>
        new(owner, at, MediaRules.NewToken(), 400, 300, "LEHV6nWB2yk8pyo0adR*.7kCMdnj", [new MediaFile("320", 320, 240, "webp")]);
}
