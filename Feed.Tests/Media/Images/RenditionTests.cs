using Feed.Api.Media.Images;

namespace Feed.Tests.Media.Images;

/// <summary>The slower pass: WebP at 640 and 1080 px wide and the original at ≤ 2048 px, never upscaled.</summary>
public sealed class RenditionTests
{
    [Fact]
    public void A_large_photo_gets_640_1080_and_an_original_of_at_most_2048()
    {
        var rest = ImagePipeline.RenderRest(TestImages.Jpeg(3000, 2000));

        rest.Select(r => (r.Name, r.Width, r.Height, r.ContentType)).Should().Equal(
            ("640", 640, 427, "image/webp"), ("1080", 1080, 720, "image/webp"), ("original", 2048, 1365, "image/webp"));
    }

    [Fact]
    public void A_12_megapixel_JPEG_keeps_half_its_size_as_the_original_to_decode_at_half_scale()
    {
        var original = ImagePipeline.RenderRest(TestImages.Jpeg(4032, 3024)).Single(r => r.Name == "original");

        (original.Width, original.Height).Should().Be((2016, 1512));
    }

    [Fact]
    public void A_portrait_original_is_bounded_by_its_height()
    {
        var original = ImagePipeline.RenderRest(TestImages.Jpeg(1500, 3000)).Single(r => r.Name == "original");

        (original.Width, original.Height).Should().Be((1024, 2048));
    }

    [Fact]
    public void A_narrow_image_is_never_upscaled_and_equal_sizes_share_one_encoding()
    {
        var rest = ImagePipeline.RenderRest(TestImages.Jpeg(500, 300));

        rest.Select(r => (r.Name, r.Width, r.Height)).Should().Equal(("640", 500, 300), ("1080", 500, 300), ("original", 500, 300));
        rest[1].Bytes.Should().BeSameAs(rest[0].Bytes, "the 1080 rendition would encode the same pixels again");
    }

    [Fact]
    public void A_tall_strip_stays_within_2048_px_high_in_every_rendition()
    {
        var rest = ImagePipeline.RenderRest(TestImages.Jpeg(1000, 20_000));

        rest.Should().OnlyContain(r => r.Height <= 2048 && r.Width <= 1000);
        rest.Single(r => r.Name == "original").Should().BeEquivalentTo(new { Width = 102, Height = 2048 });
    }

    [Fact]
    public void An_image_between_the_widths_gets_640_and_its_own_width()
    {
        var rest = ImagePipeline.RenderRest(TestImages.Png(800, 800));

        rest.Select(r => (r.Name, r.Width, r.Height)).Should().Equal(("640", 640, 640), ("1080", 800, 800), ("original", 800, 800));
    }
}
