using Feed.Api.Media;
using Feed.Api.Plumbing.Documentation;

namespace Feed.Api.Items;

/// <summary>What the kinds' examples share: their authors, and times as the wire writes them.</summary>
public static class ItemExamples
{
    public static readonly AuthorResponse Minji = new(7, "김민지", "민지 🌿", AvatarResponse.Example);

    /// <summary>A ready photo, as a post shows it.</summary>
    public static readonly MediaResponse RiverPhoto = new(
        318,
        MediaState.Ready,
        4032,
        3024,
        "LKO2?U%2Tw=w]~RBVZRi};RPxuwH",
        "반포대교 아래 자전거 길, 해 질 무렵",
        new FocusPoint(0, 0.2),
        Files("9b1d4e7f2a6c8e0b3d5f7a9c1e3b5d7f", "320"),
        Files("9b1d4e7f2a6c8e0b3d5f7a9c1e3b5d7f", "original"),
        [
            new("320", 320, 240, "image/webp", Files("9b1d4e7f2a6c8e0b3d5f7a9c1e3b5d7f", "320")),
            new("640", 640, 480, "image/webp", Files("9b1d4e7f2a6c8e0b3d5f7a9c1e3b5d7f", "640")),
            new("1080", 1080, 810, "image/webp", Files("9b1d4e7f2a6c8e0b3d5f7a9c1e3b5d7f", "1080")),
            new("original", 2048, 1536, "image/webp", Files("9b1d4e7f2a6c8e0b3d5f7a9c1e3b5d7f", "original")),
        ],
        1042,
        At("2026-11-25T09:40:51.209113Z"));
    public static readonly AuthorResponse Alex = new(12, "alex.morgan");

    public static DateTime At(string utc) => ExampleTime.Utc(utc);

    private static string Files(string token, string name) => $"{MediaUrls.Route}/{token}/{name}.webp";
}
