using System.Text.Json.Nodes;
using Feed.Api.Plumbing.Documentation;
using Feed.Domain;
using Microsoft.OpenApi;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Media;

/// <summary>What the document says of pictures beyond their endpoints: the tag, ids, the files' path parameters, examples.</summary>
public static class MediaDocs
{
    private const string Token = "9f86d081884c7d659a2feaa0c55ad015";

    private static readonly MediaFile[] Files =
    [
        new("320", 320, 240, "webp"), new("640", 640, 480, "webp"), new("1080", 1080, 810, "webp"), new("original", 2048, 1536, "webp"),
    ];

    /// <summary>A picture as its owner reads it once rendered, with alt text and a focal point.</summary>
    public static MediaResponse Example { get; } = Rendered();

    public static void Declare(ApiNotes notes) => notes
        .Tag("Media", "Pictures: upload one (`multipart/form-data`), describe it, and fetch its renditions.")
        .PathId("media", "The picture's id: the end of the `Location` its upload answered.", Example.Id)
        .Parameter("token", p => Describe(p, "The picture's random storage token, as its URLs carry it.", Token))
        .Parameter("file", p => Describe(p, "The rendition's file: `320.webp`, `640.webp`, `1080.webp` or `original.webp`.", "320.webp"))
        .PersonalisedByToken<MediaResponse>() // an upload not yet attached is its owner's alone
        .Example(Example)
        .Example(Example.Focus)
        .Example(MediaState.Ready)
        .Example(new FocusRequest(0.25, -0.1))
        .Example(Example.Renditions[0])
        .Example(new EditMediaRequest("Two bicycles by the Han river at sunset, Banpo bridge behind them.", new FocusRequest(0.25, -0.1)));

    private static MediaResponse Rendered()
    {
        var media = new MediaObject(7, Utc("2026-11-25T09:40:51.203114Z"), Token, 4032, 3024, "LKO2?U%2Tw=w]~RBVZRi};RPxuwH", Files);
        media.Describe("Two bicycles by the Han river at sunset, Banpo bridge behind them.");
        media.FocusOn(0.25, -0.1);
        media.Rendered(Files);
        var response = MediaResponse.Of(media, new MediaUrls(null));
        return response with { Id = 2051, ItemId = 1042 };
    }

    private static void Describe(OpenApiParameter parameter, string description, string example)
    {
        parameter.Description = description;
        parameter.Example = JsonValue.Create(example);
    }
}
