namespace Feed.Api.Media.Images;

/// <summary>
/// The blurhash encoder (https://blurha.sh, MIT; no package for it is on the mirror), written after the reference
/// TypeScript implementation (npm <c>blurhash</c> 2.x) and checked against it by a committed vector. Meant for a
/// tiny image (≤ 32 px a side): its cost is pixels × components, which on a full photo takes seconds.
/// </summary>
public static class Blurhash
{
    const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    /// <summary>Encodes packed 8-bit sRGB pixels (3 bytes a pixel, rows without padding).</summary>
    public static string Encode(ReadOnlySpan<byte> rgb, int width, int height, int componentsX = 4, int componentsY = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(componentsX, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentsX, 9);
        ArgumentOutOfRangeException.ThrowIfLessThan(componentsY, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(componentsY, 9);
        if (width < 1 || height < 1 || rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"Expected {width}×{height}×3 bytes, got {rgb.Length}.", nameof(rgb));
        }

        var linear = new double[rgb.Length];
        for (var i = 0; i < rgb.Length; i++)
        {
            linear[i] = SrgbToLinear(rgb[i]);
        }

        var factors = new (double R, double G, double B)[componentsX * componentsY];
        for (var j = 0; j < componentsY; j++)
        {
            for (var i = 0; i < componentsX; i++)
            {
                factors[j * componentsX + i] = Factor(linear, width, height, i, j);
            }
        }

        var hash = new System.Text.StringBuilder();
        Append83(hash, componentsX - 1 + (componentsY - 1) * 9, 1);
        var maximum = 1.0;
        if (factors.Length > 1)
        {
            // The reference TypeScript takes the largest signed component (the C encoder takes magnitudes); doing as it
            // does gives the same hash as the encoder most web tools use.
            var actual = factors.Skip(1).Max(f => Math.Max(f.R, Math.Max(f.G, f.B)));
            var quantised = (int)Math.Floor(Math.Max(0, Math.Min(82, Math.Floor(actual * 166 - 0.5))));
            maximum = (quantised + 1) / 166.0;
            Append83(hash, quantised, 1);
        }
        else
        {
            Append83(hash, 0, 1);
        }

        var dc = factors[0];
        Append83(hash, (LinearToSrgb(dc.R) << 16) + (LinearToSrgb(dc.G) << 8) + LinearToSrgb(dc.B), 4);
        foreach (var ac in factors.Skip(1))
        {
            Append83(hash, QuantiseAc(ac.R, maximum) * 19 * 19 + QuantiseAc(ac.G, maximum) * 19 + QuantiseAc(ac.B, maximum), 2);
        }

        return hash.ToString();
    }

    // The reference walks x outer, y inner; the same order keeps the sums (and so the rounding) the same.
    static (double R, double G, double B) Factor(double[] linear, int width, int height, int i, int j)
    {
        double r = 0, g = 0, b = 0;
        var normalisation = i == 0 && j == 0 ? 1.0 : 2.0;
        for (var x = 0; x < width; x++)
        {
            var cosX = Math.Cos(Math.PI * i * x / width);
            for (var y = 0; y < height; y++)
            {
                var basis = normalisation * cosX * Math.Cos(Math.PI * j * y / height);
                var at = 3 * (x + y * width);
                r += basis * linear[at];
                g += basis * linear[at + 1];
                b += basis * linear[at + 2];
            }
        }

        var scale = 1.0 / (width * height);
        return (r * scale, g * scale, b * scale);
    }

    static int QuantiseAc(double value, double maximum) =>
        (int)Math.Floor(Math.Max(0, Math.Min(18, Math.Floor(SignPow(value / maximum, 0.5) * 9 + 9.5))));

    static double SignPow(double value, double exponent) => Math.Sign(value) * Math.Pow(Math.Abs(value), exponent);

    static double SrgbToLinear(byte value)
    {
        var v = value / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    static int LinearToSrgb(double value)
    {
        var v = Math.Max(0, Math.Min(1, value));
        return v <= 0.0031308
            ? (int)Math.Truncate(v * 12.92 * 255 + 0.5)
            : (int)Math.Truncate((1.055 * Math.Pow(v, 1 / 2.4) - 0.055) * 255 + 0.5);
    }

    static void Append83(System.Text.StringBuilder hash, int value, int length)
    {
        for (var i = 1; i <= length; i++)
        {
            var digit = (int)(Math.Floor(value / Math.Pow(83, length - i)) % 83);
            hash.Append(Digits[digit]);
        }
    }
}
