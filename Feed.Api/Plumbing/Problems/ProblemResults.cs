using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Feed.Api.Plumbing.Problems;

/// <summary>
/// Problem details the handlers return as values (RFC 9457). Written by the app's
/// <see cref="IProblemDetailsService"/> (problem+json, stable type, trace id) and described in the
/// OpenAPI document by their type, like the framework's own typed results.
/// </summary>
public abstract class ProblemResult(int status, string detail) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => status;

    public string Detail => detail;

    public virtual async Task ExecuteAsync(HttpContext httpContext)
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

/// <summary>401 from sign-in: the name and password do not match a user (which of the two is not said).</summary>
public sealed class UnauthorizedProblem(string detail) : ProblemResult(StatusCodes.Status401Unauthorized, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status401Unauthorized);
}

/// <summary>409: the request clashes with what exists (a taken user name).</summary>
public sealed class ConflictProblem(string detail) : ProblemResult(StatusCodes.Status409Conflict, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

/// <summary>403: the caller may not do this to this resource (edit an item they did not write).</summary>
public sealed class ForbiddenProblem(string detail) : ProblemResult(StatusCodes.Status403Forbidden, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status403Forbidden);
}

/// <summary>412: the resource changed since the version the client's <c>If-Match</c> names.</summary>
public sealed class PreconditionFailedProblem(string detail)
    : ProblemResult(StatusCodes.Status412PreconditionFailed, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Describe(builder, StatusCodes.Status412PreconditionFailed);
}

/// <summary>410: what the client asks for is no longer kept (a change-log token past the retention).</summary>
public sealed class GoneProblem(string detail) : ProblemResult(StatusCodes.Status410Gone, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status410Gone);
}

/// <summary>429: this name or address tried too often, or too many passwords are being checked right now.</summary>
// No endpoint metadata of its own: the document describes 429 (with Retry-After) on every operation already.
public sealed class TooManyRequestsProblem(string detail, TimeSpan retryAfter) : ProblemResult(StatusCodes.Status429TooManyRequests, detail)
{
    public override Task ExecuteAsync(HttpContext httpContext)
    {
        RetryAfter.Set(httpContext, retryAfter);
        return base.ExecuteAsync(httpContext);
    }
}

/// <summary>The <c>Retry-After</c> header of every 429 and 503: whole seconds, at least 1.</summary>
public static class RetryAfter
{
    /// <summary>Sets the header and returns the seconds it says, for the problem's detail.</summary>
    public static int Set(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return seconds;
    }
}

/// <summary>The problems handlers return, with their details in words a client developer can act on.</summary>
public static class Problem
{
    public static NotFoundProblem NotFound(string what, long id) => new($"There is no {what} with id {id}.");

    public static ConflictProblem Conflict(string detail) => new(detail);
}
