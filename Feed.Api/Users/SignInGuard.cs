using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Feed.Api.Users;

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

    /// <summary>At most this many password hashes run at once (unset: one per core); the others wait <see cref="HashingWait"/>, then get 429.</summary>
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

/// <summary>
/// What sign-in and sign-up pass before they hash a password: the per-name limit, then the hashing
/// gate. The per-address limit is the global rate limiter's (<c>Hosting/Protection.cs</c>).
/// </summary>
public sealed class SignInGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perName;
    private readonly SemaphoreSlim _hashing;
    private readonly TimeSpan _hashingWait;

    public SignInGuard(IOptions<SignInLimitsOptions> options)
    {
        var limits = options.Value;
        _perName = PartitionedRateLimiter.Create<string, string>(name => RateLimitPartition.GetTokenBucketLimiter(name, _ => limits.PerName));
        var slots = Math.Max(1, limits.HashingConcurrency ?? Environment.ProcessorCount);
        _hashing = new SemaphoreSlim(slots, slots);
        _hashingWait = limits.HashingWait;
    }

    /// <summary>
    /// A permit to check or set <paramref name="name"/>'s password, to dispose when the hash is
    /// done; or null, with the reason and when to come back.
    /// </summary>
    public async Task<(IDisposable? Permit, string Refusal, TimeSpan RetryAfter)> EnterAsync(string name, CancellationToken cancellationToken)
    {
        using var attempt = _perName.AttemptAcquire(UserAccounts.Normalize(name));
        if (!attempt.IsAcquired)
        {
            var wait = attempt.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            return (null, "Too many sign-in attempts for this name. Try again later.", wait);
        }

        if (!await _hashing.WaitAsync(_hashingWait, cancellationToken))
        {
            return (null, "Too many sign-ins are being checked right now. Try again in a moment.", TimeSpan.FromSeconds(1));
        }

        return (new Release(_hashing), "", TimeSpan.Zero);
    }

    public void Dispose()
    {
        _perName.Dispose();
        _hashing.Dispose();
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
