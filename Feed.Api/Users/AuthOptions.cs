using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Feed.Api.Users;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// HMAC-SHA256 key for bearer tokens, at least 32 characters. Every instance shares it, so tokens work on all of them.
    /// Refresh tokens are MACed with a key derived from it.
    /// </summary>
    [Required, MinLength(32)]
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "feed";

    public string Audience { get; set; } = "feed";

    /// <summary>
    /// How long an access token is good for. Short: a revoked session's access tokens still read until they expire
    /// (writes stop at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token is good for if it is not used; each refresh starts the time again (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long after a refresh the token it replaced still answers the new tokens (a client that lost the answer, two tabs
    /// refreshing at once); past it, that token shown again is a reuse and revokes the session.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RefreshGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many live sessions a user may have: a sign-in past it revokes the oldest, so the list needs no paging.</summary>
    [Range(1, 1000)]
    public int MaxSessionsPerUser { get; set; } = 50;

    /// <summary>
    /// How far the clocks of the instance that issued a token and the one reading it may differ:
    /// an expired token, or one not valid yet, is accepted this much beyond its time (the framework's default is 5 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey));
}
