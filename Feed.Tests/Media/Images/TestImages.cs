using NetVips;

namespace Feed.Tests.Media.Images;

/// <summary>
/// Images for the pipeline tests: the committed fixtures (made by Fixtures/make.sh with exiftool and heif-enc)
/// and pictures drawn here by libvips, whose savers stay usable although the pipeline blocks most loaders.
/// </summary>
internal static class TestImages
{
    public static byte[] Fixture(string name) =>
        File.ReadAllBytes(Repository.PathOf("Feed.Tests", "Media", "Images", "Fixtures", name));

    /// <summary>A photo-like picture: gradients under Gaussian noise, the same for the same seed.</summary>
    public static Image Photo(int width, int height, int seed = 1)
    {
        using var x = Image.Xyz(width, height);
        using var gradient = (x[0] * (200.0 / width) + x[1] * (55.0 / height)).Bandjoin(x[1] * (255.0 / height), x[0] * 0 + 90);
        using var noise = Image.Gaussnoise(width, height, sigma: 20, mean: 0, seed: seed);
        using var picture = gradient + noise;
        return picture.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
    }

    public static byte[] Jpeg(int width, int height, int seed = 1)
    {
        using var photo = Photo(width, height, seed);
        return photo.JpegsaveBuffer(q: 90);
    }

    public static byte[] Png(int width, int height)
    {
        using var photo = Photo(width, height);
        return photo.PngsaveBuffer();
    }

    /// <summary>A PNG whose left half is opaque red and right half fully transparent.</summary>
    public static byte[] PngWithAlpha(int width, int height)
    {
        using var x = Image.Xyz(width, height)[0];
        using var alpha = (x < width / 2).Ifthenelse(255, 0);
        using var red = Image.Black(width, height).NewFromImage(220, 30, 30);
        using var rgba = red.Bandjoin(alpha).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return rgba.PngsaveBuffer();
    }

    public static byte[] WebP(int width, int height)
    {
        using var photo = Photo(width, height);
        return photo.WebpsaveBuffer(q: 80);
    }

    /// <summary>A CMYK JPEG (as print workflows and some scanners make), through libvips's built-in CMYK profile.</summary>
    public static byte[] CmykJpeg(int width, int height)
    {
        using var red = Image.Black(width, height).NewFromImage(220, 30, 30).Copy(interpretation: Enums.Interpretation.Srgb);
        using var cmyk = red.IccTransform("cmyk");
        return cmyk.JpegsaveBuffer(q: 90);
    }

    public static byte[] Gif(int width, int height)
    {
        using var photo = Photo(width, height);
        return photo.GifsaveBuffer();
    }

    /// <summary>The JPEG with its first SOF segment's height and width replaced: a header that lies about its size.</summary>
    public static byte[] WithDeclaredJpegSize(byte[] jpeg, int width, int height)
    {
        var patched = (byte[])jpeg.Clone();
        for (var at = 2; at + 9 < patched.Length;)
        {
            var marker = patched[at + 1];
            var length = patched[at + 2] << 8 | patched[at + 3];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                (patched[at + 5], patched[at + 6]) = ((byte)(height >> 8), (byte)height);
                (patched[at + 7], patched[at + 8]) = ((byte)(width >> 8), (byte)width);
                return patched;
            }

            at += 2 + length;
        }

        throw new InvalidOperationException("No SOF segment found.");
    }

    /// <summary>The JPEG with a comment segment (COM, FF FE) holding the text put right after its SOI marker.</summary>
    public static byte[] WithJpegComment(byte[] jpeg, string text)
    {
        var payload = System.Text.Encoding.ASCII.GetBytes(text);
        byte[] segment = [0xFF, 0xFE, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>A decoded rendition's pixel at (x, y), as its bands.</summary>
    public static double[] PixelOf(byte[] encoded, int x, int y)
    {
        using var image = Image.NewFromBuffer(encoded);
        return image.Getpoint(x, y);
    }
}
