using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Feed.Api.Data;
using Feed.Domain;

namespace Feed.Api.Apis;

/// <summary>The query of every feed page.</summary>
public sealed record PageQuery
{
    [FromQuery(Name = "limit")]
    [Description("How many items to return.")]
    [DefaultValue(PageQuery.DefaultLimit)]
    [Range(1, PageQuery.MaxLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "before")]
    [Description("Scroll down: the items just older than this cursor (a page's `nextCursor`). Not with `after`.")]
    public string? Before { get; init; }

    [FromQuery(Name = "after")]
    [Description("Pull to refresh: the items just newer than this cursor (a page's `refreshCursor`), gap-free; when `hasNewer` is true, ask again with the new `refreshCursor`. Not with `before`.")]
    public string? After { get; init; }

    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
}

/// <summary>
/// A page of a feed, newest first. Follow <c>nextCursor</c> with <c>before</c> to scroll down (it
/// is null only at the end of the feed: never infer the end from a short page); keep
/// <c>refreshCursor</c> and send it later as <c>after</c> to fetch what arrived since.
/// </summary>
public sealed record FeedPage<TItem>(
    [property: Description("The items, newest first.")] IReadOnlyList<TItem> Items,
    [property: Description("Pass as `before` for the next older page; null only at the end of the feed.")] string? NextCursor,
    [property: Description("The newest item of this page (for an empty refresh, the cursor given); pass as `after` to pull to refresh.")] string? RefreshCursor,
    [property: Description("Whether items newer than this page exist.")] bool HasNewer);

public sealed record AuthorResponse(long Id, string Name);

/// <summary>A feed item; <c>type</c> tells which kind and which fields follow.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PostResponse), FeedKinds.Post)]
[JsonDerivedType(typeof(GameResponse), FeedKinds.Game)]
[JsonDerivedType(typeof(TeamResponse), FeedKinds.Team)]
public abstract record FeedItemResponse
{
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

    public static FeedItemResponse From(FeedEntry entry) => entry.Item switch
    {
        Post post => new PostResponse
        {
            Id = post.Id, CreatedAt = post.CreatedAt, LikeCount = post.LikeCount, Author = new(post.AuthorId, entry.AuthorName), LikedByMe = entry.LikedByMe,
            Title = post.Title, Body = post.Body,
        },
        Game game => new GameResponse
        {
            Id = game.Id, CreatedAt = game.CreatedAt, LikeCount = game.LikeCount, Author = new(game.AuthorId, entry.AuthorName), LikedByMe = entry.LikedByMe,
            GameName = game.GameName, GameLocation = game.GameLocation, JoinedCount = game.JoinedCount, JoinedByMe = entry.JoinedByMe,
        },
        Team team => new TeamResponse
        {
            Id = team.Id, CreatedAt = team.CreatedAt, LikeCount = team.LikeCount, Author = new(team.AuthorId, entry.AuthorName), LikedByMe = entry.LikedByMe,
            RoomName = team.RoomName, JoinedCount = team.JoinedCount, JoinedByMe = entry.JoinedByMe,
        },
        _ => throw new InvalidOperationException($"No response type for {entry.Item.GetType().Name}."),
    };
}

// Each kind also declares itself polymorphic, so that the typed feeds (/posts …), whose items are
// declared as the kind itself, still write "type" first, as the mixed feed does.

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PostResponse), FeedKinds.Post)]
public record PostResponse : FeedItemResponse
{
    public required string Title { get; init; }

    public required string Body { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(GameResponse), FeedKinds.Game)]
public record GameResponse : FeedItemResponse
{
    public required string GameName { get; init; }

    public required string GameLocation { get; init; }

    public required int JoinedCount { get; init; }

    [Description("Whether the caller has joined; false when anonymous.")]
    public required bool JoinedByMe { get; init; }
}

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TeamResponse), FeedKinds.Team)]
public record TeamResponse : FeedItemResponse
{
    public required string RoomName { get; init; }

    public required int JoinedCount { get; init; }

    [Description("Whether the caller has joined; false when anonymous.")]
    public required bool JoinedByMe { get; init; }
}

public sealed record CreatePostRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.TitleMaxLength)] string Title,
    [property: Required, MinLength(1), MaxLength(FeedRules.BodyMaxLength)] string Body);

public sealed record CreateGameRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.GameNameMaxLength)] string GameName,
    [property: Required, MinLength(1), MaxLength(FeedRules.GameLocationMaxLength)] string GameLocation);

public sealed record CreateTeamRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.RoomNameMaxLength)] string RoomName);

public sealed record LikeResponse(long ItemId, int LikeCount, bool LikedByMe);

public sealed record MembershipResponse(long ItemId, int JoinedCount, bool JoinedByMe);

public sealed record MemberResponse(long UserId, string Name, [property: Description("UTC, with microseconds.")] DateTime JoinedAt);
