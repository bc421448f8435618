using System.Text;
using Feed.Api.Media.Images;
using NetVips;

namespace Feed.Tests.Media.Images;

/// <summary>
/// The fast pass: the size as displayed, the blurhash and the 320 px WebP, upright and with no metadata left.
/// The rotated fixtures are a phone photo stored landscape (120 × 80, its left quarter red) with GPS in EXIF and XMP.
/// </summary>
public sealed class ImagePreparationTests
{
    static readonly string[] Leaks = ["GpsLeak", "FeedPhone", "secret", "48.85", "Exif", "http://ns.adobe.com"];

    [Theory]
    [InlineData("rotated-6-gps.jpg", "top")]
    [InlineData("rotated-8-gps.jpg", "bottom")]
    public void A_rotated_photo_is_upright_with_its_displayed_size(string fixture, string redEnd)
    {
        var prepared = ImagePipeline.Prepare(TestImages.Fixture(fixture));

        (prepared.Width, prepared.Height).Should().Be((80, 120), "orientation 6 and 8 turn 120 × 80 on its side");
        (prepared.Smallest.Width, prepared.Smallest.Height).Should().Be((80, 120), "never upscaled to 320");
        var top = TestImages.PixelOf(prepared.Smallest.Bytes, 40, 5);
        var bottom = TestImages.PixelOf(prepared.Smallest.Bytes, 40, 114);
        var (red, blue) = redEnd == "top" ? (top, bottom) : (bottom, top);
        red[0].Should().BeGreaterThan(150);
        blue[2].Should().BeGreaterThan(150);
    }

    [Theory]
    [InlineData("rotated-6-gps.jpg")]
    [InlineData("rotated-8-gps.jpg")]
    public void Every_metadata_block_of_a_GPS_tagged_photo_is_gone_from_every_rendition(string fixture)
    {
        var upload = TestImages.Fixture(fixture);
        Encoding.Latin1.GetString(upload).Should().Contain("GpsLeak", "the fixture does carry the metadata");

        var renditions = ImagePipeline.RenderRest(upload).Append(ImagePipeline.Prepare(upload).Smallest).ToList();

        foreach (var rendition in renditions)
        {
            WebPChunks(rendition.Bytes).Should().BeSubsetOf(["VP8 ", "VP8L", "VP8X", "ALPH"], rendition.Name);
            Encoding.Latin1.GetString(rendition.Bytes).Should().NotContainAny(Leaks);
            using var decoded = Image.NewFromBuffer(rendition.Bytes);
            decoded.GetFields().Should().NotContain(["exif-data", "xmp-data", "icc-profile-data", "orientation"]);
            (decoded.Width, decoded.Height).Should().Be((80, 120));
        }
    }

    [Fact]
    public void A_photo_is_decoded_to_320_px_wide_WebP_with_a_4_by_3_blurhash()
    {
        var prepared = ImagePipeline.Prepare(TestImages.Jpeg(1600, 1200));

        prepared.Should().BeEquivalentTo(new { Format = "jpeg", Width = 1600, Height = 1200 });
        prepared.Smallest.Should().BeEquivalentTo(new { Name = "320", Width = 320, Height = 240, ContentType = "image/webp" });
        Encoding.ASCII.GetString(prepared.Smallest.Bytes, 8, 4).Should().Be("WEBP");
        prepared.Blurhash.Should().HaveLength(28).And.StartWith("L", "4 × 3 components");
    }

    [Fact]
    public void The_polyglot_JPEG_that_is_also_HTML_leaves_no_markup_in_its_renditions()
    {
        const string Html = "<html><script>alert(document.cookie)</script></html>";
        var jpeg = TestImages.Jpeg(400, 300);
        byte[] polyglot = [.. TestImages.WithJpegComment(jpeg, Html), .. Encoding.ASCII.GetBytes(Html)];

        var prepared = ImagePipeline.Prepare(polyglot);
        var rest = ImagePipeline.RenderRest(polyglot);

        prepared.Format.Should().Be("jpeg");
        foreach (var rendition in rest.Append(prepared.Smallest))
        {
            Encoding.Latin1.GetString(rendition.Bytes).Should().NotContainAny("<html", "<script", "alert(");
        }
    }

    [Fact]
    public void PNG_bytes_under_a_JPEG_name_are_accepted_as_PNG()
    {
        // The pipeline never sees the name; the type comes from the bytes.
        ImagePipeline.Prepare(TestImages.Png(200, 100)).Format.Should().Be("png");
    }

    [Fact]
    public void WebP_and_AVIF_uploads_are_accepted()
    {
        ImagePipeline.Prepare(TestImages.WebP(200, 100)).Should().BeEquivalentTo(new { Format = "webp", Width = 200, Height = 100 });
        ImagePipeline.Prepare(TestImages.Fixture("photo.avif")).Should().BeEquivalentTo(new { Format = "avif", Width = 120, Height = 80 });
    }

    [Fact]
    public void A_1_by_1_image_stays_1_by_1()
    {
        var prepared = ImagePipeline.Prepare(TestImages.Png(1, 1));

        (prepared.Width, prepared.Height, prepared.Smallest.Width, prepared.Smallest.Height).Should().Be((1, 1, 1, 1));
        prepared.Blurhash.Should().HaveLength(28);
    }

    [Fact]
    public void A_very_wide_panorama_keeps_its_aspect()
    {
        var prepared = ImagePipeline.Prepare(TestImages.Jpeg(12_000, 400));

        (prepared.Width, prepared.Height).Should().Be((12_000, 400));
        (prepared.Smallest.Width, prepared.Smallest.Height).Should().Be((320, 11));
    }

    [Fact]
    public void A_PNG_with_alpha_keeps_its_alpha_in_WebP()
    {
        var prepared = ImagePipeline.Prepare(TestImages.PngWithAlpha(400, 200));

        using var decoded = Image.NewFromBuffer(prepared.Smallest.Bytes);
        decoded.HasAlpha().Should().BeTrue();
        TestImages.PixelOf(prepared.Smallest.Bytes, 40, 80)[3].Should().Be(255);
        TestImages.PixelOf(prepared.Smallest.Bytes, 280, 80)[3].Should().Be(0);
    }

    [Fact]
    public void A_CMYK_JPEG_comes_out_in_RGB_with_its_colours()
    {
        var prepared = ImagePipeline.Prepare(TestImages.CmykJpeg(400, 300));

        var pixel = TestImages.PixelOf(prepared.Smallest.Bytes, 100, 100);
        pixel.Should().HaveCount(3);
        pixel[0].Should().BeGreaterThan(150, "red stays red");
        pixel[2].Should().BeLessThan(100);
    }

    /// <summary>The four-character ids of a WebP file's RIFF chunks.</summary>
    static List<string> WebPChunks(byte[] webp)
    {
        var ids = new List<string>();
        for (var at = 12; at + 8 <= webp.Length;)
        {
            ids.Add(Encoding.ASCII.GetString(webp, at, 4));
            var size = BitConverter.ToInt32(webp, at + 4);
            at += 8 + size + (size & 1);
        }

        return ids;
    }
}
