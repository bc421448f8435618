using System.Globalization;
using Feed.Api.Media.Images;
using Feed.Domain;
using NetVips;

namespace Feed.Api.Seeding;

/// <summary>One generated picture: its size, blurhash and the renditions a media stores (WebP bytes each).</summary>
public sealed record SeedPicture(
    int Width, int Height, string Blurhash, string AltText, IReadOnlyList<(MediaFile File, byte[] Bytes)> Files);

/// <summary>
/// Pictures for seeded posts and avatars, drawn locally from the seed (no network, no fixture files): a gradient, a few
/// circles and bars, and grain, all from a seeded <see cref="Random"/> (never libvips' own noise, which a seed does not
/// fix), encoded as WebP at each rendition's width straight away (320, 640, 1080; the original is the 1080 one, as the
/// pipeline lists a rendition of an image no wider than it). Same seed and number → the same bytes.
/// A seed makes a pool of them once and reuses it across its media (each media still stores its own files).
/// </summary>
public static class SeedPictures
{
    /// <summary>The distinct pictures a seed draws its posts' photos from.</summary>
    public const int PhotoPool = 16;

    /// <summary>The distinct (square) pictures a seed draws its avatars from.</summary>
    public const int AvatarPool = 4;

    private const int Largest = 1080;
    private const int Coarse = 6;
    private static readonly (int Width, int Height)[] Shapes = [(1080, 1080), (1080, 1350), (1080, 608)];
    private static readonly int[] Widths = [320, 640, 1080];

    /// <summary>The photo pool, then the avatar pool, made in parallel; empty pools when the share is 0.</summary>
    public static (SeedPicture[] Photos, SeedPicture[] Avatars) Pools(SeedOptions options, CancellationToken cancellationToken)
    {
        var photos = options.Photos > 0 ? PhotoPool : 0;
        var avatars = options.Avatars > 0 ? AvatarPool : 0;
        var made = new SeedPicture[photos + avatars];
        Parallel.For(0, made.Length, new ParallelOptions { CancellationToken = cancellationToken }, n =>
            made[n] = n < photos ? Make(options.Seed, n, square: false) : Make(options.Seed, 1_000 + n - photos, square: true));
        return (made[..photos], made[photos..]);
    }

    /// <summary>Picture <paramref name="number"/> of seed <paramref name="seed"/>.</summary>
    public static SeedPicture Make(int seed, int number, bool square)
    {
        var random = new Random(unchecked((seed * 1_000_037) + (number * 7_933) + 5));
        var (width, height) = square ? Shapes[0] : Shapes[random.Next(Shapes.Length)];
        var circles = random.Next(2, 7);
        using var canvas = Draw(random, width, height, circles);
        var files = new List<(MediaFile, byte[])>();
        foreach (var target in Widths)
        {
            using var sized = target == width ? canvas.Copy() : canvas.Resize((double)target / width);
            var bytes = sized.WebpsaveBuffer(q: 80, effort: 2, smartSubsample: false, keep: Enums.ForeignKeep.None);
            files.Add((new MediaFile(target.ToString(CultureInfo.InvariantCulture), sized.Width, sized.Height, "webp"), bytes));
        }

        var (largest, largestBytes) = files[^1];
        files.Add((largest with { Name = "original" }, largestBytes));
        var alt = $"A generated picture: a gradient with {circles} circles (seed {seed}, picture {number}).";
        return new SeedPicture(width, height, BlurhashOf(canvas), alt, files);
    }

    /// <summary>
    /// A gradient with texture, drawn at a sixth of the size in bytes (each band a plane tilted at random, plus ±16 levels
    /// of grain) and smoothed up to size, then circles and a bar at full size: no per-pixel arithmetic at full size.
    /// </summary>
    private static Image Draw(Random random, int width, int height, int circles)
    {
        var (across, down) = ((width / Coarse) + 2, (height / Coarse) + 2);
        var planes = Enumerable.Range(0, 3)
            .Select(_ => (Base: random.Next(60, 196), Slope: (random.NextDouble() - 0.5) * 200, Rise: (random.NextDouble() - 0.5) * 200))
            .ToArray();
        var grain = new byte[across * down];
        random.NextBytes(grain);
        var pixels = new byte[across * down * 3];
        for (var j = 0; j < down; j++)
        {
            for (var i = 0; i < across; i++)
            {
                var at = (j * across) + i;
                for (var c = 0; c < 3; c++)
                {
                    var (level, slope, rise) = planes[c];
                    var value = level + (slope * i / across) + (rise * j / down) + ((grain[at] - 128) / 8.0);
                    pixels[(at * 3) + c] = (byte)Math.Clamp((int)Math.Round(value), 0, 255);
                }
            }
        }

        using var small = Image.NewFromMemory(pixels, across, down, 3, Enums.BandFormat.Uchar);
        using var smooth = small.Resize(Coarse, kernel: Enums.Kernel.Linear);
        using var canvas = smooth.Crop(0, 0, width, height);
        using var shapes = canvas.Mutate(m =>
        {
            for (var i = 0; i < circles; i++)
            {
                m.DrawCircle(Ink(random), random.Next(width), random.Next(height), random.Next(Largest / 20, Largest / 4), fill: true);
            }

            var bar = random.Next(height / 12, height / 5);
            m.DrawRect(Ink(random), 0, random.Next(height - bar), width, bar, fill: true);
        });
        return shapes.CopyMemory();
    }

    private static double[] Ink(Random random) => [random.Next(256), random.Next(256), random.Next(256)];

    private static string BlurhashOf(Image image)
    {
        using var tiny = image.ThumbnailImage(32, height: 32);
        return Blurhash.Encode(tiny.WriteToMemory<byte>(), tiny.Width, tiny.Height);
    }
}
