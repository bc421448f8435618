using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Feed.Api.Data;

namespace Feed.Api.Users;

/// <summary>
/// Refresh tokens: <c>{sessionId}.{generation}.{mac}</c>, the MAC an HMAC-SHA256 over <c>"{id}:{generation}:{secret}"</c>
/// (the session's random <see cref="Session.Secret"/>) with a key derived from <see cref="AuthOptions.SigningKey"/>. The
/// database alone cannot mint one, none is stored, and the token of a generation is always the same (a retry gets the
/// same answer).
/// </summary>
public static class RefreshTokens
{
    /// <summary>Longer than any token this service issues (20 + 1 + 10 + 1 + 43 characters).</summary>
    private const int MaxLength = 80;

    private static readonly byte[] Label = "feed/refresh-token/v1"u8.ToArray();

    /// <summary>A new session's secret: 32 random bytes, base64url (43 characters).</summary>
    public static string NewSecret() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Format(long sessionId, int generation, string secret, AuthOptions auth) =>
        string.Create(CultureInfo.InvariantCulture, $"{sessionId}.{generation}.{Mac(sessionId, generation, secret, auth)}");

    /// <summary>The session id, generation and MAC a token claims; false for anything not in the shape.</summary>
    public static bool TryParse(string? token, out long sessionId, out int generation, out string mac)
    {
        (sessionId, generation, mac) = (0, 0, "");
        if (token is null || token.Length > MaxLength)
        {
            return false;
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[2].Length == 0
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out sessionId) || sessionId <= 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out generation))
        {
            return false;
        }

        mac = parts[2];
        return true;
    }

    /// <summary>Whether <paramref name="mac"/> is the session's MAC for this generation, compared in constant time.</summary>
    public static bool Verify(long sessionId, int generation, string secret, string mac, AuthOptions auth) =>
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Mac(sessionId, generation, secret, auth)), Encoding.ASCII.GetBytes(mac));

    private static string Mac(long sessionId, int generation, string secret, AuthOptions auth)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(auth.SigningKey), Label);
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{sessionId}:{generation}:{secret}"));
        return Base64Url.EncodeToString(HMACSHA256.HashData(key, message));
    }
}
