using System.Runtime.InteropServices;
using NetVips;

namespace Feed.Api.Media.Images;

/// <summary>
/// The image work of an upload, on libvips (NetVips). Both passes read the upload's bytes as they came and never
/// return them as they came: every rendition is decoded, turned upright by its EXIF orientation, converted to sRGB
/// and re-encoded as WebP with no metadata at all (no EXIF, XMP, IPTC or ICC: GPS is gone). Both are synchronous
/// and CPU-bound (tens to hundreds of milliseconds); both are safe to call from many threads at once, and each
/// lets one call per core into libvips at a time (the others block until one ends: call them off the request
/// thread, e.g. in <c>Task.Run</c> or a background worker, when many uploads can arrive at once).
/// </summary>
/// <remarks>
/// Checks, in order, and what each reads: size (the length only) → 413 <see cref="ImageRejection.TooLarge"/>;
/// type (the first bytes, <see cref="ImageSniffer"/>) → 415 <see cref="ImageRejection.UnsupportedType"/>;
/// pixels (the header only, through the type's own loader: JPEG's SOF, PNG's IHDR, WebP's VP8 header,
/// HEIF's ispe; no pixel is decoded) → 413 <see cref="ImageRejection.TooManyPixels"/>; then the decode itself,
/// which fails on truncated or corrupt data → 422 <see cref="ImageRejection.Undecodable"/>.
/// </remarks>
public static class ImagePipeline
{
    /// <summary>The largest upload accepted, in bytes (16 MiB).</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The most pixels an upload may declare (40 megapixels); decided from the header.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>The width of the rendition <see cref="Prepare"/> makes.</summary>
    public const int SmallestWidth = 320;

    /// <summary>The longest side of the re-encoded original.</summary>
    public const int OriginalMaxSide = 2048;

    /// <summary>The widths <see cref="RenderRest"/> makes, besides the original.</summary>
    public static readonly IReadOnlyList<int> RestWidths = [640, 1080];

    /// <summary>The content type of every rendition.</summary>
    public const string WebPContentType = "image/webp";

    const int RenditionQuality = 80;
    const int OriginalQuality = 85;
    const int WebPEffort = 2;

    /// <summary>
    /// The fast pass that answers the upload: checks the bytes (see the remarks on the class), reads the size as
    /// displayed (orientation applied), decodes shrunk on load to 320 px wide, and from that makes the WebP
    /// rendition and the blurhash (4×3 components, on a copy ≤ 32 px a side). Throws
    /// <see cref="ImageRejectedException"/>.
    /// </summary>
    public static PreparedImage Prepare(ReadOnlyMemory<byte> upload)
    {
        var bytes = AsArray(upload);
        var header = ImageInspector.Inspect(bytes);
        return Decoding(VipsRuntime.Preparing, () =>
        {
            using var small = Load(bytes, SmallestWidth, OriginalMaxSide);
            var rendition = Encode(small, SmallestWidth.ToString(System.Globalization.CultureInfo.InvariantCulture), RenditionQuality);
            return new PreparedImage(header.Format, header.DisplayWidth, header.DisplayHeight, BlurhashOf(small), rendition);
        });
    }

    /// <summary>
    /// The other renditions, in this order: WebP 640 and 1080 px wide, and the original re-encoded as WebP with
    /// its longest side ≤ 2048 px (a JPEG of 3,686–4,096 px: half its size, 1,843–2,048 px, decoded at half scale).
    /// One decode (shrunk on load to the original's size), the others resized from it.
    /// Never upscales: a rendition of a narrower image has the image's own size; every rendition is still listed
    /// (callers store four names), and one the same size as the one before reuses its bytes instead of encoding
    /// again. Every rendition is also at most 2048 px tall, so a tall strip's renditions stay within WebP's
    /// limits and no larger than its original. Throws <see cref="ImageRejectedException"/>.
    /// </summary>
    public static IReadOnlyList<Rendition> RenderRest(ReadOnlyMemory<byte> upload)
    {
        var bytes = AsArray(upload);
        var header = ImageInspector.Inspect(bytes);
        var side = OriginalSide(header);
        return Decoding(VipsRuntime.Rendering, () =>
        {
            using var original = Load(bytes, side, side);
            var renditions = new List<Rendition>();
            foreach (var width in RestWidths)
            {
                var name = width.ToString(System.Globalization.CultureInfo.InvariantCulture);
                using var resized = original.ThumbnailImage(width, height: OriginalMaxSide, size: Enums.Size.Down);
                var previous = renditions.LastOrDefault();
                renditions.Add(previous is not null && previous.Width == resized.Width && previous.Height == resized.Height
                    ? previous with { Name = name }
                    : Encode(resized, name, RenditionQuality));
            }

            renditions.Add(Encode(original, "original", OriginalQuality));
            return renditions;
        });
    }

    // A JPEG up to twice the original's size decodes at half scale when that still gives ≥ 90 % of 2048 px: a 12 MP
    // photo (4000 or 4032 px) then keeps 2000 or 2016 px and skips three quarters of the decode (bench/photos.sh).
    static int OriginalSide(ImageHeader header)
    {
        var longest = Math.Max(header.StoredWidth, header.StoredHeight);
        return header.Format == "jpeg" && longest > OriginalMaxSide && longest / 2 >= OriginalMaxSide * 9 / 10
            ? Math.Min(longest / 2, OriginalMaxSide)
            : OriginalMaxSide;
    }

    // Decoded shrunk on load, turned upright, in sRGB 8-bit (alpha kept), and copied to memory so that the
    // encoders after it read pixels rather than decoding the upload again.
    static Image Load(byte[] bytes, int width, int maxHeight)
    {
        // fail_on goes to the loader in the option string: thumbnail's own failOn argument does not reach it here
        // (a truncated JPEG then decodes grey-filled; measured with libvips 8.18.7).
        using var thumbnail = Image.ThumbnailBuffer(bytes, width, optionString: "fail_on=error", height: maxHeight,
            size: Enums.Size.Down, outputProfile: "srgb");
        using var srgb = thumbnail.Interpretation == Enums.Interpretation.Srgb && thumbnail.Format == Enums.BandFormat.Uchar
            ? thumbnail.Copy()
            : thumbnail.Colourspace(Enums.Interpretation.Srgb).Cast(Enums.BandFormat.Uchar);
        return srgb.CopyMemory();
    }

    static Rendition Encode(Image image, string name, int quality)
    {
        var webp = image.WebpsaveBuffer(q: quality, effort: WebPEffort, smartSubsample: false, keep: Enums.ForeignKeep.None);
        return new Rendition(name, image.Width, image.Height, WebPContentType, webp);
    }

    static string BlurhashOf(Image image)
    {
        using var tiny = image.ThumbnailImage(32, height: 32, size: Enums.Size.Down);
        using var opaque = tiny.HasAlpha() ? tiny.Flatten(background: [255, 255, 255]) : tiny.Copy();
        using var rgb = opaque.Bands > 3 ? opaque.ExtractBand(0, 3) : opaque.Copy();
        using var uchar = rgb.Cast(Enums.BandFormat.Uchar);
        return Blurhash.Encode(uchar.WriteToMemory<byte>(), uchar.Width, uchar.Height);
    }

    // libvips is lazy: a truncated or corrupt image fails where its pixels are first needed, inside the work.
    // The checks before it run ungated, so a bomb is refused at once even while the gate is full.
    static T Decoding<T>(SemaphoreSlim gate, Func<T> work)
    {
        gate.Wait();
        try
        {
            return work();
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(ImageRejection.Undecodable, $"The image does not decode: {FirstLine(e.Message)}");
        }
        finally
        {
            gate.Release();
        }
    }

    static string FirstLine(string message) => message.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";

    static byte[] AsArray(ReadOnlyMemory<byte> upload) =>
        MemoryMarshal.TryGetArray(upload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : upload.ToArray();
}
