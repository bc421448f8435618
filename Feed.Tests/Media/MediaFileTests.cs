using System.Net;
using System.Net.Http.Headers;
using Feed.Api.Media;

namespace Feed.Tests.Media;

public sealed class MediaFileTests_Sqlite(SqliteApp app) : MediaFileTests<SqliteApp>(app);

public sealed class MediaFileTests_MariaDb(MariaDbApp app) : MediaFileTests<MariaDbApp>(app);

public abstract class MediaFileTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private readonly byte[] _uploaded = TestPictures.Png(800, 600, seed: 91);

    [Fact]
    public async Task A_file_is_served_immutable_for_a_year_as_webp_with_nosniff_and_is_not_the_uploaded_bytes()
    {
        var url = await UploadedPreviewAsync();
        var commands = App.Commands.Count;

        var response = await App.ClientFor(null).GetAsync(url, Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("image/webp");
        response.Headers.CacheControl!.ToString().Should().Be(MediaFilesApi.CacheControl);
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.ETag.Should().NotBeNull();
        response.Headers.ETag!.IsWeak.Should().BeFalse();
        response.Content.Headers.ContentEncoding.Should().BeEmpty("pictures are served as encoded, not recompressed");
        bytes.Should().NotBeEmpty().And.NotEqual(_uploaded);
        bytes[..4].Should().Equal("RIFF"u8.ToArray());
        App.Commands.Count.Should().Be(commands, "a file is served from the store without touching the database");
    }

    [Fact]
    public async Task A_file_answers_304_to_its_etag_206_to_a_range_and_HEAD_with_its_headers_and_no_body()
    {
        var url = await UploadedPreviewAsync();
        var client = App.ClientFor(null);
        var full = await client.GetAsync(url, Cancel);
        var whole = await full.Content.ReadAsByteArrayAsync(Cancel);

        var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(full.Headers.ETag!);
        var notModified = await client.SendAsync(conditional, Cancel);
        var ranged = new HttpRequestMessage(HttpMethod.Get, url);
        ranged.Headers.Range = new RangeHeaderValue(10, 19);
        var partial = await client.SendAsync(ranged, Cancel);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), Cancel);

        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        partial.StatusCode.Should().Be(HttpStatusCode.PartialContent);
        partial.Content.Headers.ContentRange!.ToString().Should().Be($"bytes 10-19/{whole.Length}");
        (await partial.Content.ReadAsByteArrayAsync(Cancel)).Should().Equal(whole[10..20]);
        head.StatusCode.Should().Be(HttpStatusCode.OK);
        head.Content.Headers.ContentLength.Should().Be(whole.Length);
        head.Headers.ETag.Should().Be(full.Headers.ETag);
        (await head.Content.ReadAsByteArrayAsync(Cancel)).Should().BeEmpty();
    }

    [Fact]
    public async Task Only_renditions_are_served_never_the_upload_as_it_came_nor_a_path_outside_the_store()
    {
        var url = await UploadedPreviewAsync();
        var token = url.Split('/')[^2];
        var client = App.ClientFor(null);

        string[] refused =
        [
            $"/media/files/{token}/upload", $"/media/files/{token}/320.png", $"/media/files/{token}/..%2F..%2Fuploads%2F{token}",
            $"/media/files/{token.ToUpperInvariant()}/320.webp", $"/media/files/{new string('0', 32)}/320.webp",
        ];
        var answers = await Task.WhenAll(refused.Select(u => client.GetAsync(u, Cancel)));

        App.StoredKeys(token).Should().Contain($"uploads/{token}");
        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task With_a_public_base_url_the_urls_point_there()
    {
        var setup = AppSetup.Default.With("Media:PublicBaseUrl", "https://cdn.example.com/m/");
        await using var cdn = await FeedApp.StartAsync(App.Database.Borrow(), setup);
        var owner = cdn.ClientFor((await cdn.AddUsersAsync(1, seed: 92))[0]);

        var created = await ReadJsonAsync(await owner.UploadAsync(_uploaded));

        ((string)created["previewUrl"]!).Should().MatchRegex("^https://cdn\\.example\\.com/m/[0-9a-f]{32}/320\\.webp$");
    }

    private async Task<string> UploadedPreviewAsync()
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 90))[0]);
        var created = await ReadJsonAsync(await owner.UploadAsync(_uploaded));
        return (string)created["previewUrl"]!;
    }
}
