namespace Feed.Api.Data;

/// <summary>
/// An account being deleted (<c>DELETE /me</c>): committed with the account's <c>DeletedAt</c>, claimed
/// by any instance's worker for a lease, worked off in chunks (its items, then its likes and
/// memberships, follows, media and the rest), and gone with the user's row, its last step. A worker
/// that dies leaves it where its last chunk committed; another claims it when the lease ends.
/// </summary>
public sealed class AccountDeletion
{
    public long Id { get; init; }

    /// <summary>The account; the row goes with it (cascade), so a finished deletion leaves nothing.</summary>
    public long UserId { get; init; }

    public DateTime RequestedAt { get; init; }

    /// <summary>Not claimed again before this time: a claim is a lease, moved on with each chunk.</summary>
    public DateTime NotBefore { get; set; }

    /// <summary>Items removed so far (what the account made, for the record and the logs).</summary>
    public long ItemsDeleted { get; set; }
}
