using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Feed.Api.Media;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Seeding;

public sealed class PhotoSeedingTests_Sqlite(SqliteApp app) : PhotoSeedingTests<SqliteApp>(app);

public sealed class PhotoSeedingTests_MariaDb(MariaDbApp app) : PhotoSeedingTests<MariaDbApp>(app);

/// <summary>QA's seeded pictures: posts with photos and people with avatars, drawn from the seed and stored as uploads are.</summary>
public abstract class PhotoSeedingTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly string[] Small =
        ["seed", "--items", "120", "--users", "12", "--follows", "2", "--photos", "0.5", "--avatars", "0.5", "--reset", "--force"];

    [Fact]
    public async Task The_same_seed_gives_the_same_media_rows_digest_and_file_bytes_and_another_seed_others()
    {
        await using var other = await FeedApp.StartAsync(App.Engine);

        var run = await App.RunVerbAsync([.. Small, "--seed", "11"]);
        (await other.RunVerbAsync([.. Small, "--seed", "11"])).ExitCode.Should().Be(0);
        var (digest, files) = (await App.DigestAsync(), await FilesAsync(App));
        var (sameDigest, sameFiles) = (await other.DigestAsync(), await FilesAsync(other));
        (await other.RunVerbAsync([.. Small, "--seed", "12"])).ExitCode.Should().Be(0);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().MatchRegex(@"Media: [0-9,]+ photos on [0-9,]+ posts, [0-9,]+ avatars\.");
        files.Should().NotBeEmpty().And.Equal(sameFiles, "the same seed writes the same bytes under the same keys");
        sameDigest.Should().Be(digest);
        (await other.DigestAsync()).Should().NotBe(digest);
        (await FilesAsync(other)).Select(f => f.Hash).Should().NotIntersectWith(files.Select(f => f.Hash), "another seed draws others");
    }

    [Fact]
    public async Task Seeded_posts_carry_one_to_four_ready_photos_and_some_users_an_avatar()
    {
        (await App.RunVerbAsync([.. Small, "--seed", "13"])).ExitCode.Should().Be(0);

        await using var scope = App.Db();
        var db = scope.Context;
        var media = await db.Media.AsNoTracking().ToListAsync(Cancel);
        var perPost = media.Where(m => m.ItemId != null).GroupBy(m => m.ItemId).ToList();
        perPost.Should().NotBeEmpty();
        perPost.Should().OnlyContain(g => g.Count() >= 1 && g.Count() <= 4 && g.Select(m => m.Position).Order().SequenceEqual(
            Enumerable.Range(0, g.Count())));
        media.Should().OnlyContain(m => m.Status == MediaStatus.Ready && m.Files.Count == 4 && m.Blurhash.Length > 6);
        var postIds = await db.FeedItems.OfType<Post>().Select(p => p.Id).ToListAsync(Cancel);
        perPost.Select(g => g.Key!.Value).Should().BeSubsetOf(postIds, "only posts carry photos");
        var owners = await db.FeedItems.ToDictionaryAsync(i => i.Id, i => i.AuthorId, Cancel);
        media.Where(m => m.ItemId != null).Should().OnlyContain(m => owners[m.ItemId!.Value] == m.OwnerId, "photos are their author's");
        var avatars = await db.Users.Where(u => u.AvatarMediaId != null).Select(u => new { u.Id, u.AvatarMediaId }).ToListAsync(Cancel);
        avatars.Should().NotBeEmpty()
            .And.OnlyContain(a => media.Any(m => m.Id == a.AvatarMediaId && m.OwnerId == a.Id && m.ItemId == null));
    }

    [Fact]
    public async Task A_seeded_photo_is_served_like_an_upload_its_files_answering_as_webp()
    {
        (await App.RunVerbAsync([.. Small, "--seed", "14"])).ExitCode.Should().Be(0);
        long id;
        await using (var scope = App.Db())
        {
            id = await scope.Context.Media.Where(m => m.ItemId != null).Select(m => m.Id).FirstAsync(Cancel);
        }

        var client = App.ClientFor(null);
        var media = await client.GetFromJsonAsync<MediaResponse>($"/media/{id}", Cancel);

        media!.Status.Should().Be(MediaState.Ready);
        media.Renditions.Select(r => r.Name).Should().Equal("320", "640", "1080", "original");
        foreach (var rendition in media.Renditions)
        {
            using var file = await client.GetAsync(rendition.Url, Cancel);
            file.StatusCode.Should().Be(HttpStatusCode.OK, rendition.Url);
            file.Content.Headers.ContentType!.MediaType.Should().Be("image/webp");
            (await file.Content.ReadAsByteArrayAsync(Cancel)).Should().StartWith("RIFF"u8.ToArray());
        }
    }

    [Fact]
    public async Task Photos_0_writes_no_media_and_a_reset_queues_the_files_of_the_media_it_replaces()
    {
        (await App.RunVerbAsync([.. Small, "--seed", "15"])).ExitCode.Should().Be(0);
        List<string> tokens;
        await using (var scope = App.Db())
        {
            tokens = await scope.Context.Media.Select(m => m.StorageToken).ToListAsync(Cancel);
        }

        var run = await App.RunVerbAsync(["seed", "--items", "120", "--users", "12", "--photos", "0", "--reset", "--force"]);

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().NotContain("Media:");
        await using var after = App.Db();
        (await after.Context.Media.CountAsync(Cancel)).Should().Be(0);
        (await after.Context.Users.CountAsync(u => u.AvatarMediaId != null, Cancel)).Should().Be(0);
        var queued = await after.Context.MediaDeletions.Select(d => d.Key).ToListAsync(Cancel);
        queued.Should().Contain(tokens.Select(t => $"files/{t}/1080.webp")).And.Contain(tokens.Select(t => $"uploads/{t}"));
    }

    [Fact]
    public async Task Reseeding_the_same_seed_keeps_its_files_out_of_the_deletion_queue()
    {
        (await App.RunVerbAsync([.. Small, "--seed", "16"])).ExitCode.Should().Be(0);
        (await App.RunVerbAsync([.. Small, "--seed", "16"])).ExitCode.Should().Be(0);

        await using var scope = App.Db();
        var tokens = await scope.Context.Media.Select(m => m.StorageToken).ToListAsync(Cancel);
        var queued = await scope.Context.MediaDeletions.Select(d => d.Key).ToListAsync(Cancel);
        tokens.Should().NotBeEmpty();
        queued.Should().NotContain(k => tokens.Any(t => k.StartsWith($"files/{t}/") && k.EndsWith(".webp")),
            "the reseed wrote these files again: deleting them after the commit would break its media");
    }

    /// <summary>Every seeded media's stored files, by key, with a hash of their bytes.</summary>
    private static async Task<List<(string Key, string Hash)>> FilesAsync(FeedApp app)
    {
        var store = app.Services.GetRequiredService<IMediaStore>();
        await using var scope = app.Db();
        var media = await scope.Context.Media.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
        var files = new List<(string, string)>();
        foreach (var key in media.SelectMany(m => m.Files.Select(f => MediaKeys.File(m.StorageToken, f))))
        {
            await using var stored = await store.OpenAsync(key, CancellationToken.None);
            files.Add((key, Convert.ToHexString(await SHA256.HashDataAsync(stored!.Content))));
        }

        return files;
    }
}
