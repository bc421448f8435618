namespace Feed.Api.Data;

/// <summary>
/// A counter row. Incrementing it inside a transaction locks it until that transaction ends, so
/// the values handed out follow commit order (see <see cref="Feed.Domain.FeedChange.Seq"/>).
/// </summary>
public sealed class FeedSequence
{
    public const string Changes = "changes";

    /// <summary>
    /// The highest change number the retention has swept (or a reset deleted): a position below it
    /// has lost changes. Not derived from the oldest row: a moved counts row leaves gaps.
    /// </summary>
    public const string Swept = "swept";

    public required string Name { get; init; }

    public long Value { get; set; }
}
