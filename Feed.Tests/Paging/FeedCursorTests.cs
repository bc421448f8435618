using System.Buffers.Text;
using Feed.Api.Paging;

namespace Feed.Tests.Paging;

/// <summary>The cursor codec alone: no app, no database.</summary>
public sealed class FeedCursorTests
{
    private static readonly FeedPosition Position = new(new DateTime(2026, 11, 24, 5, 30, 0, DateTimeKind.Utc).AddTicks(1_234_560), 42);

    [Fact]
    public void A_cursor_reads_back_as_the_exact_position_in_the_scope_it_was_issued_for()
    {
        var cursor = FeedCursor.Encode(Position, "post,team");

        var read = FeedCursor.TryDecode(cursor, "post,team", out var position, out var error);

        read.Should().BeTrue(error);
        position.Should().Be(Position);
        position.At.Kind.Should().Be(DateTimeKind.Utc);
        cursor.Should().MatchRegex("^[A-Za-z0-9_-]+$", "cursors are base64url: safe in a query string as they are");
    }

    [Fact]
    public void A_cursor_from_another_listing_is_refused_and_the_error_names_both()
    {
        var cursor = FeedCursor.Encode(Position, "all");

        var read = FeedCursor.TryDecode(cursor, "members:7", out _, out var error);

        read.Should().BeFalse();
        error.Should().Contain("'all'").And.Contain("'members:7'");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("AAAA")]
    [InlineData("AQ")]
    public void Anything_not_issued_here_is_refused_with_a_reason(string cursor)
    {
        var read = FeedCursor.TryDecode(cursor, "all", out _, out var error);

        read.Should().BeFalse();
        error.Should().Contain("Pass a nextCursor or refreshCursor unchanged");
    }

    [Fact]
    public void A_cursor_whose_bytes_were_changed_is_refused_not_misread()
    {
        var bytes = Base64Url.DecodeFromChars(FeedCursor.Encode(Position, "all"));
        bytes[1] = 0xFF; // ticks beyond DateTime.MaxValue

        var read = FeedCursor.TryDecode(Base64Url.EncodeToString(bytes), "all", out _, out var error);

        read.Should().BeFalse();
        error.Should().Contain("damaged");
    }

    [Fact]
    public void A_very_long_string_is_refused_before_it_is_decoded()
    {
        var read = FeedCursor.TryDecode(new string('A', 4_000), "all", out _, out _);

        read.Should().BeFalse();
    }
}
