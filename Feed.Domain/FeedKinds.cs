namespace Feed.Domain;

/// <summary>The kinds of feed item, by the names the database discriminator and the API both use.</summary>
public static class FeedKinds
{
    public const string Post = "post";
    public const string Game = "game";
    public const string Team = "team";

    /// <summary>Every kind, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Post, Game, Team];
}
