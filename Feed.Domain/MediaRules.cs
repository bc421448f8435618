namespace Feed.Domain;

/// <summary>The limits of media, in one place: the domain enforces them, the API and the columns are sized from them.</summary>
public static class MediaRules
{
    /// <summary>Mastodon's limit for alt text.</summary>
    public const int AltTextMaxLength = 1_500;

    /// <summary>Media one post carries (Instagram's carousel).</summary>
    public const int MaxPerPost = 10;

    /// <summary>A storage token: 128 random bits as 32 lower-case hex digits.</summary>
    public const int TokenLength = 32;

    /// <summary>Makes a new storage token (128 bits from the system's cryptographic source).</summary>
    public static string NewToken() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>True for what <see cref="NewToken"/> makes: 32 lower-case hex digits, nothing a path could abuse.</summary>
    public static bool IsToken(string? value) =>
        value is { Length: TokenLength } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string RequireToken(string value) =>
        IsToken(value) ? value : throw new ArgumentException("A storage token is 32 lower-case hex digits.", nameof(value));

    public static double RequireFocus(double value, string name) =>
        double.IsFinite(value) && value is >= -1 and <= 1
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between -1 and 1.");
}
