using Feed.Domain;

namespace Feed.Api.Media;

/// <summary>
/// Where a media's bytes live in the store. Served files are under <c>files/{token}/</c>, one per
/// rendition; the upload as it came is under <c>uploads/{token}</c>, private: never served (another
/// instance renders from it, and it is deleted once rendered). A bucket's public policy covers
/// <c>files/</c> only.
/// </summary>
public static class MediaKeys
{
    public const string FilesPrefix = "files/";

    public static string File(string token, MediaFile file) => $"{FilesPrefix}{token}/{file.FileName}";

    public static string Upload(string token) => $"uploads/{token}";

    /// <summary>Every key a media may have written: its renditions (stored or not yet) and its upload.</summary>
    public static IEnumerable<string> All(MediaObject media) =>
        [.. Renditions.Keys.Select(name => Candidates(media.StorageToken, name)).SelectMany(k => k), Upload(media.StorageToken)];

    /// <summary>The renditions an image has and the extensions they may be stored with.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Renditions = new Dictionary<string, string[]>
    {
        ["320"] = ["webp"],
        ["640"] = ["webp"],
        ["1080"] = ["webp"],
        ["original"] = ["webp", "jpg", "png"],
    };

    /// <summary>The key a served file name stands for, or null when it names no rendition (nothing else is ever served).</summary>
    public static string? Served(string token, string fileName)
    {
        if (!MediaRules.IsToken(token) || fileName.Split('.') is not [var name, var extension]
            || !Renditions.TryGetValue(name, out var extensions) || !extensions.Contains(extension))
        {
            return null;
        }

        return $"{FilesPrefix}{token}/{fileName}";
    }

    /// <summary>The file extension for a rendition's content type.</summary>
    public static string Extension(string contentType) => contentType switch
    {
        "image/webp" => "webp",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => throw new ArgumentException($"No rendition is stored as {contentType}.", nameof(contentType)),
    };

    public static string ContentType(string extension) => extension switch
    {
        "webp" => "image/webp",
        "jpg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    };

    private static IEnumerable<string> Candidates(string token, string name) =>
        Renditions[name].Select(extension => $"{FilesPrefix}{token}/{name}.{extension}");
}
