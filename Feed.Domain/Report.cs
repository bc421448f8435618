namespace Feed.Domain;

/// <summary>
/// A user's report of an item to the admins: at most one per (reporter, item). Open until an admin
/// resolves it, by removing the item or dismissing the report; kept after the item is gone.
/// </summary>
public sealed class Report
{
    public const string Open = "open";
    public const string Removed = "removed";
    public const string Dismissed = "dismissed";

    public Report(long itemId, long reporterId, string reason, string? details, DateTime createdAt, long commentId = 0)
    {
        ItemId = itemId;
        CommentId = commentId;
        ReporterId = reporterId;
        Reason = reason;
        Details = details;
        CreatedAt = FeedTime.ToFeedPrecision(createdAt);
    }

    public long Id { get; private set; }

    /// <summary>The item reported; no foreign key: the report outlives the item it had removed.</summary>
    public long ItemId { get; private set; }

    /// <summary>The comment reported (under <see cref="ItemId"/>); 0 when the report is of the item itself. No foreign key.</summary>
    public long CommentId { get; private set; }

    public long ReporterId { get; private set; }

    /// <summary>Why, in one word of a fixed list (spam, harassment, …).</summary>
    public string Reason { get; private set; }

    /// <summary>What the reporter added in their own words, if anything.</summary>
    public string? Details { get; private set; }

    public DateTime CreatedAt { get; private set; }

    /// <summary><see cref="Open"/>, <see cref="Removed"/> or <see cref="Dismissed"/>.</summary>
    public string State { get; set; } = Open;

    /// <summary>The admin who resolved it (an id only: the admin may be deleted since), and when.</summary>
    public long? ResolvedBy { get; set; }

    public DateTime? ResolvedAt { get; set; }
}
