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

    /// <summary>Followers one fan-out transaction reaches: short transactions, so readers and the cluster never wait long.</summary>
    public int FanOutChunk { get; set; } = 1_000;

    /// <summary>Fan-out workers in each instance; each claims a different job.</summary>
    public int FanOutWorkers { get; set; } = 2;

    /// <summary>How often an idle worker looks for a job.</summary>
    public TimeSpan FanOutPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
