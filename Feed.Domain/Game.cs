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

    /// <summary>Changes the fields given (null: unchanged), by the same rules as a new game.</summary>
    public void Edit(string? gameName, string? gameLocation, DateTime at)
    {
        GameName = gameName is null
            ? GameName
            : FeedRules.RequireText(gameName, FeedRules.GameNameMaxLength, nameof(gameName));
        GameLocation = gameLocation is null
            ? GameLocation
            : FeedRules.RequireText(gameLocation, FeedRules.GameLocationMaxLength, nameof(gameLocation));
        Edited(at);
    }
}
