using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Feed.Domain;

namespace Feed.Api.Items;

public sealed record AuthorResponse(long Id, string Name);

// The kinds are listed here twice, on purpose: in the attributes (the wire format and the OpenAPI
// oneOf) and in From (the mapping); each kind's own fields are in its file (PostsApi.cs …).
// The summary below is the schema's description in the OpenAPI document.

/// <summary>A feed item; <c>type</c> tells which kind and which fields follow.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PostResponse), FeedKinds.Post)]
[JsonDerivedType(typeof(GameResponse), FeedKinds.Game)]
[JsonDerivedType(typeof(TeamResponse), FeedKinds.Team)]
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
        Author = new AuthorResponse(entry.Item.AuthorId, entry.AuthorName);
        LikedByMe = entry.LikedByMe;
        EditedAt = entry.Item.EditedAt;
    }

    [JsonPropertyOrder(-10)]
    public required long Id { get; init; }

    [JsonPropertyOrder(-9)]
    [Description("UTC, with microseconds.")]
    public required DateTime CreatedAt { get; init; }

    [JsonPropertyOrder(-8)]
    public required int LikeCount { get; init; }

    [JsonPropertyOrder(-7)]
    public required AuthorResponse Author { get; init; }

    [JsonPropertyOrder(-6)]
    [Description("Whether the caller likes the item; false when anonymous.")]
    public required bool LikedByMe { get; init; }

    [JsonPropertyOrder(-5)]
    [Description("When its author last edited it (UTC, with microseconds); null if never. Editing does not move an item in the feed.")]
    public required DateTime? EditedAt { get; init; }

    /// <summary>The response of <paramref name="entry"/>'s kind; a kind missing here fails the every-kind test.</summary>
    public static FeedItemResponse From(FeedEntry entry) => entry.Item switch
    {
        Post post => new PostResponse(entry, post),
        Game game => new GameResponse(entry, game),
        Team team => new TeamResponse(entry, team),
        var item => throw new InvalidOperationException($"No response for kind '{item.Kind}': add it to FeedItemResponse."),
    };
}
