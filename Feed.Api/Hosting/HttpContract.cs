using Microsoft.EntityFrameworkCore.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Serialization;
using Feed.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.ResponseCompression;

namespace Feed.Api.Hosting;

/// <summary>
/// The HTTP contract every endpoint shares: camelCase JSON with integers as integers, request
/// validation, and every error as problem+json (RFC 9457) — the handlers' own problems, requests
/// the framework cannot bind, database outages, and the statuses the framework answers alone.
/// </summary>
public static class HttpContract
{
    public static IHostApplicationBuilder AddFeedHttpContract(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IInterceptor, IdempotencyClaims>(); // a keyed write's claim commits with its work
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            o.SerializerOptions.Converters.Add(new FeedTimeJson());
        });
        builder.Services.AddValidation();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Explain);
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWhateverIsAccepted>();
        builder.Services.AddExceptionHandler<BadRequestHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true); // so BadRequestHandler can say what was wrong
        builder.Services.AddExceptionHandler<DatabaseOutageHandler>(); // 503 + Retry-After while the database is down
        builder.Services.AddSingleton(TimeProvider.System);

        // Brotli, else gzip, when the client accepts it: JSON pages shrink about 4×. Fastest level:
        // the CPU per request matters more than the last percent of bytes.
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true; // nothing secret is reflected in a response body (tokens travel in headers)
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["application/json", "application/problem+json", "text/html", "text/javascript", "application/javascript", "text/css"];
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        return builder;
    }

    public static WebApplication UseFeedHttpContract(this WebApplication app)
    {
        app.UseHeadAsGet();
        app.UseResponseCompression();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting(); // here, not implicitly first: a HEAD must be routed as the GET it stands for
        return app;
    }

    /// <summary>Details for the errors the framework answers by status alone (401, 403, unknown routes).</summary>
    private static void Explain(ProblemDetailsContext context)
    {
        if (context.ProblemDetails is HttpValidationProblemDetails validation)
        {
            ValidationErrors.Rewrite(validation);
        }

        // The framework knows no type for 429: the RFC that defines it.
        context.ProblemDetails.Type ??= context.ProblemDetails.Status == StatusCodes.Status429TooManyRequests ? "https://tools.ietf.org/html/rfc6585#section-4" : null;
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status401Unauthorized when context.HttpContext.Request.Headers.Authorization.Count > 0 =>
                "The token is not valid (expired, signed by another key, or not a bearer token). Sign in again: POST /auth/token.",
            StatusCodes.Status401Unauthorized => "Sign in first: send 'Authorization: Bearer <accessToken>' with a token from POST /auth/token.",
            StatusCodes.Status403Forbidden => "You may not do this to an item you did not write (only its author or an admin may).",
            StatusCodes.Status404NotFound => $"Nothing is served at {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}. The OpenAPI document at /openapi/v1.json lists every route.",
            StatusCodes.Status413PayloadTooLarge => $"The body is larger than this service accepts ({context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes).",
            StatusCodes.Status405MethodNotAllowed => $"{context.HttpContext.Request.Path} does not take {context.HttpContext.Request.Method}. The OpenAPI document at /openapi/v1.json lists every route.",
            _ => null,
        };
    }

    /// <summary>
    /// A problem that tells the client when to come back (429, 503): the status, <c>Retry-After</c>
    /// in whole seconds (at least 1), and a detail that names the same number.
    /// </summary>
    public static ValueTask<bool> WriteRetryLaterAsync(HttpContext http, int status, string title, TimeSpan retryAfter, Func<int, string> detail)
    {
        http.Response.StatusCode = status;
        var seconds = RetryAfter.Set(http, retryAfter);
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail(seconds) },
        });
    }
}
