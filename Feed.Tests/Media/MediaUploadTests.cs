using System.Net;
using Feed.Api.Media;

namespace Feed.Tests.Media;

public sealed class MediaUploadTests_Sqlite(SqliteApp app) : MediaUploadTests<SqliteApp>(app);

public sealed class MediaUploadTests_MariaDb(MariaDbApp app) : MediaUploadTests<MariaDbApp>(app);

public abstract class MediaUploadTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task An_upload_answers_201_processing_with_its_smallest_rendition_and_is_ready_with_all_four_once_rendered()
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 81))[0]);

        var upload = await owner.UploadAsync(TestPictures.Png(1200, 800, seed: 81));
        var created = await ReadJsonAsync(upload);
        var id = (long)created["id"]!;
        var rendered = await App.RenderAllAsync();
        var ready = await ReadJsonAsync(await owner.GetAsync($"/media/{id}", Cancel));

        upload.StatusCode.Should().Be(HttpStatusCode.Created);
        upload.Headers.Location!.OriginalString.Should().Be($"/media/{id}");
        ((string)created["status"]!).Should().Be("processing");
        ((int)created["width"]!, (int)created["height"]!).Should().Be((1200, 800));
        ((string)created["blurhash"]!).Should().NotBeNullOrEmpty();
        created["renditions"]!.AsArray().Select(r => (string)r!["name"]!).Should().Equal("320");
        ((string)created["previewUrl"]!).Should().MatchRegex("^/media/files/[0-9a-f]{32}/320\\.webp$");
        created["url"].Should().BeNull();
        rendered.Should().Contain(RenderOutcome.Ready);
        ((string)ready["status"]!).Should().Be("ready");
        ready["renditions"]!.AsArray().Select(r => ((string)r!["name"]!, (int)r["width"]!))
            .Should().Equal(("320", 320), ("640", 640), ("1080", 1080), ("original", 1200));
        ((string)ready["url"]!).Should().EndWith("/original.webp");
    }

    [Fact]
    public async Task Once_rendered_the_upload_as_it_came_is_deleted_and_only_renditions_remain()
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 82))[0]);
        var created = await ReadJsonAsync(await owner.UploadAsync(TestPictures.Png(700, 500, seed: 82)));
        var token = Token(created);
        var before = App.StoredKeys(token);

        await App.RenderAllAsync();
        await App.DeleteQueuedFilesAsync();

        before.Should().Equal($"files/{token}/320.webp", $"uploads/{token}");
        App.StoredKeys(token).Should().Equal(
            $"files/{token}/1080.webp", $"files/{token}/320.webp", $"files/{token}/640.webp", $"files/{token}/original.webp");
    }

    [Theory]
    [InlineData("text", 415, "unsupported-type")]
    [InlineData("svg", 415, "unsupported-type")]
    [InlineData("bomb", 413, "too-many-pixels")]
    [InlineData("truncated", 422, "undecodable")]
    public async Task A_refused_upload_is_a_problem_with_a_stable_type_and_stores_nothing(string what, int status, string type)
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 83))[0]);
        var bytes = what switch
        {
            "text" => "just some words, not a picture"u8.ToArray(),
            "svg" => "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><script>alert(1)</script></svg>"u8.ToArray(),
            "bomb" => TestPictures.Bomb(),
            _ => TestPictures.Truncated(83),
        };

        var before = StoredFiles();
        var response = await owner.UploadAsync(bytes, "photo.png", "image/png");
        var problem = await ReadJsonAsync(response);

        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((string)problem["type"]!).Should().Be(MediaProblem.TypePrefix + type);
        ((string)problem["detail"]!).Should().NotBeNullOrWhiteSpace();
        StoredFiles().Should().BeEquivalentTo(before, "a refused upload stores nothing (other tests of the class share the folder)");
    }

    [Fact]
    public async Task An_upload_without_a_file_part_is_a_400_naming_file_and_an_anonymous_one_a_401()
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 84))[0]);
        var wrongPart = new MultipartFormDataContent { { new ByteArrayContent(TestPictures.Png(40, 40)), "picture", "a.png" } };

        var missing = await owner.PostAsync("/media", wrongPart, Cancel);
        var anonymous = await App.ClientFor(null).UploadAsync(TestPictures.Png(40, 40));

        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(missing))["errors"]!["file"].Should().NotBeNull();
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Ten_uploads_at_once_all_answer_201_and_all_render()
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 85))[0]);

        var uploads = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => owner.UploadAsync(TestPictures.Png(900, 600, seed: 850 + i))));
        await App.RenderAllAsync();
        var ids = await Task.WhenAll(uploads.Select(async r => (long)(await ReadJsonAsync(r))["id"]!));
        var statuses = await Task.WhenAll(ids.Select(async id => (await App.MediaRowAsync(id)).Status));

        uploads.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        ids.Should().OnlyHaveUniqueItems();
        statuses.Should().HaveCount(10).And.OnlyContain(s => s == Feed.Domain.MediaStatus.Ready);
    }

    [Fact]
    public async Task The_same_upload_repeated_under_one_idempotency_key_is_one_picture_and_other_bytes_under_it_are_refused()
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 86))[0]);
        var bytes = TestPictures.Png(300, 200, seed: 86);

        var first = await Keyed(owner, bytes, "upload-86");
        var repeat = await Keyed(owner, bytes, "upload-86");
        var other = await Keyed(owner, TestPictures.Png(300, 200, seed: 87), "upload-86");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        repeat.StatusCode.Should().Be(HttpStatusCode.Created);
        ((long)(await ReadJsonAsync(repeat))["id"]!).Should().Be((long)(await ReadJsonAsync(first))["id"]!);
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
    }

    private static Task<HttpResponseMessage> Keyed(HttpClient client, byte[] bytes, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/media") { Content = MediaTestKit.Form(bytes) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }

    private static string Token(System.Text.Json.Nodes.JsonObject media) => ((string)media["previewUrl"]!).Split('/')[^2];

    private List<string> StoredFiles() =>
        Directory.Exists(App.MediaFolder) ? [.. Directory.EnumerateFiles(App.MediaFolder, "*", SearchOption.AllDirectories)] : [];
}
