using System.ComponentModel;
using Feed.Domain;

namespace Feed.Api.Media;

/// <summary>A person's picture: a blurhash to paint at once, then its 320 px rendition, and the 640 px one once rendered.</summary>
public sealed record AvatarResponse(
    [property: Description("The upload's id (`GET /media/{id}`).")] long Id,
    [property: Description("A few dozen characters that decode to a blurred placeholder (blurhash.sh).")] string Blurhash,
    [property: Description("The 320 px wide rendition: always there.")] string Url320,
    [property: Description("The 640 px wide rendition; null while the upload is processing.")] string? Url640)
{
    /// <summary>The documents' example: 김민지's face.</summary>
    public static AvatarResponse Example { get; } = new(
        311, "LEHV6nWB2yk8pyo0adR*.7kCMdnj", $"{MediaUrls.Route}/5f0c2e9a7d41b3c8e6a1f9d2b4c7e0a3/320.webp",
        $"{MediaUrls.Route}/5f0c2e9a7d41b3c8e6a1f9d2b4c7e0a3/640.webp");

    /// <summary>The avatar <paramref name="media"/> shows, or null when there is none.</summary>
    public static AvatarResponse? Of(MediaObject? media, MediaUrls urls)
    {
        if (media is null)
        {
            return null;
        }

        string? Url(string name) => media.Files.FirstOrDefault(f => f.Name == name) is { } file ? urls.Of(media.StorageToken, file) : null;
        return new AvatarResponse(media.Id, media.Blurhash, Url("320") ?? urls.Of(media.StorageToken, media.Files[0]), Url("640"));
    }
}

/// <summary>The media URLs a request's answer uses (<see cref="MediaUrls"/>, as configured).</summary>
public static class MediaUrlsOfRequest
{
    /// <summary>Root-relative, under this service: for the answers built with no request's services at hand.</summary>
    public static readonly MediaUrls RootRelative = new(null);

    public static MediaUrls MediaUrls(this HttpContext http) => http.RequestServices.GetService<MediaUrls>() ?? RootRelative;
}
