namespace Feed.Domain;

/// <summary>
/// The limits of the feed's text fields, in one place: the domain enforces them, the API's request
/// validation and the database columns are sized from them.
/// </summary>
public static class FeedRules
{
    public const int TitleMaxLength = 128;
    public const int BodyMaxLength = 10_000;
    public const int GameNameMaxLength = 128;
    public const int GameLocationMaxLength = 128;
    public const int RoomNameMaxLength = 128;
    public const int UserNameMinLength = 3;
    public const int UserNameMaxLength = 32;
    public const int DisplayNameMaxLength = 50;
    public const int BioMaxLength = 160;
    public const int ReportReasonMaxLength = 32;
    public const int ReportDetailsMaxLength = 1000;
    public const int CommentMaxLength = 2_200;

    /// <summary>
    /// Returns <paramref name="value"/> when it keeps <see cref="FeedText"/>'s rule (something
    /// visible, no control or bidirectional override characters; line breaks and tabs only when
    /// <paramref name="multiline"/>) and has at most <paramref name="maxLength"/> UTF-16 units;
    /// else throws <see cref="ArgumentException"/> naming the field and why.
    /// </summary>
    public static string RequireText(string? value, int maxLength, string name, bool multiline = false)
    {
        var problem = value is null ? "must not be empty" : FeedText.Problem(value, multiline);
        if (problem is not null)
        {
            throw new TextRuleException(name, $"{name} {problem}.");
        }

        if (value!.Length > maxLength)
        {
            throw new TextRuleException(name, $"{name} must have at most {maxLength} characters.");
        }

        return value;
    }
}

/// <summary>A field's text breaks the rule: <see cref="Exception.Message"/> says which field and why, in words for a client.</summary>
public sealed class TextRuleException : ArgumentException
{
    private readonly string _reason;

    public TextRuleException(string field, string reason)
        : base(reason, field) => _reason = reason;

    public override string Message => _reason;
}
