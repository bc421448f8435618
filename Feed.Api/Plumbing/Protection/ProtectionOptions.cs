using System.Threading.RateLimiting;

namespace Feed.Api.Plumbing.Protection;

/// <summary>The <c>RateLimiting</c> configuration section; the defaults are here and nowhere else.</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    public bool Enabled { get; set; } = true;

    /// <summary>Per signed-in user (the token's subject), on whichever instance and address they call from.</summary>
    public TokenBucketRateLimiterOptions User { get; set; } = Bucket(100, 20, TimeSpan.FromSeconds(1));

    /// <summary>
    /// Per client address for anonymous calls. Larger than a user's: a mobile carrier's NAT puts many
    /// phones behind one address.
    /// </summary>
    public TokenBucketRateLimiterOptions Anonymous { get; set; } = Bucket(200, 40, TimeSpan.FromSeconds(1));

    /// <summary>
    /// The API document and Scalar's page and assets, per client address, token or not: a few
    /// page loads a minute. They are large (Scalar's script is ~5 MB) and nobody needs them in a loop.
    /// </summary>
    public TokenBucketRateLimiterOptions Docs { get; set; } = Bucket(30, 30, TimeSpan.FromMinutes(1));

    /// <summary>
    /// A bucket of <paramref name="limit"/> requests at once, refilled by <paramref name="refill"/> every <paramref name="period"/>;
    /// no queue.
    /// </summary>
    public static TokenBucketRateLimiterOptions Bucket(int limit, int refill, TimeSpan period) => new()
    {
        TokenLimit = limit,
        TokensPerPeriod = refill,
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>The <c>Cors</c> configuration section.</summary>
public sealed class AllowedOriginsOptions
{
    public const string Section = "Cors";

    /// <summary>The web origins allowed to call the API from a browser (<c>https://app.example.com</c>). Empty: none.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
