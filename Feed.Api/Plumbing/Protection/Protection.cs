using System.Threading.RateLimiting;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Feed.Api.Plumbing.Protection;

/// <summary>
/// What keeps one client, one browser page or one oversized request from hurting the service:
/// rate limits, Kestrel's request limits, CORS and security headers. All of it is configuration.
/// </summary>
public static class Protection
{
    public static IHostApplicationBuilder AddFeedProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SignInLimitsOptions>().BindConfiguration(SignInLimitsOptions.Section);

        // Kestrel:Limits: our defaults first, then whatever the section sets.
        builder.Services.AddOptions<KestrelServerOptions>().Configure(KestrelDefaults).Bind(builder.Configuration.GetSection("Kestrel"));

        // Open connections per address and a first-request timeout (connection middleware: the rate limiter sees only requests).
        builder.Services.AddOptions<ConnectionOptions>().BindConfiguration(ConnectionOptions.Section);
        builder.Services.AddSingleton<ConnectionGuard>();
        builder.Services.Configure<KestrelServerOptions>(ConnectionGuard.Configure);

        // What answers may hold in memory for slow clients: a bounded pool, a budget per instance, a write timeout.
        ResponseBuffers.AddFeedResponseBuffers(builder.Services);

        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section);
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>()
            .Configure<IOptions<RateLimitingOptions>, IOptions<SignInLimitsOptions>>((o, limits, signIn) =>
            {
                o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => Partition(http, limits.Value, signIn.Value));
                o.OnRejected = RejectAsync;
            });

        builder.Services.AddOptions<AllowedOriginsOptions>().BindConfiguration(AllowedOriginsOptions.Section);
        builder.Services.AddCors();
        builder.Services.AddOptions<CorsOptions>()
            .Configure<IOptions<AllowedOriginsOptions>>((o, cors) => o.AddDefaultPolicy(policy => policy
                .WithOrigins([.. cors.Value.AllowedOrigins.Where(origin => !string.IsNullOrWhiteSpace(origin))])
                .WithMethods(HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete)
                .WithHeaders("Authorization", "Content-Type", "Accept", "If-None-Match", "If-Match", "Idempotency-Key")
                .WithExposedHeaders("Location", "Retry-After", "Link", "ETag", "RateLimit", "RateLimit-Policy", "Idempotent-Replayed")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        builder.Services.AddSecurityHeaderPolicies(policies => policies
            .AddPolicy(Docs, p => p.AddDefaultSecurityHeaders())
            .SetDefaultPolicy(p => p.AddDefaultApiSecurityHeaders())
            .SetPolicySelector(context => context.HttpContext.Request.Path.StartsWithSegments("/scalar")
                ? context.ConfiguredPolicies[Docs]
                : context.DefaultPolicy));
        return builder;
    }

    /// <summary>Security headers first (so even a 429 has them), then CORS, who the caller is, and the rate limit.</summary>
    public static WebApplication UseFeedProtection(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            if (http.Request.ContentLength > 0)
            {
                http.Response.OnStarting(CloseAfterAnOversizedBody, http); // only a request with a declared body can be over
            }

            return next(http);
        });
        app.UseSecurityHeaders();
        app.UseCors();
        app.UseAuthentication();
        app.UseRejectInvalidTokens();
        app.UseRateLimiter();
        var limiter = app.Services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
        var limits = app.Services.GetRequiredService<IOptions<RateLimitingOptions>>().Value;
        var signIn = app.Services.GetRequiredService<IOptions<SignInLimitsOptions>>().Value;
        app.Use((http, next) =>
        {
            if (http.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null) // health probes are never limited
            {
                // As the response starts: after the page cache has copied a cached page's headers (PageCache), so they are this caller's.
                http.Response.OnStarting(() =>
                {
                    WriteRateLimitHeaders(http, limiter.GetStatistics(http)?.CurrentAvailablePermits ?? 0, limits, signIn);
                    return Task.CompletedTask;
                });
            }

            return next(http);
        });
        app.UseAuthorization();
        return app;
    }

    private const string Docs = "docs";

    /// <summary>
    /// An answer to a request whose declared body is over its limit says <c>Connection: close</c>. Kestrel closes such a
    /// connection after the answer (it will not drain the body), and a client that was not told reuses it for its next
    /// request, which then fails unanswered (a 401 to a 200 KB post did that to the next request on the socket).
    /// </summary>
    private static Task CloseAfterAnOversizedBody(object state)
    {
        var http = (HttpContext)state;
        if (HttpProtocol.IsHttp11(http.Request.Protocol) || HttpProtocol.IsHttp10(http.Request.Protocol))
        {
            var limit = http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (http.Request.ContentLength > limit)
            {
                http.Response.Headers.Connection = "close";
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The request limits, unless <c>Kestrel:Limits</c> says otherwise (Kestrel's own defaults are for a general web server).
    /// </summary>
    private static void KestrelDefaults(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = 128 * 1024; // a post's 10,000 characters, escaped, fit with room to spare
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 64;
        // Kestrel answers a longer line with an empty 414 before the app runs (no hook can give it a
        // problem body); 16 KiB lets an over-long cursor reach the app, which refuses it with a 400 naming it.
        limits.MaxRequestLineSize = 16 * 1024;
        limits.MaxConcurrentConnections = 10_000;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.KeepAliveTimeout = TimeSpan.FromMinutes(1);
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>
    /// The bucket a request draws from: its policy's name (for the <c>RateLimit</c> headers), its partition key and its shape;
    /// null when limits are off.
    /// </summary>
    private static (string Policy, string Key, TokenBucketRateLimiterOptions Bucket)? Choose(
        HttpContext http, RateLimitingOptions limits, SignInLimitsOptions signIn)
    {
        if (!limits.Enabled)
        {
            return null;
        }

        // Sign-in and sign-up are counted per address whatever token is attached: N accounts must not give N buckets.
        var path = http.Request.Path;
        var address = ClientAddresses.Key(http.Connection.RemoteIpAddress); // an IPv6 client by its /64
        return path.StartsWithSegments("/auth") ? ("auth", $"auth:{address}", signIn.PerAddress)
            : path.StartsWithSegments("/scalar") || path.StartsWithSegments("/openapi") ? ("docs", $"docs:{address}", limits.Docs)
            : http.User.FeedUserId() is { } userId ? ("user", $"user:{userId}", limits.User)
            : ("anonymous", $"address:{address}", limits.Anonymous);
    }

    private static RateLimitPartition<string> Partition(HttpContext http, RateLimitingOptions limits, SignInLimitsOptions signIn) =>
        Choose(http, limits, signIn) is var (_, key, bucket)
            ? RateLimitPartition.GetTokenBucketLimiter(key, _ => bucket)
            : RateLimitPartition.GetNoLimiter("off");

    /// <summary>
    /// The IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers) on every limited answer, so
    /// a client slows down before it meets a 429: <c>RateLimit-Policy: "user";q=100;w=5</c> (a
    /// bucket of q requests that refills in w seconds) and <c>RateLimit: "user";r=42;t=3</c> (r left
    /// after this request; full again in t seconds).
    /// </summary>
    private static void WriteRateLimitHeaders(HttpContext http, long remaining, RateLimitingOptions limits, SignInLimitsOptions signIn)
    {
        if (Choose(http, limits, signIn) is var (policy, _, bucket))
        {
            WriteRateLimitHeaders(http, policy, bucket, remaining);
        }
    }

    /// <summary>The <c>RateLimit-Policy</c> and <c>RateLimit</c> headers of one bucket (an endpoint's own policy writes its own).</summary>
    public static void WriteRateLimitHeaders(HttpContext http, string policy, TokenBucketRateLimiterOptions bucket, long remaining)
    {
        var perSecond = bucket.TokensPerPeriod / bucket.ReplenishmentPeriod.TotalSeconds;
        var window = (int)Math.Ceiling(bucket.TokenLimit / perSecond);
        var refill = (int)Math.Ceiling((bucket.TokenLimit - remaining) / perSecond);
        http.Response.Headers["RateLimit-Policy"] = $"\"{policy}\";q={bucket.TokenLimit};w={window}";
        http.Response.Headers["RateLimit"] = $"\"{policy}\";r={remaining};t={refill}";
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        WriteRateLimitHeaders(http, remaining: 0,
            http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value,
            http.RequestServices.GetRequiredService<IOptions<SignInLimitsOptions>>().Value);
        var who = http.User.FeedUserId() is null || http.Request.Path.StartsWithSegments("/auth") ? "This address" : "This user";
        await ProblemHandling.WriteRetryLaterAsync(
            http,
            StatusCodes.Status429TooManyRequests,
            "Too many requests",
            context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1),
            seconds => $"{who} sent more requests than the service allows. Try again in {seconds} s.");
    }
}
