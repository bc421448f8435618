namespace Feed.Domain;

public sealed class Post : FeedItem
{
    public Post(string title, string body, long authorId, DateTime createdAt)
        : base(authorId, createdAt)
    {
        Title = FeedRules.RequireText(title, FeedRules.TitleMaxLength, nameof(title));
        Body = FeedRules.RequireText(body, FeedRules.BodyMaxLength, nameof(body));
    }

    public string Title { get; private set; }

    public string Body { get; private set; }

    public override string Kind => FeedKinds.Post;
}
