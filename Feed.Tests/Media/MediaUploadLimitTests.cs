using System.Net;

namespace Feed.Tests.Media;

/// <summary>The upload limit as a real server applies it (Kestrel's request limit: TestServer has none).</summary>
public sealed class MediaUploadLimitTests(KestrelApp app) : FeedTest<KestrelApp>(app)
{
    [Fact]
    public async Task A_body_past_the_limit_is_refused_413_before_it_is_read_and_a_file_just_past_it_413_by_the_handler()
    {
        var owner = App.ClientFor((await App.AddUsersAsync(1, seed: 121))[0]);
        var limit = App.MediaOptions().MaxUploadBytes;
        // Expect: 100-continue: the server answers before the client sends a byte of the body (or it would reset mid-send).
        var huge = new HttpRequestMessage(HttpMethod.Post, "/media") { Content = MediaTestKit.Form(new byte[limit + (1024 * 1024)]) };
        huge.Headers.ExpectContinue = true;

        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = owner.BaseAddress,
        };
        patient.DefaultRequestHeaders.Authorization = owner.DefaultRequestHeaders.Authorization;

        var streamed = await patient.SendAsync(huge, Cancel);
        var justPast = await owner.UploadAsync(new byte[limit + 1]);
        var problem = await ReadJsonAsync(justPast);

        streamed.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        streamed.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        justPast.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        ((string)problem["type"]!).Should().Be(Feed.Api.Media.MediaProblem.TypePrefix + "too-large");
    }
}
