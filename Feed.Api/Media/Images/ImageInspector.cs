using NetVips;

namespace Feed.Api.Media.Images;

/// <summary>
/// The checks made before any pixel is decoded: the length, the type from the first bytes, and the dimensions
/// and orientation from the header, read by the type's own libvips loader (lazy: opening an image reads its
/// header and nothing else, so a 50,000 × 50,000 bomb is refused in about a millisecond, with no allocation for
/// its pixels).
/// </summary>
public static class ImageInspector
{
    /// <summary>Checks the upload and reads its header. Throws <see cref="ImageRejectedException"/>.</summary>
    public static ImageHeader Inspect(byte[] bytes)
    {
        VipsRuntime.Ensure();
        if (bytes.Length > ImagePipeline.MaxBytes)
        {
            throw new ImageRejectedException(ImageRejection.TooLarge,
                $"The file is {bytes.Length:N0} bytes; the most accepted is {ImagePipeline.MaxBytes:N0} (16 MiB).");
        }

        var (format, loader) = ImageSniffer.Sniff(bytes) switch
        {
            SniffedType.Jpeg => ("jpeg", "jpegload_buffer"),
            SniffedType.Png => ("png", "pngload_buffer"),
            SniffedType.WebP => ("webp", "webpload_buffer"),
            SniffedType.Avif => ("avif", "heifload_buffer"),
            SniffedType.Heic => throw new ImageRejectedException(ImageRejection.UnsupportedType,
                "HEIC (HEVC) images are not decoded here; send JPEG, PNG, WebP or AVIF (iPhones: Settings → Camera → Most Compatible)."),
            _ => throw new ImageRejectedException(ImageRejection.UnsupportedType,
                "The bytes are not a JPEG, PNG, WebP or AVIF image (the type is read from the content, not the name)."),
        };

        using var image = OpenHeader(bytes, loader);
        var pixels = (long)image.Width * image.Height;
        if (pixels > ImagePipeline.MaxPixels)
        {
            throw new ImageRejectedException(ImageRejection.TooManyPixels,
                $"The image declares {image.Width:N0} × {image.Height:N0} = {pixels:N0} pixels; "
                + $"the most accepted is {ImagePipeline.MaxPixels:N0}.");
        }

        var orientation = image.Contains("orientation") ? (int)image.Get("orientation") : 1;
        var sideways = orientation is >= 5 and <= 8;
        return new ImageHeader(format, image.Width, image.Height, orientation,
            sideways ? image.Height : image.Width, sideways ? image.Width : image.Height);
    }

    static Image OpenHeader(byte[] bytes, string loader)
    {
        try
        {
            return (Image)Operation.Call(loader, new VOption { { "access", Enums.Access.Sequential } }, bytes);
        }
        catch (VipsException e)
        {
            throw new ImageRejectedException(ImageRejection.Undecodable, $"The image header does not decode: {e.Message.Trim()}");
        }
    }
}

/// <summary>
/// What the header says: the type, the stored size, the EXIF orientation (1–8, 1 when absent) and the size as
/// displayed once the orientation is applied (width and height swapped for 5–8).
/// </summary>
public sealed record ImageHeader(string Format, int StoredWidth, int StoredHeight, int Orientation, int DisplayWidth, int DisplayHeight);
