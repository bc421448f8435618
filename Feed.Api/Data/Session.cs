namespace Feed.Api.Data;

/// <summary>
/// One signed-in device: the family of refresh tokens that a sign-in started. Each refresh moves it
/// to the next <see cref="Generation"/> and makes the token of the one before it stale; a stale token
/// shown again (stolen and used by two parties) revokes the whole family. Access tokens carry its id,
/// so a revoked session's tokens stop writing at once.
/// </summary>
public sealed class Session
{
    public const int SecretLength = 43;
    public const int DeviceMaxLength = 200;

    public long Id { get; init; }

    public long UserId { get; init; }

    /// <summary>Random, never sent: a refresh token is a MAC over the session's id, generation and this secret.</summary>
    public required string Secret { get; init; }

    /// <summary>How many times the session was refreshed; the only valid refresh token is the current generation's.</summary>
    public int Generation { get; set; }

    public DateTime CreatedAt { get; init; }

    /// <summary>When the current generation was issued (the last sign-in or refresh).</summary>
    public DateTime RefreshedAt { get; set; }

    /// <summary>When the current refresh token stops working if it is not used (each refresh moves it on).</summary>
    public DateTime ExpiresAt { get; set; }

    /// <summary>Set once: signed out, revoked by the user, by a password change, or by a stale token shown again.</summary>
    public DateTime? RevokedAt { get; set; }

    /// <summary>The client's User-Agent at sign-in, cut to <see cref="DeviceMaxLength"/>: what the sessions list shows.</summary>
    public string? Device { get; init; }
}
