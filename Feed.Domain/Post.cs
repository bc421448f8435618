namespace Feed.Domain;

public sealed class Post : FeedItem
{
    public Post(string title, string body, long authorId, DateTime createdAt)
        : base(authorId, createdAt)
    {
        Title = FeedRules.RequireText(title, FeedRules.TitleMaxLength, nameof(title));
        Body = FeedRules.RequireText(body, FeedRules.BodyMaxLength, nameof(body), multiline: true);
    }

    public string Title { get; private set; }

    public string Body { get; private set; }

    public override string Kind => FeedKinds.Post;

    /// <summary>Changes the fields given (null: unchanged), by the same rules as a new post.</summary>
    public void Edit(string? title, string? body, DateTime at)
    {
        Title = title is null ? Title : FeedRules.RequireText(title, FeedRules.TitleMaxLength, nameof(title));
        Body = body is null ? Body : FeedRules.RequireText(body, FeedRules.BodyMaxLength, nameof(body), multiline: true);
        Edited(at);
    }
}
