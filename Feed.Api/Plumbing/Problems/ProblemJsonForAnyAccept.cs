
namespace Feed.Api.Plumbing.Problems;

/// <summary>
/// Errors are problem+json whatever the client accepts: the framework's writer declines a request
/// whose <c>Accept</c> names no JSON type (and the error would then go out as plain text or
/// application/json); this writer, registered after it, answers those with the framework's own
/// problem+json, as if no <c>Accept</c> had been sent (RFC 9110 lets a server disregard it).
/// </summary>
public sealed class ProblemJsonForAnyAccept(IServiceProvider services) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        context.HttpContext.Request.Headers.Accept = default;
        var framework = services.GetServices<IProblemDetailsWriter>().First(writer => writer is not ProblemJsonForAnyAccept);
        return framework.WriteAsync(context);
    }
}
