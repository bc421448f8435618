using System.Threading.RateLimiting;
using Feed.Api.Plumbing.Protection;
using Microsoft.Extensions.Options;

namespace Feed.Api.Users;

/// <summary>
/// What sign-in and sign-up pass before they hash a password: the per-name limit, then the hashing
/// gate. The per-address limit is the global rate limiter's (<see cref="Protection"/>).
/// </summary>
public sealed class SignInGuard : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perName;
    private readonly SemaphoreSlim _hashing;
    private readonly TimeSpan _hashingWait;

    public SignInGuard(IOptions<SignInLimitsOptions> options)
    {
        var limits = options.Value;
        _perName = PartitionedRateLimiter.Create<string, string>(
            name => RateLimitPartition.GetTokenBucketLimiter(name, _ => limits.PerName));
        var slots = Math.Max(1, limits.HashingConcurrency ?? Environment.ProcessorCount);
        _hashing = new SemaphoreSlim(slots, slots);
        _hashingWait = limits.HashingWait;
    }

    /// <summary>
    /// A permit to check or set <paramref name="name"/>'s password, to dispose when the hash is
    /// done; or null, with the reason and when to come back.
    /// </summary>
    public async Task<(IDisposable? Permit, string Refusal, TimeSpan RetryAfter)> EnterAsync(
        string name, CancellationToken cancellationToken)
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
