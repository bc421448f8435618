using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feed.Api.Data;
using Feed.Api.Interactions;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Comments;

/// <summary>The handlers of <see cref="CommentsApi"/>.</summary>
public static class CommentsEndpoints
{
    public static async Task<Results<Created<CommentResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem>> CreateComment(
        long id, CreateCommentRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (TextErrors(request.Text, out var text) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var me = http.User.RequiredUserId();
        var (outcome, commentId) = await CommentWrites.CreateAsync(
            db, id, me, text, request.ReplyToId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return outcome switch
        {
            CommentOutcome.NoSuchItem => Problem.NotFound("item", id),
            CommentOutcome.NoSuchParent => new NotFoundProblem(
                $"There is no comment with id {request.ReplyToId} under item {id}: replyToId names a comment of the same item."),
            CommentOutcome.BlockedByItemAuthor => new ForbiddenProblem(LikesApi.BlockedDetail("comment on", "item")),
            CommentOutcome.BlockedByCommentAuthor => new ForbiddenProblem(LikesApi.BlockedDetail("reply to", "comment")),
            _ => await ReadAsync(db, commentId, http, cancellationToken) is { } comment
                ? TypedResults.Created($"/comments/{commentId}", comment)
                : Problem.NotFound("comment", commentId), // deleted (with its item, perhaps) as soon as it was made
        };
    }

    public static async Task<Results<Ok<CommentPage>, ValidationProblem, NotFoundProblem>> GetComments(
        long id, [AsParameters] CommentPageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.FeedUserId();
        return await AnswerPageAsync(
            page, CommentReads.ConversationScope(id), CommentReads.Conversation(db, id), db, http,
            token => db.FeedItems.AnyAsync(i => i.Id == id, token), () => Problem.NotFound("item", id), cancellationToken);
    }

    public static async Task<Results<Ok<CommentPage>, ValidationProblem, NotFoundProblem>> GetReplies(
        long id, [AsParameters] CommentPageParameters page, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.FeedUserId();
        return await AnswerPageAsync(
            page, CommentReads.RepliesScope(id), CommentReads.Replies(db, id), db, http,
            token => db.Comments.AnyAsync(c => c.Id == id, token), () => Problem.NotFound("comment", id), cancellationToken);
    }

    public static async Task<Results<Ok<CommentResponse>, NotFoundProblem>> GetComment(
        long id, FeedReadDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        await CommentReads.ReadOneAsync(db, id, http.User.FeedUserId(), cancellationToken) is { } entry
            ? TypedResults.Ok(entry.ToResponse(http.MediaUrls()))
            : Problem.NotFound("comment", id);

    public static async Task<Results<Ok<CommentResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem>> EditComment(
        long id, EditCommentRequest request, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (TextErrors(request.Text, out var text) is { } errors)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var outcome = await CommentWrites.EditAsync(
            db, id, http.User.RequiredUserId(), text, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return outcome switch
        {
            CommentOutcome.NoSuchComment => Problem.NotFound("comment", id),
            CommentOutcome.NotAllowed => new ForbiddenProblem("Only a comment's author may edit it."),
            _ => await ReadAsync(db, id, http, cancellationToken) is { } comment
                ? TypedResults.Ok(comment)
                : Problem.NotFound("comment", id),
        };
    }

    public static async Task<Results<NoContent, NotFoundProblem, ForbiddenProblem>> DeleteComment(
        long id, FeedDbContext db, HttpContext http, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();

        // Admins as the database has them now, as the reports' queue asks.
        var admin = await db.Users.AnyAsync(u => u.Id == me && u.IsAdmin, cancellationToken);
        return await CommentWrites.DeleteAsync(db, id, me, admin, clock.GetUtcNow().UtcDateTime, cancellationToken) switch
        {
            CommentOutcome.NoSuchComment => Problem.NotFound("comment", id),
            CommentOutcome.NotAllowed => new ForbiddenProblem(
                "Only the comment's author, the author of the item it is under, or an admin may delete it."),
            _ => TypedResults.NoContent(),
        };
    }

    private static async Task<Results<Ok<CommentPage>, ValidationProblem, NotFoundProblem>> AnswerPageAsync(
        CommentPageParameters parameters,
        string scope,
        IQueryable<Comment> comments,
        FeedDbContext db,
        HttpContext http,
        Func<CancellationToken, Task<bool>> exists,
        Func<NotFoundProblem> missing,
        CancellationToken cancellationToken)
    {
        if (!parameters.AsPageParameters().TryRead(scope, http.User.FeedUserId(), out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var slice = await CommentReads.ReadPageAsync(db, comments, page, cancellationToken);
        var empty = slice.Rows.Count == 0 && !slice.HasOlder && !slice.HasNewer;
        if (empty && page.Direction == PageDirection.First && !await exists(cancellationToken))
        {
            return missing();
        }

        var urls = http.MediaUrls();
        var anchor = page.Direction == PageDirection.First ? CommentReads.Start : page.Anchor;
        var next = FeedCursor.Encode(slice.Positions.Count > 0 ? slice.Positions[^1] : anchor, scope);
        var previous = slice.HasOlder ? FeedCursor.Encode(slice.Positions.Count > 0 ? slice.Positions[0] : anchor, scope) : null;
        return TypedResults.Ok(new CommentPage([.. slice.Rows.Select(r => r.ToResponse(urls))], next, slice.HasNewer, previous));
    }

    /// <summary>The comment as GET shows it, with its <c>ETag</c> on the answer (as a new or edited item's).</summary>
    private static async Task<CommentResponse?> ReadAsync(FeedDbContext db, long id, HttpContext http, CancellationToken cancellationToken)
    {
        var response = (await CommentReads.ReadOneAsync(db, id, callerId: null, cancellationToken))?.ToResponse(http.MediaUrls());
        if (response is not null)
        {
            var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            http.Response.GetTypedHeaders().ETag = EntityTags.Of(response, typeof(CommentResponse), json);
        }

        return response;
    }

    /// <summary>The text's errors under the comments' rule, or null; <paramref name="text"/> as it is stored.</summary>
    private static Dictionary<string, string[]>? TextErrors(string? value, out string text)
    {
        try
        {
            text = FeedRules.RequireText(value, FeedRules.CommentMaxLength, "text", multiline: true);
            return null;
        }
        catch (TextRuleException e)
        {
            text = "";
            return new() { ["text"] = [e.Message] };
        }
    }
}

/// <summary>The query string of a conversation's pages: <c>limit</c>, and <c>after</c> (later) or <c>before</c> (earlier).</summary>
public sealed record CommentPageParameters
{
    [FromQuery(Name = "limit")]
    [Description("How many comments to return, in plain digits (no sign, spaces or leading zeros).")]
    [DefaultValue(PageParameters.DefaultLimit)]
    [Range(1, PageParameters.MaxLimit)]
    public int? Limit { get; init; }

    [FromQuery(Name = "after")]
    [Description("Read on: the comments just after this cursor (a page's `nextCursor`), oldest first. Not with `before`.")]
    public string? After { get; init; }

    [FromQuery(Name = "before")]
    [Description("Scroll back: the comments just before this cursor (a page's `previousCursor`), still oldest first. " +
        "Not with `after`.")]
    public string? Before { get; init; }

    public PageParameters AsPageParameters() => new() { Limit = Limit, Before = Before, After = After };
}
