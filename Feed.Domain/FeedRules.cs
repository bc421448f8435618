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

    /// <summary>Returns <paramref name="value"/> when it has 1 to <paramref name="maxLength"/> characters and is not blank.</summary>
    public static string RequireText(string? value, int maxLength, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{name} must be at most {maxLength} characters.", name);
        }

        return value;
    }
}
