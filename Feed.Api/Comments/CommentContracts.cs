using System.ComponentModel;
using Feed.Api.Items;
using Feed.Api.Media;
using Feed.Domain;

namespace Feed.Api.Comments;

/// <summary><c>POST /feed/{id}/comments</c>.</summary>
public sealed record CreateCommentRequest(
    [property: Description("1–2,200 characters of text, line breaks allowed (the items' text rule).")] string? Text,
    [property: Description("The comment this one answers, under the same item; null for a comment on the item itself. " +
        "A reply to a reply is placed under the comment that reply is under (one level of replies).")]
    long? ReplyToId = null);

/// <summary><c>PATCH /comments/{id}</c>.</summary>
public sealed record EditCommentRequest(
    [property: Description("The new text: 1–2,200 characters, line breaks allowed.")] string? Text);

/// <summary>A comment as everyone sees it.</summary>
public sealed record CommentResponse(
    long Id,
    [property: Description("The item it is under (`GET /feed/{id}`).")] long ItemId,
    [property: Description("The top-level comment it answers; null for a comment on the item itself.")] long? ReplyToId,
    string Text,
    [property: Description("UTC, with microseconds.")] DateTime CreatedAt,
    [property: Description("When its author last edited it (UTC, with microseconds); null if never.")] DateTime? EditedAt,
    AuthorResponse Author,
    [property: Description("How many replies a top-level comment has (`GET /comments/{id}/replies`); 0 for a reply.")] int ReplyCount);

/// <summary>
/// A page of a conversation, oldest first: a conversation reads top down, each comment followed by its replies, and a
/// page already read never shifts when people comment (new comments come after it). Follow <c>nextCursor</c> with
/// <c>after</c> for later comments — it is there even at the end, so an app can ask later for what was posted since;
/// <c>hasMore</c> says whether more are there now. Follow <c>previousCursor</c> with <c>before</c> to scroll back.
/// </summary>
public sealed record CommentPage(
    [property: Description("The comments in thread order, oldest first: each top-level comment, then its replies.")]
    IReadOnlyList<CommentResponse> Items,
    [property: Description("Pass as `after` for the comments that follow this page; present even at the end, to ask later for new ones.")]
    string NextCursor,
    [property: Description("Whether comments after this page exist now.")] bool HasMore,
    [property: Description("Pass as `before` for the comments just before this page; null at the start of the conversation.")]
    string? PreviousCursor);

/// <summary>A comment as one read finds it: the row, its author's names and avatar.</summary>
public sealed record CommentEntry(Comment Comment, string AuthorName, string? AuthorDisplayName, MediaObject? AuthorAvatar)
{
    /// <summary>Whether its author is hidden from the page's caller: such a comment is read for its place only.</summary>
    public bool Hidden { get; init; }

    public CommentResponse ToResponse(MediaUrls urls) => new(
        Comment.Id, Comment.ItemId, Comment.ReplyToId, Comment.Text, Comment.CreatedAt, Comment.EditedAt,
        new AuthorResponse(Comment.AuthorId, AuthorName, AuthorDisplayName, AvatarResponse.Of(AuthorAvatar, urls)), Comment.ReplyCount);
}
