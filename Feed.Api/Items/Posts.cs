using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Feed.Domain;
using Microsoft.Extensions.Validation;
using static Feed.Api.Items.ItemExamples;
using static Feed.Api.Items.PostFields;

namespace Feed.Api.Items;

/// <summary>Posts: a title and a body. (Likes: Interactions.)</summary>
public static class Posts
{
    private static readonly PostResponse Korean = new()
    {
        Id = 1042,
        CreatedAt = At("2026-11-25T09:41:07.512034Z"),
        LikeCount = 12,
        CommentCount = 2,
        Author = Minji,
        LikedByMe = true,
        EditedAt = null,
        Media = [RiverPhoto],
        Title = "한강에서 자전거 탔어요",
        Body = "날씨가 좋아서 반포까지 다녀왔어요. 다음 주 토요일에 같이 가실 분?",
    };

    private static readonly PostResponse English = new()
    {
        Id = 1036,
        CreatedAt = At("2026-11-25T09:12:44.870551Z"),
        LikeCount = 0,
        CommentCount = 0,
        Author = Alex,
        LikedByMe = false,
        EditedAt = At("2026-11-25T09:20:03.004417Z"),
        Media = [],
        Title = "Looking for a tennis partner",
        Body = "Intermediate level, weekday evenings near the river park. Reply here!",
    };

    public static ItemKind<Post, PostResponse, CreatePostRequest, EditPostRequest> Kind { get; } = new()
    {
        Name = FeedKinds.Post,
        Plural = "posts",
        WithArticle = "a post",
        CreateSummary = "Write a post",
        Creates = "writes a post",
        Fields = "a title and a body",
        TagDescription = "Posts: a title and a body.",
        Create = (request, author, at) => new Post(request.Title, request.Body, author, at),
        Changes = request => request.Title is not null || request.Body is not null || request.MediaIds is not null,
        Edit = (post, request, at) => post.Edit(request.Title, request.Body, at),
        Response = (entry, post) => new PostResponse(entry, post),
        CreateMedia = request => request.MediaIds,
        EditMedia = request => request.MediaIds,
        TrafficEdit = fresh => new EditPostRequest(fresh.Title),
        ResponseExamples = [Korean, English],
        // No mediaIds: an example is sent as it is (Scalar's first click), and no upload of the reader's has a known id.
        CreateExample = new CreatePostRequest(Korean.Title, Korean.Body),
        EditExample = new EditPostRequest("한강에서 자전거 탔어요 (수정)"),
    };
}

// The endpoints are generic over the kind, so the validation generator learns the requests from this
// attribute, not from the endpoints' parameters (ASP0029: an evaluation API, in .NET 10).
#pragma warning disable ASP0029
[ValidatableType]
public sealed record CreatePostRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.TitleMaxLength)] string Title,
    [property: Required, MinLength(1), MaxLength(FeedRules.BodyMaxLength)] string Body,
    [property: Description(MediaIdsText)] IReadOnlyList<long>? MediaIds = null);

/// <summary>The fields to change; a field left out or null stays as it is.</summary>
[ValidatableType]
#pragma warning restore ASP0029
public sealed record EditPostRequest(
    [property: MinLength(1), MaxLength(FeedRules.TitleMaxLength)] string? Title = null,
    [property: MinLength(1), MaxLength(FeedRules.BodyMaxLength)] string? Body = null,
    [property: Description(MediaIdsText + " Left out or null: unchanged; `[]`: none. " +
        "Uploads it no longer names are detached and expire as unattached uploads do.")] IReadOnlyList<long>? MediaIds = null);

/// <summary>What <c>mediaIds</c> means on a post, in its create and edit requests.</summary>
public static class PostFields
{
    public const string MediaIdsText = "Pictures the post carries, in order: ids of your own uploads (`POST /media`), " +
        "at most 10, each once, attached to no other post and not your avatar. An upload still `processing` may be " +
        "attached: the post shows it with the renditions ready so far.";
}

// Its "type" comes from ItemKinds.DescribeKinds, in the typed feed (/posts) as in the mixed one.
public record PostResponse : FeedItemResponse
{
    public PostResponse()
    {
    }

    [SetsRequiredMembers]
    public PostResponse(FeedEntry entry, Post post)
        : base(entry)
    {
        Title = post.Title;
        Body = post.Body;
    }

    public required string Title { get; init; }

    public required string Body { get; init; }
}
