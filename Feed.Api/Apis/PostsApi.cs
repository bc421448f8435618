using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feed.Api.Apis;

public static class PostsApi
{
    public static RouteGroupBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/posts").WithTags("Posts");

        group.MapGet("", GetPosts)
            .WithName(nameof(GetPosts))
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

        return group;
    }

    public static Task<Results<Ok<FeedPage<PostResponse>>, ValidationProblem>> GetPosts(
        [AsParameters] PageQuery query, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        FeedPages.ReadFeedAsync<PostResponse>(db, http, query, [FeedKinds.Post], cancellationToken);

    public static Task<Results<Ok<PostResponse>, NotFoundProblem>> GetPost(
        long id, [FromKeyedServices(FeedDatabase.Reads)] FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        FeedApi.ReadItemAsync<PostResponse>(db, db.FeedItems.OfType<Post>(), FeedKinds.Post, id, http, cancellationToken);

    public static Task<Created<PostResponse>> CreatePost(
        CreatePostRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken) =>
        FeedApi.CreateItemAsync<PostResponse>(
            db, http, new Post(request.Title, request.Body, http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime), "/posts", cancellationToken);
}
