namespace Feed.Api.Media.Images;

/// <summary>
/// What an upload's first pass yields, fast enough to answer the upload with: the size as displayed
/// (orientation applied), a blurhash computed on a tiny image, and the smallest rendition.
/// </summary>
public sealed record PreparedImage(string Format, int Width, int Height, string Blurhash, Rendition Smallest);

/// <summary>One encoded rendition: its name (<c>320</c>, <c>640</c>, <c>1080</c>, <c>original</c>), size and bytes.</summary>
public sealed record Rendition(string Name, int Width, int Height, string ContentType, byte[] Bytes);

/// <summary>Why an upload is refused; each maps to one HTTP status and problem type.</summary>
public enum ImageRejection
{
    /// <summary>The bytes are not an image type the service decodes (415).</summary>
    UnsupportedType,

    /// <summary>More bytes than allowed (413).</summary>
    TooLarge,

    /// <summary>More pixels than allowed, refused from the header before decoding (413).</summary>
    TooManyPixels,

    /// <summary>The type is supported but the bytes do not decode (422).</summary>
    Undecodable,
}

/// <summary>An upload the pipeline refuses, with a detail a developer can act on.</summary>
public sealed class ImageRejectedException(ImageRejection reason, string detail) : Exception(detail)
{
    public ImageRejection Reason { get; } = reason;
}
