namespace Feed.Api.Follows;

/// <summary>The <c>Home</c> configuration section: how items reach the homes.</summary>
public sealed class HomeOptions
{
    public const string Section = "Home";

    /// <summary>
    /// How many of a followee's latest items a follow copies into the follower's home: five pages at
    /// the default size, so the home fills at once, in one index range of the author's items (bounded:
    /// a follow costs the same whoever is followed). Older items stay in the author's own feed.
    /// </summary>
    public int FollowBackfill { get; set; } = 100;

    /// <summary>
    /// From how many followers on an author's new items are not copied into the homes but read into them
    /// at read time: a fan-out reaches 10,000 followers in under a second here, 1,000,000 in minutes.
    /// Crossed once, it stays: the author's items from then on are read, the older ones stay copied.
    /// </summary>
    public int PullAbove { get; set; } = 100_000;

    /// <summary>
    /// How long after its creation an item read at read time takes its place in a home: longer than an
    /// item's write takes to commit, so it never lands below a refresh cursor already handed out (a late
    /// arrival on top, as a copied item's). Within the 5 s a post may take to reach 1,000,000 homes.
    /// </summary>
    public TimeSpan PullSettle { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Followers one fan-out transaction reaches: short transactions, so readers and the cluster never wait long.</summary>
    public int FanOutChunk { get; set; } = 1_000;

    /// <summary>Fan-out workers in each instance; each claims a different job.</summary>
    public int FanOutWorkers { get; set; } = 2;

    /// <summary>How often an idle worker looks for a job.</summary>
    public TimeSpan FanOutPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
