using Feed.Api.Paging;

namespace Feed.Tests.Paging;

/// <summary>
/// The keyset cut alone, on rows as a window query returns them (unsorted, with the extra row and
/// the probe): positions 1..10 at one shared time, so the id alone breaks every tie.
/// </summary>
public sealed class KeysetTests
{
    private static readonly DateTime Time = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static FeedPosition At(long id) => new(Time, id);

    private static PageSlice<FeedPosition> Cut(PageDirection direction, long anchor, int limit, params long[] rows) =>
        Keyset.Cut(rows.Select(At).ToList(), p => p, new PageRequest("all", direction, At(anchor), limit, CallerId: null));

    [Fact]
    public void The_first_page_is_the_newest_rows_and_the_extra_row_says_more_are_older()
    {
        var slice = Cut(PageDirection.First, 0, 3, 7, 10, 8, 9);

        slice.Rows.Select(p => p.Id).Should().Equal(10, 9, 8);
        (slice.HasOlder, slice.HasNewer).Should().Be((true, false));
    }

    [Fact]
    public void A_first_page_without_the_extra_row_is_the_whole_listing()
    {
        var slice = Cut(PageDirection.First, 0, 3, 2, 1);

        slice.Rows.Select(p => p.Id).Should().Equal(2, 1);
        slice.HasOlder.Should().BeFalse();
    }

    [Fact]
    public void Scrolling_down_keeps_the_rows_older_than_the_anchor_and_the_probe_says_newer_ones_exist()
    {
        var slice = Cut(PageDirection.Before, 8, 3, 5, 7, 6, 4, 8);

        slice.Rows.Select(p => p.Id).Should().Equal(7, 6, 5);
        slice.Positions.Should().Equal(At(7), At(6), At(5));
        (slice.HasOlder, slice.HasNewer).Should().Be((true, true));
    }

    [Fact]
    public void Scrolling_down_to_the_end_says_nothing_is_older()
    {
        var slice = Cut(PageDirection.Before, 3, 3, 2, 1, 3);

        slice.Rows.Select(p => p.Id).Should().Equal(2, 1);
        (slice.HasOlder, slice.HasNewer).Should().Be((false, true));
    }

    [Fact]
    public void A_refresh_returns_the_oldest_page_just_above_the_anchor_so_nothing_is_skipped()
    {
        var slice = Cut(PageDirection.After, 4, 3, 5, 6, 7, 8, 4);

        slice.Rows.Select(p => p.Id).Should().Equal(7, 6, 5);
        (slice.HasOlder, slice.HasNewer).Should().Be((true, true));
    }

    [Fact]
    public void A_refresh_at_the_top_has_nothing_newer()
    {
        var slice = Cut(PageDirection.After, 9, 3, 10, 9);

        slice.Rows.Select(p => p.Id).Should().Equal(10);
        (slice.HasOlder, slice.HasNewer).Should().Be((true, false));
    }

    [Fact]
    public void An_empty_listing_is_one_empty_page()
    {
        var slice = Cut(PageDirection.First, 0, 20);

        slice.Rows.Should().BeEmpty();
        (slice.HasOlder, slice.HasNewer).Should().Be((false, false));
    }

    [Fact]
    public void Time_orders_before_id()
    {
        var rows = new List<FeedPosition> { new(Time, 1), new(Time.AddTicks(10), 0), new(Time.AddTicks(-10), 9) };

        var slice = Keyset.Cut(rows, p => p, new PageRequest("all", PageDirection.First, default, 3, null));

        slice.Rows.Select(p => p.Id).Should().Equal(0, 1, 9);
    }
}
