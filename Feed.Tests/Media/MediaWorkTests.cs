using Feed.Api.Media;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Media;

public sealed class MediaWorkTests_Sqlite(SqliteApp app) : MediaWorkTests<SqliteApp>(app);

public sealed class MediaWorkTests_MariaDb(MariaDbApp app) : MediaWorkTests<MariaDbApp>(app);

/// <summary>The background work: a render that dies half-way, the expiry sweep, the deletions queue.</summary>
public abstract class MediaWorkTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_worker_that_dies_mid_render_leaves_its_claim_to_expire_and_the_next_one_finishes_with_the_same_bytes()
    {
        await App.RenderAllAsync(DateTime.UtcNow.AddHours(1)); // what other tests left: this upload is the only one processing
        var id = await UploadAsync(111);
        var now = DateTime.UtcNow.AddHours(2); // past every claim other tests may have left
        var dying = new FailingStore(App.Store(), failPutsAfter: 1);

        var died = async () => await App.RenderAllAsync(now, dying);
        await died.Should().ThrowAsync<IOException>();
        var halfWay = await App.MediaRowAsync(id);
        var whileClaimed = await App.RenderAllAsync(now.AddSeconds(1));
        var firstBytes = await ReadStoredAsync(halfWay.StorageToken, "640.webp");
        var afterLease = await App.RenderAllAsync(now + App.MediaOptions().ClaimLease + TimeSpan.FromSeconds(1));
        var done = await App.MediaRowAsync(id);

        halfWay.Status.Should().Be(MediaStatus.Processing);
        halfWay.Attempts.Should().Be(1);
        whileClaimed.Should().BeEmpty("the claim holds until its lease ends");
        afterLease.Should().Contain(RenderOutcome.Ready);
        done.Status.Should().Be(MediaStatus.Ready);
        done.Files.Select(f => f.Name).Should().Equal("320", "640", "1080", "original");
        (await ReadStoredAsync(done.StorageToken, "640.webp")).Should().Equal(firstBytes, "a rendition written again is the same bytes");
    }

    [Fact]
    public async Task Unattached_uploads_expire_after_their_lifetime_with_their_files_but_avatars_and_younger_ones_stay()
    {
        var expiring = await UploadAsync(112);
        var avatar = await UploadAsync(113);
        await App.RenderAllAsync();
        await using (var scope = App.Db())
        {
            var owner = await scope.Context.Media.Where(m => m.Id == avatar).Select(m => m.OwnerId).SingleAsync(Cancel);
            (await scope.Context.Users.SingleAsync(u => u.Id == owner, Cancel)).ShowAvatar(avatar);
            await scope.Context.SaveChangesAsync(Cancel);
        }

        var token = (await App.MediaRowAsync(expiring)).StorageToken;
        var young = await UploadAsync(114);
        var lifetime = App.MediaOptions().UnattachedLifetime;

        var beforeLifetime = await App.SweepAsync(DateTime.UtcNow + lifetime - TimeSpan.FromMinutes(5));
        var sweptAt = (await App.MediaRowAsync(young)).CreatedAt + lifetime - TimeSpan.FromMilliseconds(1);
        var swept = await App.SweepAsync(sweptAt);
        var queued = await QueuedKeysAsync(token);
        await App.DeleteQueuedFilesAsync(sweptAt);

        beforeLifetime.Should().Be(0);
        swept.Should().BeGreaterThanOrEqualTo(1);
        await using var check = App.Db();
        (await check.Context.Media.Where(m => m.Id == expiring || m.Id == avatar || m.Id == young).Select(m => m.Id).ToListAsync(Cancel))
            .Should().BeEquivalentTo([avatar, young]);
        queued.Should().Contain([$"files/{token}/320.webp", $"files/{token}/original.webp", $"uploads/{token}"]);
        App.StoredKeys(token).Should().BeEmpty();
        (await QueuedKeysAsync(token)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_the_store_fails_to_delete_stays_queued_and_is_deleted_on_a_later_attempt()
    {
        var id = await UploadAsync(115);
        var media = await App.MediaRowAsync(id);
        await using (var scope = App.Db())
        {
            await MediaRemoval.RemoveAsync(scope.Context, [media], DateTime.UtcNow, Cancel);
            await scope.Context.SaveChangesAsync(Cancel);
        }

        var now = DateTime.UtcNow;
        var failed = await App.DeleteQueuedFilesAsync(now, new FailingStore(App.Store(), failPutsAfter: 0, failDeletes: true));
        var stillQueued = await QueuedKeysAsync(media.StorageToken);
        await App.DeleteQueuedFilesAsync(now.AddSeconds(1));
        var afterTooSoon = await QueuedKeysAsync(media.StorageToken);
        var later = await App.DeleteQueuedFilesAsync(now.AddHours(2));

        failed.Should().Be(0);
        stillQueued.Should().HaveCount(MediaKeys.All(media).Count());
        afterTooSoon.Should().BeEquivalentTo(stillQueued, "a failed deletion waits before it is tried again");
        later.Should().BeGreaterThanOrEqualTo(stillQueued.Count);
        App.StoredKeys(media.StorageToken).Should().BeEmpty();
        (await QueuedKeysAsync(media.StorageToken)).Should().BeEmpty();
    }

    private async Task<long> UploadAsync(int seed)
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed))[0]);
        var created = await ReadJsonAsync(await owner.UploadAsync(TestPictures.Png(720, 480, seed)));
        return (long)created["id"]!;
    }

    private async Task<byte[]> ReadStoredAsync(string token, string file)
    {
        await using var stored = await App.Store().OpenAsync($"files/{token}/{file}", Cancel);
        var bytes = new byte[stored!.Length];
        await stored.Content.ReadExactlyAsync(bytes, Cancel);
        return bytes;
    }

    private async Task<List<string>> QueuedKeysAsync(string token)
    {
        await using var scope = App.Db();
        return await scope.Context.MediaDeletions.Where(d => d.Key.Contains(token)).Select(d => d.Key).ToListAsync(Cancel);
    }
}

/// <summary>
/// A store that fails: its puts after the first <c>failPutsAfter</c>, and its deletes when told (a worker that dies, a
/// store that is down).
/// </summary>
public sealed class FailingStore(IMediaStore inner, int failPutsAfter, bool failDeletes = false) : IMediaStore
{
    private int _puts;

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _puts) > failPutsAfter
            ? throw new IOException("The worker died half-way.")
            : inner.PutAsync(key, content, contentType, cancellationToken);

    public Task<StoredObject?> OpenAsync(string key, CancellationToken cancellationToken) => inner.OpenAsync(key, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        failDeletes ? throw new IOException("The store is down.") : inner.DeleteAsync(key, cancellationToken);
}
