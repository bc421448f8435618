using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Feed.Api.Plumbing.Caching;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;

namespace Feed.Api.Items;

/// <summary>Posts: the listing, one post, and writing one. (Likes: Interactions.)</summary>
public static class PostsApi
{
    public static RouteGroupBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/posts").WithTags("Posts");

        group.MapGet("", GetPosts)
            .WithName(nameof(GetPosts))
            .WithSharedFirstPage()
            .WithSummary("Posts, newest first")
            .WithDescription("Only posts, cursor-paged like the mixed feed. Cursors from other listings are refused.");

        group.MapGet("/{id:long}", GetPost)
            .WithName(nameof(GetPost))
            .WithSummary("One post")
            .WithDescription("404 when no post has this id (also when the id is a game or a team).");

        group.MapPost("", CreatePost)
            .WithName(nameof(CreatePost))
            .WithSummary("Write a post")
            .WithDescription("The signed-in user writes a post; it is the newest item of the feed.")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapPatch("/{id:long}", EditPost)
            .WithName(nameof(EditPost))
            .WithSummary("Edit a post")
            .WithDescription("A JSON merge patch (RFC 7396) of the post's own fields, checked as when it was created: send only what changes; " +
                "a field left out or null stays as it is (none can be removed). Only the author may edit, not an admin. " +
                "Send the `ETag` you read as `If-Match` and a post changed meanwhile is a 412; without it the last edit wins. " +
                "`editedAt` is set; the post keeps its place in the feed.")
            .Accepts<EditPostRequest>("application/merge-patch+json", "application/json")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return group;
    }

    public static Task<Results<Ok<FeedPage<PostResponse>>, ValidationProblem>> GetPosts(
        [AsParameters] PageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadPageAsync<PostResponse>(db, http, FeedListing.Of(FeedKinds.Post), page, cancellationToken);

    public static Task<Results<Ok<PostResponse>, NotFoundProblem>> GetPost(
        long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        ItemReads.ReadItemAsync<PostResponse>(db, db.FeedItems.OfType<Post>(), FeedKinds.Post, id, http, cancellationToken);

    public static Task<Created<PostResponse>> CreatePost(
        CreatePostRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ItemWrites.CreateAsync<PostResponse>(
            db, http, new Post(request.Title, request.Body, http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime), "/posts", cancellationToken);

    public static Task<Results<Ok<PostResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem, PreconditionFailedProblem>> EditPost(
        long id, EditPostRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        ItemWrites.EditAsync<Post, PostResponse>(db, http, FeedKinds.Post, id, request.Title is not null || request.Body is not null, (post, at) => post.Edit(request.Title, request.Body, at), clock, cancellationToken);
}

public sealed record CreatePostRequest(
    [property: Required, MinLength(1), MaxLength(FeedRules.TitleMaxLength)] string Title,
    [property: Required, MinLength(1), MaxLength(FeedRules.BodyMaxLength)] string Body);

/// <summary>The fields to change; a field left out or null stays as it is.</summary>
public sealed record EditPostRequest(
    [property: MinLength(1), MaxLength(FeedRules.TitleMaxLength)] string? Title = null,
    [property: MinLength(1), MaxLength(FeedRules.BodyMaxLength)] string? Body = null);

// Each kind also declares itself polymorphic, so that the typed feeds (/posts …), whose items are
// declared as the kind itself, still write "type" first, as the mixed feed does.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PostResponse), FeedKinds.Post)]
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
