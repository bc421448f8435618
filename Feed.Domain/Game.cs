namespace Feed.Domain;

public sealed class Game : JoinableItem
{
    public Game(string gameName, string gameLocation, long authorId, DateTime createdAt)
        : base(authorId, createdAt)
    {
        GameName = FeedRules.RequireText(gameName, FeedRules.GameNameMaxLength, nameof(gameName));
        GameLocation = FeedRules.RequireText(gameLocation, FeedRules.GameLocationMaxLength, nameof(gameLocation));
    }

    public string GameName { get; private set; }

    public string GameLocation { get; private set; }

    public override string Kind => FeedKinds.Game;
}
