
namespace Feed.Api.Paging;

/// <summary>
/// A place in a listing's order, newest first: (<see cref="At"/> desc, <see cref="Id"/> desc) is
/// unique and total. For feed items it is (CreatedAt, Id); for members (JoinedAt, UserId).
/// </summary>
public readonly record struct FeedPosition(DateTime At, long Id) : IComparable<FeedPosition>
{
    public int CompareTo(FeedPosition other)
    {
        var byTime = At.CompareTo(other.At);
        return byTime != 0 ? byTime : Id.CompareTo(other.Id);
    }
}

public enum PageDirection
{
    /// <summary>The newest items.</summary>
    First,

    /// <summary>The items just older than the anchor (scrolling down).</summary>
    Before,

    /// <summary>The items just newer than the anchor, gap-free (pull-to-refresh).</summary>
    After,
}

/// <summary>
/// One page asked of one listing, as the HTTP query said it (see <see cref="PageParameters"/>) and
/// carried unchanged from the endpoint to the query and back to the page: which listing
/// (<see cref="Scope"/>, what its cursors are bound to), which way from which anchor, how many,
/// and for whom (<see cref="CallerId"/>: null when anonymous).
/// </summary>
public sealed record PageRequest(string Scope, PageDirection Direction, FeedPosition Anchor, int Limit, long? CallerId)
{
    /// <summary>The newest page of a listing.</summary>
    public static PageRequest First(string scope, int limit, long? callerId = null) =>
        new(scope, PageDirection.First, default, limit, callerId);
}

/// <summary>A page's rows, newest first, with their positions, and whether the listing goes on past either end.</summary>
public sealed record PageSlice<TRow>(IReadOnlyList<TRow> Rows, IReadOnlyList<FeedPosition> Positions, bool HasOlder, bool HasNewer)
{
    /// <summary>Where the next older page starts when it is not the last row shown: the last row a screened page scanned.</summary>
    public FeedPosition? OlderEdge { get; init; }

    /// <summary>Where the next refresh starts when it is not the newest row shown: the newest row a screened refresh scanned.</summary>
    public FeedPosition? NewerEdge { get; init; }
}
