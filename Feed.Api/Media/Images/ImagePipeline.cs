namespace Feed.Api.Media.Images;

/// <summary>
/// SCAFFOLD (issue 28, being built on branch photos-images): the image work of an upload. Both passes
/// read the upload's bytes as they came; neither ever returns them as they came.
/// </summary>
public static class ImagePipeline
{
    /// <summary>
    /// Sniffs the type from the bytes, refuses what it must before decoding, decodes shrunk with the
    /// orientation applied and every metadata block dropped, and answers the displayed size, a blurhash
    /// and the 320 px rendition. Throws <see cref="ImageRejectedException"/>.
    /// </summary>
    public static PreparedImage Prepare(ReadOnlyMemory<byte> upload) =>
        throw new NotImplementedException("issue 28: branch photos-images");

    /// <summary>The other renditions: WebP at 640 and 1080 px wide and the original re-encoded at ≤ 2048 px.</summary>
    public static IReadOnlyList<Rendition> RenderRest(ReadOnlyMemory<byte> upload) =>
        throw new NotImplementedException("issue 28: branch photos-images");
}
