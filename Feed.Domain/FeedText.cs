using System.Buffers;
using System.Globalization;
using System.Text;

namespace Feed.Domain;

/// <summary>
/// One rule for the text people write, read whole code points at a time (an emoji or a rare CJK
/// character is one <see cref="Rune"/>, never two halves): item titles, bodies, game names,
/// locations and room names (<see cref="FeedRules.RequireText"/>), and user names (<see cref="UserNames"/>,
/// which add their own stricter limits).
/// <list type="bullet">
/// <item>Control characters (NUL, BEL, ESC …) are refused; a multi-line field (a post's body) keeps
/// line feeds, carriage returns and tabs.</item>
/// <item>The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
/// refused: they reorder what is shown around them ("Trojan Source"). The marks (U+200E, U+200F,
/// U+061C) stay: right-to-left text needs them, and they reorder nothing.</item>
/// <item>Text that shows nothing counts as empty: white space, format characters (zero-width space
/// and joiners, the BOM, soft hyphen, the marks), variation selectors, the combining grapheme
/// joiner, Hangul fillers and the blank Braille pattern. They may stand between visible characters.</item>
/// <item>Text that is not valid UTF-16 (half a surrogate pair) is refused.</item>
/// </list>
/// </summary>
public static class FeedText
{
    /// <summary>
    /// Why <paramref name="value"/> breaks the rule, as the end of a sentence that starts with the
    /// field's name; null when it keeps it.
    /// </summary>
    public static string? Problem(string value, bool multiline)
    {
        var visible = false;
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
            {
                return "is not valid Unicode text (it holds half a surrogate pair)";
            }

            rest = rest[used..];
            if (IsControl(rune) && !(multiline && rune.Value is '\n' or '\r' or '\t'))
            {
                return $"cannot contain {Name(rune)} (a control character{(multiline ? " other than a line break or a tab" : "")})";
            }

            if (IsBidiControl(rune))
            {
                return $"cannot contain {Name(rune)} (a bidirectional embedding, override or isolate)";
            }

            visible |= !IsInvisible(rune);
        }

        return visible ? null : "must not be empty, only white space or only invisible characters";
    }

    /// <summary><c>U+202E</c>, <c>U+1F3BE</c>: a code point as the messages name it.</summary>
    public static string Name(Rune rune) => $"U+{rune.Value:X4}";

    public static bool IsControl(Rune rune) => Rune.GetUnicodeCategory(rune) == UnicodeCategory.Control;

    /// <summary>The explicit directional embeddings, overrides and isolates (Unicode's bidi algorithm, UAX #9).</summary>
    public static bool IsBidiControl(Rune rune) => rune.Value is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>A code point that shows nothing by itself.</summary>
    public static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        // Variation selectors and the combining grapheme joiner: marks that only change what they follow.
        || rune.Value is (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or 0x034F
        // Hangul fillers and the blank Braille pattern: letters that show nothing.
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
}
