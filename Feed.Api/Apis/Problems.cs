using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Feed.Api.Apis;

/// <summary>
/// Problem details the handlers return as values (RFC 9457). Written by the app's
/// <see cref="IProblemDetailsService"/> (problem+json, stable type, trace id) and described in the
/// OpenAPI document by their type, like the framework's own typed results.
/// </summary>
public abstract class ProblemResult(int status, string detail) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;

    public string Detail => detail;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        await httpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        });
    }

    protected static void Describe(EndpointBuilder builder, int status) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
}

/// <summary>404: there is no such item (of this kind).</summary>
public sealed class NotFoundProblem(string detail) : ProblemResult(StatusCodes.Status404NotFound, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: the request clashes with what exists (a taken user name).</summary>
public sealed class ConflictProblem(string detail) : ProblemResult(StatusCodes.Status409Conflict, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

/// <summary>
/// Errors are problem+json whatever the client accepts: the framework's writer declines a request
/// whose <c>Accept</c> names no JSON type (and the error would then go out as plain text or
/// application/json); this writer, registered after it, answers those with the framework's own
/// problem+json, as if no <c>Accept</c> had been sent (RFC 9110 lets a server disregard it).
/// </summary>
public sealed class ProblemJsonWhateverIsAccepted(IServiceProvider services) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        context.HttpContext.Request.Headers.Accept = default;
        var framework = services.GetServices<IProblemDetailsWriter>().First(writer => writer is not ProblemJsonWhateverIsAccepted);
        return framework.WriteAsync(context);
    }
}

public static class Problems
{
    /// <summary>
    /// A problem that tells the client when to come back (429, 503): the status, <c>Retry-After</c>
    /// in whole seconds (at least 1), and a detail that names the same number.
    /// </summary>
    public static ValueTask<bool> WriteRetryLaterAsync(HttpContext http, int status, string title, TimeSpan retryAfter, Func<int, string> detail)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.StatusCode = status;
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail(seconds) },
        });
    }

    public static NotFoundProblem NotFound(string what, long id) => new($"There is no {what} with id {id}.");

    public static ConflictProblem Conflict(string detail) => new(detail);

    /// <summary>Details for the errors the framework answers by status alone (401, 403, unknown routes).</summary>
    public static void Explain(ProblemDetailsContext context)
    {
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status401Unauthorized => "Sign in first: send 'Authorization: Bearer <accessToken>' with a token from POST /auth/token.",
            StatusCodes.Status403Forbidden => "You may not do this to an item you did not write (only its author or an admin may).",
            StatusCodes.Status404NotFound => $"Nothing is served at {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}. The OpenAPI document at /openapi/v1.json lists every route.",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Path} does not take {context.HttpContext.Request.Method}. The OpenAPI document at /openapi/v1.json lists every route.",
            _ => null,
        };
    }
}
