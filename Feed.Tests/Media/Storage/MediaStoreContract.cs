using Feed.Api.Media;
using Feed.Api.Seeding;

namespace Feed.Tests.Media.Storage;

/// <summary>
/// What any <see cref="IMediaStore"/> must do, whatever holds the bytes. A store joins by one class:
/// <c>public sealed class MediaStoreTests_Local : MediaStoreContract { protected override IMediaStore CreateStore() => …; }</c>
/// Each instance is one test, so a store made here is that test's alone (its own folder or key prefix).
/// </summary>
public abstract class MediaStoreContract : IDisposable
{
    private readonly FeedFaker _faker = new(seed: 2828);
    private IMediaStore? _store;

    /// <summary>A store no other test writes into; call <c>Assert.Skip</c> here when its server is missing.</summary>
    protected abstract IMediaStore CreateStore();

    private IMediaStore Store => _store ??= CreateStore();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_object_opens_with_the_exact_bytes_type_and_length_it_was_put_with()
    {
        var bytes = Enumerable.Range(0, 256).Select(b => (byte)b).Concat(_faker.Random.Bytes(4_000)).ToArray();

        await Store.PutAsync("m/1/320.webp", bytes, "image/webp", Token);
        await using var stored = await Store.OpenAsync("m/1/320.webp", Token);

        stored.Should().NotBeNull();
        stored!.Length.Should().Be(bytes.Length);
        stored.ContentType.Should().Be("image/webp");
        stored.LastModified.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        (await ReadAllAsync(stored.Content)).Should().Equal(bytes);
    }

    [Fact]
    public async Task A_key_with_nothing_under_it_opens_as_null()
    {
        var stored = await Store.OpenAsync($"m/{_faker.Random.AlphaNumeric(12)}/640.webp", Token);

        stored.Should().BeNull();
    }

    [Fact]
    public async Task A_second_put_under_a_key_replaces_the_first()
    {
        await Store.PutAsync("m/2/original.jpg", _faker.Random.Bytes(5_000), "image/jpeg", Token);
        var second = _faker.Random.Bytes(1_234);

        await Store.PutAsync("m/2/original.jpg", second, "image/webp", Token);
        await using var stored = await Store.OpenAsync("m/2/original.jpg", Token);

        stored!.Length.Should().Be(second.Length);
        stored.ContentType.Should().Be("image/webp");
        (await ReadAllAsync(stored.Content)).Should().Equal(second);
    }

    [Fact]
    public async Task A_deleted_object_is_gone_and_deleting_it_again_is_not_an_error()
    {
        await Store.PutAsync("m/3/1080.webp", _faker.Random.Bytes(2_000), "image/webp", Token);

        await Store.DeleteAsync("m/3/1080.webp", Token);
        await Store.DeleteAsync("m/3/1080.webp", Token);

        (await Store.OpenAsync("m/3/1080.webp", Token)).Should().BeNull();
    }

    [Fact]
    public async Task Deleting_a_key_never_written_is_not_an_error()
    {
        var store = Store;

        var delete = () => store.DeleteAsync($"never/{_faker.Random.AlphaNumeric(12)}/320.webp", Token);

        await delete.Should().NotThrowAsync();
    }

    [Fact]
    public async Task Keys_in_nested_paths_are_separate_objects_and_deleting_one_leaves_its_siblings()
    {
        string[] keys = ["m/4/320.webp", "m/4/640.webp", "m/4/deeper/still/320.webp", "m/40/320.webp"];
        foreach (var key in keys)
        {
            await Store.PutAsync(key, System.Text.Encoding.UTF8.GetBytes(key), "image/webp", Token);
        }

        await Store.DeleteAsync("m/4/320.webp", Token);

        (await Store.OpenAsync("m/4/320.webp", Token)).Should().BeNull();
        foreach (var key in keys.Skip(1))
        {
            await using var stored = await Store.OpenAsync(key, Token);
            System.Text.Encoding.UTF8.GetString(await ReadAllAsync(stored!.Content)).Should().Be(key);
        }
    }

    [Fact]
    public async Task Concurrent_puts_of_different_keys_all_land_intact()
    {
        var objects = Enumerable.Range(0, 16).Select(i => (Key: $"m/5/{i}/640.webp", Bytes: _faker.Random.Bytes(20_000 + i))).ToArray();

        await Task.WhenAll(objects.Select(o => Store.PutAsync(o.Key, o.Bytes, "image/webp", Token)));

        foreach (var (key, bytes) in objects)
        {
            await using var stored = await Store.OpenAsync(key, Token);
            (await ReadAllAsync(stored!.Content)).Should().Equal(bytes, $"{key} was written by one of 16 concurrent puts");
        }
    }

    [Fact]
    public async Task A_3_MB_object_comes_back_whole_on_a_stream_that_seeks()
    {
        var bytes = _faker.Random.Bytes(3 * 1024 * 1024);
        await Store.PutAsync("m/6/original.jpg", bytes, "image/jpeg", Token);

        await using var stored = await Store.OpenAsync("m/6/original.jpg", Token);
        stored!.Content.CanSeek.Should().BeTrue();
        stored.Content.Seek(2_000_000, SeekOrigin.Begin);
        var tail = await ReadAllAsync(stored.Content);
        stored.Content.Position = 0;
        var whole = await ReadAllAsync(stored.Content);

        tail.Should().Equal(bytes[2_000_000..]);
        whole.Should().Equal(bytes);
    }

    public void Dispose()
    {
        (_store as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }
}
