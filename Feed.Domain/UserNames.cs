using System.Globalization;
using System.Text;

namespace Feed.Domain;

/// <summary>
/// One rule for user names on every engine: trimmed, Unicode-normalised (NFKC, so full-width and
/// other compatibility forms become their plain letters), 3 to 32 characters, no control, format,
/// invisible or line-breaking characters and no white space but single spaces; unique without
/// regard to case, through <see cref="Key"/> (as ASP.NET Identity's NormalizedUserName).
/// </summary>
public static class UserNames
{
    /// <summary>The name as it is stored and shown, or false with the reason in words.</summary>
    public static bool TryNormalize(string? name, out string normalized, out string error)
    {
        normalized = "";
        try
        {
            normalized = (name ?? "").Normalize(NormalizationForm.FormKC).Trim();
        }
        catch (ArgumentException)
        {
            error = "The name is not valid Unicode text.";
            return false;
        }

        if (normalized.Length < FeedRules.UserNameMinLength || normalized.Length > FeedRules.UserNameMaxLength)
        {
            error = $"A name has {FeedRules.UserNameMinLength} to {FeedRules.UserNameMaxLength} characters.";
            return false;
        }

        foreach (var c in normalized)
        {
            if (Refused(c))
            {
                error = $"A name cannot contain U+{(int)c:X4} (control, invisible or white space other than a single space).";
                return false;
            }
        }

        if (normalized.Contains("  ", StringComparison.Ordinal))
        {
            error = "A name cannot contain two spaces in a row.";
            return false;
        }

        error = "";
        return true;
    }

    /// <summary>The normalised name; throws <see cref="ArgumentException"/> with the reason when it breaks the rule.</summary>
    public static string Normalize(string name) =>
        TryNormalize(name, out var normalized, out var error) ? normalized : throw new ArgumentException(error, nameof(name));

    /// <summary>What uniqueness and sign-in compare: the normalised name in upper case.</summary>
    public static string Key(string normalizedName) => normalizedName.ToUpperInvariant();

    private static bool Refused(char c) =>
        (char.IsWhiteSpace(c) && c != ' ')
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned
        // Hangul fillers and the blank Braille pattern: letters that show nothing.
        || c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';
}
