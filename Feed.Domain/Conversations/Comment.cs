namespace Feed.Domain;

/// <summary>
/// Someone's answer to an item, or to a comment under it (one level: a reply to a reply answers the comment the
/// reply is under). A conversation reads in thread order, (<see cref="ThreadAt"/>, <see cref="Id"/>) ascending:
/// each comment, then its replies, oldest first.
/// </summary>
public sealed class Comment
{
    public Comment(long itemId, long authorId, string text, Comment? replyTo, DateTime createdAt)
    {
        ItemId = itemId;
        AuthorId = authorId;
        Text = FeedRules.RequireText(text, FeedRules.CommentMaxLength, "text", multiline: true);
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
        ReplyToId = replyTo is null ? null : replyTo.ReplyToId ?? replyTo.Id;
        ThreadAt = replyTo?.ThreadAt ?? CreatedAt;
    }

    /// <summary>For the seeder, which gives every value.</summary>
    public Comment(long id, long itemId, long authorId, string text, long? replyToId, DateTime threadAt, DateTime createdAt)
    {
        Id = id;
        ItemId = itemId;
        AuthorId = authorId;
        Text = text;
        ReplyToId = replyToId;
        ThreadAt = FeedTime.ToFeedPrecision(threadAt);
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
    }

    /// <summary>For EF, which sets the properties.</summary>
    private Comment() => Text = null!;

    public long Id { get; private set; }

    public long ItemId { get; private set; }

    public long AuthorId { get; private set; }

    /// <summary>The top-level comment this one answers; null for a comment on the item itself.</summary>
    public long? ReplyToId { get; private set; }

    /// <summary>1–<see cref="FeedRules.CommentMaxLength"/> characters under <see cref="FeedText"/>'s rule; line breaks kept.</summary>
    public string Text { get; private set; }

    /// <summary>UTC, whole microseconds.</summary>
    public DateTime CreatedAt { get; private set; }

    /// <summary>The thread's place in the conversation: its top-level comment's <see cref="CreatedAt"/>.</summary>
    public DateTime ThreadAt { get; private set; }

    public DateTime? EditedAt { get; private set; }

    /// <summary>How many replies a top-level comment has: moved by the database with the replies, never set from memory.</summary>
    public int ReplyCount { get; private set; }

    /// <summary>Changes the text (checked as a new comment's is) and marks the comment edited.</summary>
    public void Edit(string text, DateTime at)
    {
        Text = FeedRules.RequireText(text, FeedRules.CommentMaxLength, "text", multiline: true);
        EditedAt = FeedTime.ToFeedPrecision(at);
    }
}
