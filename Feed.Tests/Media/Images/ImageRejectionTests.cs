using System.Text;
using Feed.Api.Media.Images;
using NetVips;

namespace Feed.Tests.Media.Images;

/// <summary>What the pipeline refuses, and why: each reason is one HTTP status (415, 413, 422) for the endpoint.</summary>
public sealed class ImageRejectionTests
{
    public static TheoryData<string, byte[]> NotImages => new()
    {
        { "SVG", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"9\"><script>alert(1)</script></svg>") },
        { "SVG with an XML prolog", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>") },
        { "HTML named photo.jpg", Encoding.UTF8.GetBytes("<!DOCTYPE html><html><script>alert(document.cookie)</script></html>") },
        { "PDF", Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF") },
        { "GIF", TestImages.Gif(16, 16) },
        { "empty", [] },
        { "JPEG magic alone", [0xFF, 0xD8] },
    };

    [Theory]
    [MemberData(nameof(NotImages))]
    public void Bytes_that_are_not_an_accepted_image_are_an_unsupported_type(string what, byte[] bytes)
    {
        Rejection(() => ImagePipeline.Prepare(bytes)).Should().Be(ImageRejection.UnsupportedType, what);
        Rejection(() => ImagePipeline.RenderRest(bytes)).Should().Be(ImageRejection.UnsupportedType, what);
    }

    [Fact]
    public void HEIC_is_an_unsupported_type_because_this_libvips_has_no_HEVC_decoder()
    {
        var heic = TestImages.Fixture("photo.heic");

        ImageSniffer.Sniff(heic).Should().Be(SniffedType.Heic);
        Rejection(() => ImagePipeline.Prepare(heic)).Should().Be(ImageRejection.UnsupportedType);
    }

    /// <summary>Pins why HEIC is refused: when a libvips upgrade decodes it, this fails and HEIC can be accepted.</summary>
    [Fact]
    public void The_bundled_libvips_cannot_decode_HEVC()
    {
        var decode = () =>
        {
            using var image = Image.HeifloadBuffer(TestImages.Fixture("photo.heic"));
            return image.Avg();
        };

        decode.Should().Throw<VipsException>();
    }

    [Fact]
    public void More_than_16_MiB_is_too_large_whatever_the_bytes()
    {
        var bytes = new byte[ImagePipeline.MaxBytes + 1];
        TestImages.Jpeg(64, 64).CopyTo(bytes, 0);

        Rejection(() => ImagePipeline.Prepare(bytes)).Should().Be(ImageRejection.TooLarge);
    }

    [Fact]
    public void A_PNG_bomb_is_refused_from_its_header()
    {
        // 50,000 × 50,000 valid pixels in 300 KB: 2.5 GB once decoded to 8 bits.
        var bomb = TestImages.Fixture("bomb-50000x50000.png");

        Rejection(() => ImagePipeline.Prepare(bomb)).Should().Be(ImageRejection.TooManyPixels);
        Rejection(() => ImagePipeline.RenderRest(bomb)).Should().Be(ImageRejection.TooManyPixels);
    }

    [Fact]
    public void A_bomb_with_no_pixel_data_at_all_is_still_too_many_pixels_so_nothing_was_decoded()
    {
        // The bomb cut 1 KB in, a few of its 50,000 rows: a decode would fail (422), so 413 proves the header decided.
        var headerOnly = TestImages.Fixture("bomb-50000x50000.png")[..1024];

        Rejection(() => ImagePipeline.Prepare(headerOnly)).Should().Be(ImageRejection.TooManyPixels);
    }

    [Theory]
    [InlineData(60_000, 60_000)]
    [InlineData(10_000, 4_001)]
    public void A_JPEG_declaring_more_than_40_megapixels_is_too_many_pixels(int width, int height)
    {
        var liar = TestImages.WithDeclaredJpegSize(TestImages.Jpeg(64, 48), width, height);

        Rejection(() => ImagePipeline.Prepare(liar)).Should().Be(ImageRejection.TooManyPixels);
    }

    [Fact]
    public void A_JPEG_at_exactly_40_megapixels_is_accepted()
    {
        // Its data is for 64 × 48: libjpeg fills the rest grey with a warning, which the pipeline tolerates (cameras'
        // files often carry harmless ones); truncation is refused (below).
        var atTheLimit = TestImages.WithDeclaredJpegSize(TestImages.Jpeg(64, 48), 10_000, 4_000);

        ImagePipeline.Prepare(atTheLimit).Should().BeEquivalentTo(new { Width = 10_000, Height = 4_000 });
    }

    [Fact]
    public void A_truncated_JPEG_is_undecodable()
    {
        var jpeg = TestImages.Jpeg(800, 600);

        Rejection(() => ImagePipeline.Prepare(jpeg[..(jpeg.Length * 6 / 10)])).Should().Be(ImageRejection.Undecodable);
        Rejection(() => ImagePipeline.RenderRest(jpeg[..(jpeg.Length * 6 / 10)])).Should().Be(ImageRejection.Undecodable);
    }

    [Fact]
    public void A_truncated_PNG_is_undecodable()
    {
        var png = TestImages.Png(400, 300);

        Rejection(() => ImagePipeline.Prepare(png[..(png.Length / 2)])).Should().Be(ImageRejection.Undecodable);
    }

    [Fact]
    public void A_JPEG_whose_header_is_garbage_is_undecodable()
    {
        byte[] garbage = [0xFF, 0xD8, 0xFF, 0xE0, .. Encoding.ASCII.GetBytes(new string('x', 200))];

        Rejection(() => ImagePipeline.Prepare(garbage)).Should().Be(ImageRejection.Undecodable);
    }

    [Fact]
    public void A_rejection_says_why_in_words_a_developer_can_act_on()
    {
        var act = () => ImagePipeline.Prepare(TestImages.Fixture("bomb-50000x50000.png"));

        act.Should().Throw<ImageRejectedException>().WithMessage("*50,000 × 50,000*40,000,000*");
    }

    static ImageRejection? Rejection(Action act)
    {
        try
        {
            act();
            return null;
        }
        catch (ImageRejectedException e)
        {
            return e.Reason;
        }
    }
}
