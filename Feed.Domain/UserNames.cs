using System.Globalization;
using System.Text;

namespace Feed.Domain;

/// <summary>
/// One rule for user names on every engine: trimmed, Unicode-normalised (NFKC, so full-width and
/// other compatibility forms become their plain letters), 3 to 32 characters, no control, format,
/// invisible, bidirectional override or line-breaking characters (<see cref="FeedText"/>, by code
/// point) and no white space but single spaces; unique without regard to case, through
/// <see cref="Key"/> (as ASP.NET Identity's NormalizedUserName).
/// </summary>
public static class UserNames
{
    /// <summary>The name as it is stored and shown, or false with the reason in words.</summary>
    public static bool TryNormalize(string? name, out string normalized, out string error) =>
        TryNormalize(name, NormalizationForm.FormKC, FeedRules.UserNameMinLength, FeedRules.UserNameMaxLength, "A name",
            out normalized, out error);

    /// <summary>
    /// A display name as it is stored and shown, or false with the reason in words: the name rule's characters, but
    /// NFC (canonical composition only: a display name may keep full-width or other compatibility forms on purpose),
    /// 1 to <see cref="FeedRules.DisplayNameMaxLength"/> characters, and not unique (no <see cref="Key"/>).
    /// </summary>
    public static bool TryNormalizeDisplayName(string? name, out string normalized, out string error) =>
        TryNormalize(name, NormalizationForm.FormC, 1, FeedRules.DisplayNameMaxLength, "A display name", out normalized, out error);

    private static bool TryNormalize(
        string? name, NormalizationForm form, int minLength, int maxLength, string what, out string normalized, out string error)
    {
        normalized = "";
        try
        {
            normalized = (name ?? "").Normalize(form).Trim();
        }
        catch (ArgumentException)
        {
            error = $"{what} is not valid Unicode text.";
            return false;
        }

        if (normalized.Length < minLength || normalized.Length > maxLength)
        {
            error = $"{what} has {minLength} to {maxLength} characters.";
            return false;
        }

        // By code point (an emoji is one, not two halves of a surrogate pair); normalising has refused text that is not valid UTF-16.
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (Refused(rune))
            {
                error = $"{what} cannot contain {FeedText.Name(rune)} (control, invisible, bidirectional override, unassigned " +
                    "or white space other than a single space).";
                return false;
            }
        }

        if (normalized.Contains("  ", StringComparison.Ordinal))
        {
            error = $"{what} cannot contain two spaces in a row.";
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

    /// <summary><see cref="FeedText"/>'s rule, stricter: nothing invisible but a single space, nothing unassigned or private.</summary>
    private static bool Refused(Rune rune) =>
        (FeedText.IsInvisible(rune) && rune.Value != ' ')
        || FeedText.IsControl(rune) || FeedText.IsBidiControl(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
}
