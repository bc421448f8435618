using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Feed.Bench;

/// <summary>One upload over HTTP: how long <c>POST /media</c> took to answer 201, and until <c>GET /media/{id}</c> said ready.</summary>
public sealed record UploadTimes(long Id, double AnsweredMs, double ReadyMs, string Status);

/// <summary>
/// The photos benchmark's client of a running API (<see cref="PhotosHttp"/>): signs up, uploads the photo as a phone
/// would (<c>multipart/form-data</c>, part <c>file</c>) and polls <c>GET /media/{id}</c> every
/// <see cref="PollInterval"/> until it is <c>ready</c> (or <c>failed</c>).
/// </summary>
internal sealed class PhotosClient(HttpClient http, string token)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public string Token => token;

    /// <summary>A new user of the API at <paramref name="http"/>'s address, signed in.</summary>
    public static async Task<PhotosClient> SignUpAsync(HttpClient http)
    {
        var name = $"photos-bench-{Guid.NewGuid():N}"[..24];
        using var response = await http.PostAsJsonAsync("auth/register", new { name, password = "photos-bench-password" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return new PhotosClient(http, body!["accessToken"]!.GetValue<string>());
    }

    /// <summary>Uploads <paramref name="jpeg"/> and waits until every rendition is ready; times from the request's start.</summary>
    public async Task<UploadTimes> UploadAsync(byte[] jpeg, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(jpeg);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "photo.jpg");
        using var request = new HttpRequestMessage(HttpMethod.Post, "media") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellation);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /media answered {(int)response.StatusCode}: {body}");
        }

        var answered = clock.Elapsed.TotalMilliseconds;
        var media = JsonNode.Parse(body)!;
        if (string.IsNullOrEmpty(media["blurhash"]?.GetValue<string>()) || media["previewUrl"] is null)
        {
            throw new InvalidOperationException($"POST /media answered without a blurhash or the 320: {body}");
        }

        var id = media["id"]!.GetValue<long>();
        var status = media["status"]!.GetValue<string>();
        while (status == "processing")
        {
            await Task.Delay(PollInterval, cancellation);
            status = (await GetAsync($"media/{id}", cancellation))["status"]!.GetValue<string>();
        }

        return new UploadTimes(id, answered, clock.Elapsed.TotalMilliseconds, status);
    }

    /// <summary>The JSON at <paramref name="path"/>, signed in.</summary>
    public async Task<JsonNode> GetAsync(string path, CancellationToken cancellation = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellation);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellation))!;
    }

    /// <summary>A rendition's URL (absolute) and its strong ETag, fetched once.</summary>
    public async Task<(string Url, string ETag, long Bytes)> RenditionAsync(long id, string name)
    {
        var media = await GetAsync($"media/{id}");
        var path = media["renditions"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!["url"]!.GetValue<string>();
        var url = new Uri(http.BaseAddress!, path).ToString();
        using var response = await http.GetAsync(url);
        response.EnsureSuccessStatusCode();
        var bytes = (await response.Content.ReadAsByteArrayAsync()).LongLength;
        return (url, response.Headers.ETag!.ToString(), bytes);
    }
}
