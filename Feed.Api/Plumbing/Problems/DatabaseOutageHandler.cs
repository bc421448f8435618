using Feed.Api.Data;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Feed.Api.Plumbing.Problems;

/// <summary>
/// An unreachable database (<see cref="Resilience.IsUnavailable"/>) is answered with 503
/// problem+json and <c>Retry-After</c>; the next request tries again. Everything else stays a 500.
/// </summary>
internal sealed partial class DatabaseOutageHandler(IOptions<ResilienceOptions> options, ILogger<DatabaseOutageHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Resilience.IsDeadlock(exception))
        {
            // Not an outage: other changes to the same rows won, and this one was rolled back whole.
            return await ProblemHandling.WriteRetryLaterAsync(
                httpContext,
                StatusCodes.Status503ServiceUnavailable,
                "Too many changes at once",
                options.Value.RetryAfter,
                seconds => "Other changes to the same item were being saved at the same moment; nothing of this request was saved. " +
                    $"Try again in {seconds} s.");
        }

        if (Resilience.IsLostRace(exception))
        {
            return await ProblemHandling.WriteRetryLaterAsync(
                httpContext,
                StatusCodes.Status503ServiceUnavailable,
                "Another change got there first",
                options.Value.RetryAfter,
                seconds => "Another change (a seed replacing the feed, for one) took this key or deleted what this request refers to " +
                    "at the same moment; nothing of this request was saved. " +
                    $"Try again in {seconds} s.");
        }

        if (!Resilience.IsUnavailable(exception))
        {
            return false;
        }

        LogUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, exception.GetBaseException().Message);
        var read = HttpMethods.IsGet(httpContext.Request.Method) || HttpMethods.IsHead(httpContext.Request.Method);
        return await ProblemHandling.WriteRetryLaterAsync(
            httpContext,
            StatusCodes.Status503ServiceUnavailable,
            "The database is unavailable",
            options.Value.RetryAfter,
            seconds => read
                ? $"The feed's database cannot be reached right now. Try again in {seconds} s."
                : $"The feed's database cannot be reached right now. Try again in {seconds} s; " +
                    "if the connection was lost while saving, the change may have been saved, so look before sending it again.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unavailable for {Method} {Path}: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);
}
