namespace Feed.Domain;

/// <summary>
/// Feed timestamps are UTC with whole microseconds: MySQL's <c>datetime(6)</c> keeps no more, so a
/// value truncated here reads back equal from every provider, and cursors can compare for equality.
/// </summary>
public static class FeedTime
{
    public static DateTime ToFeedPrecision(DateTime value)
    {
        if (value.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("Feed timestamps must be UTC.", nameof(value));
        }

        return new DateTime(value.Ticks - value.Ticks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);
    }
}
