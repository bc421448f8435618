namespace Feed.Api.Comments;

/// <summary>
/// Comments under every kind of item, with one level of replies: a conversation under the item's route
/// (<c>/feed/{id}/comments</c>), each comment under its own (<c>/comments/{id}</c>).
/// </summary>
public static class CommentsApi
{
    private const string Hidden =
        " Comments by someone on either side of a block with you, or muted by you, are left out.";

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var conversations = app.MapGroup("/feed").WithTags("Comments");
        conversations.MapPost("/{id:long}/comments", CommentsEndpoints.CreateComment)
            .WithName(nameof(CommentsEndpoints.CreateComment))
            .WithSummary("Comment on an item, or reply to a comment")
            .WithDescription(
                "`text` is 1–2,200 characters (line breaks allowed); `replyToId` answers a comment of the same item (a reply " +
                "to a reply goes under the comment that reply is under: one level of replies). 201 with the comment and its " +
                "`Location`. The item's author is notified, and for a reply the thread's author too. 404 when there is no " +
                "such item, or no such comment under it; 403 when you and the item's author (or the author of the comment " +
                "you answer) block one another. Send an `Idempotency-Key` to retry safely.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        conversations.MapGet("/{id:long}/comments", CommentsEndpoints.GetComments)
            .WithName(nameof(CommentsEndpoints.GetComments))
            .WithSummary("An item's conversation, oldest first")
            .WithDescription(
                "The comments in thread order: each top-level comment followed by its replies, oldest first, as a " +
                "conversation reads top down; a page read never shifts as people comment (new comments come after it). " +
                "`after` with `nextCursor` reads on (it is there at the end too: ask later for new comments; `hasMore` " +
                "says whether some are there now), `before` with `previousCursor` scrolls back. A new reply to an older " +
                "comment takes its place in that comment's thread, behind a reader already past it: the comment's " +
                "`replyCount` grows, and `GET /comments/{id}/replies` lists them. 404 when there is no such item." + Hidden);

        var comments = app.MapGroup("/comments").WithTags("Comments");
        comments.MapGet("/{id:long}", CommentsEndpoints.GetComment)
            .WithName(nameof(CommentsEndpoints.GetComment))
            .WithSummary("One comment")
            .WithDescription("404 when there is no such comment, or it is by someone you block, who blocks you, or you mute.");
        comments.MapGet("/{id:long}/replies", CommentsEndpoints.GetReplies)
            .WithName(nameof(CommentsEndpoints.GetReplies))
            .WithSummary("A comment's replies, oldest first")
            .WithDescription("Paged as the conversation is (`after`, `before`). A reply has no replies of its own: its page is " +
                "empty. 404 when there is no such comment." + Hidden);
        comments.MapPatch("/{id:long}", CommentsEndpoints.EditComment)
            .WithName(nameof(CommentsEndpoints.EditComment))
            .WithSummary("Edit a comment")
            .WithDescription("Its author alone (403 for anyone else) changes its text; `editedAt` tells when. It keeps its place.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        comments.MapDelete("/{id:long}", CommentsEndpoints.DeleteComment)
            .WithName(nameof(CommentsEndpoints.DeleteComment))
            .WithSummary("Delete a comment")
            .WithDescription("For its author, the author of the item it is under, or an admin (403 for anyone else). A top-level " +
                "comment goes with its replies; the item's `commentCount` drops by all of them. 204; 404 when it is gone already.")
            .RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return app;
    }
}
