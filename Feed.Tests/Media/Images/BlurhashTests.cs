using Feed.Api.Media.Images;

namespace Feed.Tests.Media.Images;

/// <summary>
/// The encoder against the reference (npm blurhash 2.0.5): the vectors were computed by
/// Fixtures/blurhash-vectors.mjs over the same pixel formulas as <see cref="Pattern"/>.
/// </summary>
public sealed class BlurhashTests
{
    [Theory]
    [InlineData("gradient", 32, 24, 4, 3, "LEHewW33|WO*y|NGn}aJhPfyfOf$")]
    [InlineData("dark-left", 24, 32, 4, 3, "L4K%u*2_2ETM}MJNJ9WRj8V[o1n~")]
    [InlineData("noisy", 32, 21, 4, 3, "L7HLYu%{1WyS~TpQJ4s~dDm+t*S,")]
    [InlineData("gradient", 32, 24, 9, 9, "|EHewW33|WO*a[tKN:%0Jgy|NGn}aJfNi|a^i|a~hPfyfOf$fSf#fTf,fS#TNtn}a#fTjca~jcb1ekf4fSf6fTfBfSf7fP"
        + "%GOAo1bJfSj=a~j=b0e9f5fUf7fUf8fSf9fO%YO8o4bDfSj@a}j=a_d]f8fTf9fRf8fOf4fN")]
    [InlineData("noisy", 7, 5, 1, 1, "00H_-x")]
    public void Encodes_what_the_reference_encoder_encodes(string kind, int width, int height, int x, int y, string expected)
    {
        Blurhash.Encode(Pattern(kind, width, height), width, height, x, y).Should().Be(expected);
    }

    [Fact]
    public void Refuses_pixels_that_do_not_match_the_size()
    {
        var act = () => Blurhash.Encode(new byte[10], 2, 2);

        act.Should().Throw<ArgumentException>();
    }

    /// <summary>The same formulas as Fixtures/blurhash-vectors.mjs (a Park–Miller generator for the noise).</summary>
    internal static byte[] Pattern(string kind, int w, int h)
    {
        var rgb = new byte[w * h * 3];
        long seed = 12345;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                seed = seed * 16807 % 2147483647;
                var noise = (int)(seed % 64);
                int[] px = kind switch
                {
                    "gradient" => [x * 255 / (w - 1), y * 255 / (h - 1), x * y * 7 % 256],
                    "dark-left" => [x < w / 3.0 ? 10 : 200 + noise / 2, 40 + noise, y < h / 2.0 ? 30 : 180],
                    _ => [(x * 37 + noise) % 256, (y * 53 + noise * 2) % 256, (x * y + noise * 3) % 256],
                };
                var at = 3 * (x + y * w);
                (rgb[at], rgb[at + 1], rgb[at + 2]) = ((byte)px[0], (byte)px[1], (byte)px[2]);
            }
        }

        return rgb;
    }
}
