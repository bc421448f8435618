using System.Threading.RateLimiting;

namespace Feed.Api.Plumbing.Protection;

/// <summary>
/// The <c>RateLimiting:SignIn</c> section: the limits of sign-in and sign-up, which no token lifts
/// (a password hash costs ~50 ms of CPU: an unguarded flood of wrong passwords starves every reader).
/// </summary>
public sealed class SignInLimitsOptions
{
    public const string Section = "RateLimiting:SignIn";

    /// <summary>Attempts per account name, from any address: a handful a minute, the brute-force limit.</summary>
    public TokenBucketRateLimiterOptions PerName { get; set; } = PerMinute(5);

    /// <summary>Attempts per client address, whatever token is attached: a few dozen a minute.</summary>
    public TokenBucketRateLimiterOptions PerAddress { get; set; } = PerMinute(30);

    /// <summary>
    /// At most this many password hashes run at once (unset: one per core); the others wait <see cref="HashingWait"/>, then get 429.
    /// </summary>
    public int? HashingConcurrency { get; set; }

    public TimeSpan HashingWait { get; set; } = TimeSpan.FromSeconds(1);

    private static TokenBucketRateLimiterOptions PerMinute(int attempts) => new()
    {
        TokenLimit = attempts,
        TokensPerPeriod = attempts,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
