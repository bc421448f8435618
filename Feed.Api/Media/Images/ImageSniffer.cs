using System.Text;

namespace Feed.Api.Media.Images;

/// <summary>
/// Names an upload's type from its first bytes only: never the file name, never the Content-Type the client sent.
/// Reads at most the first 64 bytes (the magic numbers and, for the ISO-BMFF family, the <c>ftyp</c> box's brands).
/// </summary>
public static class ImageSniffer
{
    /// <summary>What the first bytes say the upload is; <see cref="SniffedType.Unknown"/> for anything else.</summary>
    public static SniffedType Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return SniffedType.Jpeg;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return SniffedType.Png;
        }

        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return SniffedType.WebP;
        }

        return SniffHeif(bytes);
    }

    // HEIF and AVIF are ISO-BMFF files: a first box of type "ftyp" holding a major brand and compatible brands.
    static SniffedType SniffHeif(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 16 || !bytes[4..8].SequenceEqual("ftyp"u8))
        {
            return SniffedType.Unknown;
        }

        var boxSize = (int)Math.Min((uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]), 64u);
        var end = Math.Min(boxSize, bytes.Length);
        var brands = new List<string> { Encoding.ASCII.GetString(bytes[8..12]) };
        for (var at = 16; at + 4 <= end; at += 4)
        {
            brands.Add(Encoding.ASCII.GetString(bytes[at..(at + 4)]));
        }

        if (brands.Any(b => b is "avif" or "avis"))
        {
            return SniffedType.Avif;
        }

        return brands.Any(b => b is "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx")
            ? SniffedType.Heic
            : SniffedType.Unknown;
    }
}

/// <summary>The types <see cref="ImageSniffer"/> tells apart.</summary>
public enum SniffedType
{
    Unknown,
    Jpeg,
    Png,
    WebP,

    /// <summary>HEIF with AV1 inside: the bundled libvips decodes it (its libheif carries an AV1 decoder).</summary>
    Avif,

    /// <summary>HEIF with HEVC inside (iPhone photos): the bundled libvips has no HEVC decoder, so it is refused (415).</summary>
    Heic,
}
