using Feed.Api.Plumbing.Identity;
using Microsoft.AspNetCore.Http.Features;

namespace Feed.Api.Plumbing.Problems;

/// <summary>
/// Every error as problem+json (RFC 9457): request validation, the handlers' own problems, requests
/// the framework cannot bind, database outages, and the statuses the framework answers alone.
/// </summary>
public static class ProblemHandling
{
    public static IHostApplicationBuilder AddFeedProblems(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidation();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Explain);
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonForAnyAccept>();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so BadRequestHandler can say what was wrong
        builder.Services.AddExceptionHandler<DatabaseOutageHandler>(); // 503 + Retry-After while the database is down
        return builder;
    }

    public static WebApplication UseFeedProblems(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// A problem that tells the client when to come back (429, 503): the status, <c>Retry-After</c>
    /// in whole seconds (at least 1), and a detail that names the same number.
    /// </summary>
    public static ValueTask<bool> WriteRetryLaterAsync(
        HttpContext http, int status, string title, TimeSpan retryAfter, Func<int, string> detail)
    {
        http.Response.StatusCode = status;
        var seconds = RetryAfter.Set(http, retryAfter);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail(seconds) },
        });
    }

    /// <summary>Details for the errors the framework answers by status alone (401, 403, unknown routes).</summary>
    private static void Explain(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is HttpValidationProblemDetails validation)
        {
            ValidationErrors.Rewrite(validation);
        }

        // The framework knows no type for 429: the RFC that defines it.
        var problem = context.ProblemDetails;
        problem.Type ??= problem.Status == StatusCodes.Status429TooManyRequests ? "https://tools.ietf.org/html/rfc6585#section-4" : null;
        problem.Detail ??= DetailFor(context.HttpContext, problem.Status);
    }

    private static string? DetailFor(HttpContext http, int? status) => status switch
    {
        StatusCodes.Status401Unauthorized when InvalidTokens.CarriesToken(http.Request.Headers.Authorization) =>
            "The token is not valid (expired, signed by another key, or not a bearer token). Sign in again: POST /auth/token.",
        StatusCodes.Status401Unauthorized =>
            "Sign in first: send 'Authorization: Bearer <accessToken>' with a token from POST /auth/token.",
        StatusCodes.Status403Forbidden =>
            "You may not do this to an item you did not write (only its author or an admin may).",
        StatusCodes.Status404NotFound =>
            $"Nothing is served at {http.Request.Method} {http.Request.Path}. The OpenAPI document at /openapi/v1.json lists every route.",
        StatusCodes.Status413PayloadTooLarge =>
            "The body is larger than this service accepts " +
            $"({http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes).",
        StatusCodes.Status405MethodNotAllowed =>
            $"{http.Request.Path} does not take {http.Request.Method}. The OpenAPI document at /openapi/v1.json lists every route.",
        _ => null,
    };
}
