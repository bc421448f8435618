using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Feed.Api.Media;

namespace Feed.Api.Items;

public sealed record AuthorResponse(
    long Id,
    string Name,
    [property: Description("How they are shown beside their name; null when unset (show `name`).")] string? DisplayName = null,
    [property: Description("Their picture; null when they have none.")] AvatarResponse? Avatar = null);

// Which kinds follow, and each one's "type" on the wire (and the OpenAPI oneOf), come from the
// one list of kinds (ItemKinds.DescribeKinds); each kind's own fields are in its file (Posts.cs …).
// The summary below is the schema's description in the OpenAPI document.

/// <summary>A feed item; <c>type</c> tells which kind and which fields follow.</summary>
public abstract record FeedItemResponse
{
    protected FeedItemResponse()
    {
    }

    /// <summary>The fields every kind shares, as <paramref name="entry"/> shows them to its caller.</summary>
    [SetsRequiredMembers]
    protected FeedItemResponse(FeedEntry entry)
    {
        Id = entry.Item.Id;
        CreatedAt = entry.Item.CreatedAt;
        LikeCount = entry.Item.LikeCount;
        CommentCount = entry.Item.CommentCount;
        Author = new AuthorResponse(entry.Item.AuthorId, entry.AuthorName, entry.AuthorDisplayName);
        LikedByMe = entry.LikedByMe;
        EditedAt = entry.Item.EditedAt;
        Media = [];
    }

    [JsonPropertyOrder(-10)]
    public required long Id { get; init; }

    [JsonPropertyOrder(-9)]
    [Description("UTC, with microseconds.")]
    public required DateTime CreatedAt { get; init; }

    [JsonPropertyOrder(-8)]
    public required int LikeCount { get; init; }

    [JsonPropertyOrder(-8)] // after likeCount: properties of one order keep the order they are declared in
    [Description("How many comments and replies it has (`GET /feed/{id}/comments`).")]
    public required int CommentCount { get; init; }

    [JsonPropertyOrder(-7)]
    public required AuthorResponse Author { get; init; }

    [JsonPropertyOrder(-6)]
    [Description("Whether the caller likes the item; false when anonymous.")]
    public required bool LikedByMe { get; init; }

    [JsonPropertyOrder(-5)]
    [Description("When its author last edited it (UTC, with microseconds); null if never. Editing does not move an item in the feed.")]
    public required DateTime? EditedAt { get; init; }

    [JsonPropertyOrder(-4)]
    [Description("Its pictures in order (up to 10; only posts take `mediaIds` today, other kinds answer `[]`). " +
        "A picture attached while processing shows `status: \"processing\"` and the renditions ready so far.")]
    public required IReadOnlyList<MediaResponse> Media { get; init; }

    /// <summary>
    /// The response of <paramref name="entry"/>'s kind (<see cref="ItemKind.Respond"/>), with its media and its author's
    /// avatar, their files' URLs under <paramref name="urls"/> (root-relative when null).
    /// </summary>
    public static FeedItemResponse From(FeedEntry entry, MediaUrls? urls = null)
    {
        urls ??= MediaUrlsOfRequest.RootRelative;
        var response = ItemKinds.Of(entry.Item.Kind).Respond(entry);
        return response with
        {
            Author = response.Author with { Avatar = AvatarResponse.Of(entry.AuthorAvatar, urls) },
            Media = [.. entry.Media.Select(m => MediaResponse.Of(m, urls))],
        };
    }
}
