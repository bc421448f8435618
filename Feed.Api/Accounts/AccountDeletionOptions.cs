namespace Feed.Api.Accounts;

/// <summary>The <c>AccountDeletion</c> configuration section: how deleted accounts are worked off.</summary>
public sealed class AccountDeletionOptions
{
    public const string Section = "AccountDeletion";

    /// <summary>Deletion loops in each instance; 0 runs none (tests drive the work).</summary>
    public int Workers { get; set; } = 1;

    /// <summary>Rows one chunk takes at most: each chunk is one short transaction.</summary>
    public int Chunk { get; set; } = 200;

    /// <summary>
    /// How long a claim holds a deletion after its last chunk: another instance takes it over once
    /// this much time passed without a chunk (its worker died or stopped).
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle loop looks for a deletion to claim.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
