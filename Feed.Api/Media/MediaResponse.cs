using System.ComponentModel;
using System.Text.Json.Serialization;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Domain;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Media;

/// <summary>Where an upload is, on the wire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MediaState>))]
public enum MediaState
{
    [JsonStringEnumMemberName("processing")]
    Processing,

    [JsonStringEnumMemberName("ready")]
    Ready,

    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>A focal point: x from -1 (left edge) to 1 (right), y from -1 (bottom) to 1 (top); (0, 0) is the centre.</summary>
public sealed record FocusPoint(
    [property: Description("From -1 (the left edge) to 1 (the right edge).")] double X,
    [property: Description("From -1 (the bottom edge) to 1 (the top edge).")] double Y);

/// <summary>One stored rendition: its name, size, type and address.</summary>
public sealed record RenditionResponse(
    [property: Description("`320`, `640`, `1080` or `original` (re-encoded, at most 2048 px a side).")] string Name,
    int Width,
    int Height,
    [property: Description("The file's type: `image/webp`.")] string ContentType,
    [property: Description("Where to fetch it: root-relative (`/media/files/…`), or absolute when a CDN serves media.")] string Url);

/// <summary>
/// An uploaded picture. Its storage token is not a field: it appears only inside the URLs.
/// </summary>
public sealed record MediaResponse(
    long Id,
    [property: Description("`processing` while the larger renditions render (the 320 px one exists from the start), " +
        "then `ready`; `failed` when rendering gave up (the 320 px one stays).")] MediaState Status,
    [property: Description("As displayed: the picture's orientation applied.")] int Width,
    int Height,
    [property: Description("A few dozen characters that decode to a blurred placeholder (blurhash.sh).")] string Blurhash,
    [property: Description("Null when none was given.")] string? AltText,
    FocusPoint Focus,
    [property: Description("The 320 px rendition's URL: always there, from the upload's answer on.")] string PreviewUrl,
    [property: Description("The original's URL (re-encoded, at most 2048 px a side); null while processing.")] string? Url,
    [property: Description("Every stored rendition, smallest first.")] IReadOnlyList<RenditionResponse> Renditions,
    [property: Description("The post it belongs to; null while it is an unattached upload (or an avatar).")] long? ItemId,
    DateTime CreatedAt)
{
    /// <summary>Sets the answer's <c>ETag</c> (as a GET of it would have it): an edit or a new upload, like an item's.</summary>
    public MediaResponse Tagged(HttpContext http)
    {
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        http.Response.GetTypedHeaders().ETag = EntityTags.Of(this, typeof(MediaResponse), json);
        return this;
    }

    /// <summary>The media as a client sees it, its files' URLs under <paramref name="urls"/>.</summary>
    public static MediaResponse Of(MediaObject media, MediaUrls urls)
    {
        var renditions = media.Files
            .Select(f => new RenditionResponse(
                f.Name, f.Width, f.Height, MediaKeys.ContentType(f.Extension), urls.Of(media.StorageToken, f)))
            .ToList();
        return new MediaResponse(
            media.Id,
            (MediaState)(int)media.Status,
            media.Width,
            media.Height,
            media.Blurhash,
            media.AltText,
            new FocusPoint(media.FocusX, media.FocusY),
            renditions.FirstOrDefault(r => r.Name == "320")?.Url ?? renditions[0].Url,
            renditions.FirstOrDefault(r => r.Name == "original")?.Url,
            renditions,
            media.ItemId,
            media.CreatedAt);
    }
}

/// <summary>
/// Where clients fetch media files: root-relative under this service (<c>/media/files/{token}/{file}</c>, as
/// every <c>Location</c> here is), or under <see cref="MediaOptions.PublicBaseUrl"/> when a CDN or the bucket serves them.
/// </summary>
public sealed class MediaUrls(string? publicBaseUrl)
{
    public const string Route = "/media/files";

    private readonly string _base = string.IsNullOrWhiteSpace(publicBaseUrl) ? Route : publicBaseUrl.TrimEnd('/');

    public string Of(string token, MediaFile file) => $"{_base}/{token}/{file.FileName}";
}
