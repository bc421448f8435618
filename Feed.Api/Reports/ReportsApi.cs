using System.ComponentModel;
using System.Threading.RateLimiting;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Plumbing.Protection;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Feed.Api.Reports;

/// <summary>
/// Reporting an item to the admins (<c>POST /feed/{id}/reports</c>), and the admins' queue (<c>GET /admin/reports</c>,
/// <c>POST /admin/reports/{id}/resolve</c>: remove the item or dismiss the report). Admins as the database has them now.
/// </summary>
public static class ReportsApi
{
    private const string Refusals =
        " 403 when the caller is not an admin now (checked in the database, not taken from the token).";

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/feed").WithTags("Reports").RequireAuthorization()
            .MapPost("/{id:long}/reports", ReportsEndpoints.FileReport)
            .WithName(nameof(ReportsEndpoints.FileReport))
            .WithSummary("Report an item to the admins")
            .WithDescription(
                "Tells the admins why an item breaks the rules: `reason` is one of " + ReportReasons.Listed + "; `details` is " +
                "optional. Once per user per item: 201 with the new report, and any later report of the same item (a retry " +
                "included) answers 200 with the first one, unchanged. 404 when there is no such item; 400 for your own item " +
                "(delete it instead). Rate-limited per user by a bucket of its own (`RateLimiting:Reports`, 20 an hour by " +
                "default): 429 with `Retry-After` past it.")
            .RequireRateLimiting(new ReportRateLimit())
            .ProducesValidationProblem();

        app.MapGroup("/comments").WithTags("Reports").RequireAuthorization()
            .MapPost("/{id:long}/reports", ReportsEndpoints.FileCommentReport)
            .WithName(nameof(ReportsEndpoints.FileCommentReport))
            .WithSummary("Report a comment to the admins")
            .WithDescription(
                "As reporting an item: the same body and rules, once per user per comment (201, then 200 with the first " +
                "report). 404 when there is no such comment; 400 for your own comment. The admins' queue shows `commentId`; " +
                "resolving it with `remove` deletes the comment and its replies.")
            .RequireRateLimiting(new ReportRateLimit())
            .ProducesValidationProblem();

        var admin = app.MapGroup("/admin/reports").WithTags("Reports").RequireAuthorization();
        admin.MapGet("", ReportsEndpoints.ListReports)
            .WithName(nameof(ReportsEndpoints.ListReports))
            .WithSummary("Reports, newest first")
            .WithDescription(
                "The reports in one state (`open` unless `state` says `removed` or `dismissed`), the newest first, " +
                "cursor-paged like the feed (`before` to scroll, `after` to refresh); a cursor belongs to its state's listing. " +
                "`itemExists` tells whether the item is still there." + Refusals);
        admin.MapPost("/{id:long}/resolve", ReportsEndpoints.ResolveReport)
            .WithName(nameof(ReportsEndpoints.ResolveReport))
            .WithSummary("Resolve a report")
            .WithDescription(
                "`remove` deletes the item as its author's delete would (feeds, homes, the change log and the stream learn " +
                "of it) and resolves every open report of it as `removed`; `dismiss` resolves this report alone as " +
                "`dismissed`. Both record you and the time. Answers the report as resolved. 404 when there is no such " +
                "report; 409 when it is resolved already (by you or another admin)." + Refusals)
            .ProducesValidationProblem();
        return app;
    }
}

/// <summary>
/// The rate limiter's policy for filing reports, on top of the user's bucket: a bucket per user of its own, configured as
/// <c>RateLimiting:Reports</c> (beside the other buckets, <see cref="RateLimitingOptions"/>) and switched off with them.
/// A policy instance on the endpoint, so the feature registers nothing.
/// </summary>
public sealed class ReportRateLimit : IRateLimiterPolicy<string>
{
    public const string Section = "RateLimiting:Reports";

    /// <summary>20 at once, 20 more an hour: reporting is rare, and a script filing hundreds is not a reader.</summary>
    public static TokenBucketRateLimiterOptions Default => RateLimitingOptions.Bucket(20, 20, TimeSpan.FromHours(1));

    /// <summary>
    /// The 429 problem with <c>Retry-After</c>, as the global limiter's; an endpoint policy needs its own (the middleware
    /// does not fall back to the global one), and its <c>RateLimit</c> headers are this bucket's (empty).
    /// </summary>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (context, _) =>
    {
        Protection.WriteRateLimitHeaders(context.HttpContext, "reports", Bucket(context.HttpContext.RequestServices), remaining: 0);
        await ProblemHandling.WriteRetryLaterAsync(
            context.HttpContext,
            StatusCodes.Status429TooManyRequests,
            "Too many reports",
            context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1),
            seconds => $"This user filed more reports than the service allows ({Section}). Try again in {seconds} s.");
    };

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.Enabled && http.User.FeedUserId() is { } user
            ? RateLimitPartition.GetTokenBucketLimiter($"reports:{user}", _ => Bucket(http.RequestServices))
            : RateLimitPartition.GetNoLimiter("");

    /// <summary>The configured bucket, read once per user's limiter (the partition's factory), over the defaults.</summary>
    private static TokenBucketRateLimiterOptions Bucket(IServiceProvider services)
    {
        var bucket = Default;
        services.GetRequiredService<IConfiguration>().GetSection(Section).Bind(bucket);
        return bucket;
    }
}

/// <summary><c>GET /admin/reports</c>'s own parameter (the page's are <see cref="Paging.PageParameters"/>).</summary>
public sealed record ReportStateParameter
{
    [FromQuery(Name = "state")]
    [Description("Which reports: `open` (the default), `removed` or `dismissed`.")]
    [DefaultValue(Feed.Domain.Report.Open)]
    public string? State { get; init; }
}
