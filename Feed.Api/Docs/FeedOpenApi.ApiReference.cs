using System.Text;
using Feed.Api.Plumbing.ConditionalGets;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Feed.Api.Docs;

/// <summary>Serving the document (from memory, with an ETag) and Scalar's page over it.</summary>
public static partial class FeedOpenApi
{
    public static WebApplication MapFeedOpenApi(this WebApplication app)
    {
        app.MapGet(
                DocumentPath,
                (HttpContext http, OpenApiDocumentCache cache, CancellationToken cancellationToken) =>
                    cache.ServeAsync(http, cancellationToken))
            .ExcludeFromDescription();

        // Scalar's scripts come from the package; its default fonts would come from a CDN, and
        // its telemetry would call home: both off, so the page works with no network at all.
        // No developer-tools bar, AI chat, MCP or "Deploy" button: the page is the reference.
        app.MapScalarApiReference(options =>
        {
            options
                .WithTitle("Feed API")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .WithDotNetFlag(false)
                .AddPreferredSecuritySchemes(BearerScheme);
            options.ShowDeveloperTools = DeveloperToolsVisibility.Never;
            options.Agent = new ScalarAgentOptions { Disabled = true };
            options.Mcp = new ScalarMcpOptions { Disabled = true };
            options.HideClientButton = true;
        });
        app.MapGet("/", () => TypedResults.Redirect("/scalar/")).ExcludeFromDescription();

        // Scalar's script (1.4 MB gzipped) is sent with no-cache: every page load would revalidate it.
        // Its name carries no version, so not a year: a day, then a revalidation by its ETag.
        app.Use((http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/scalar", out var rest) && Path.HasExtension(rest.Value))
            {
                http.Response.OnStarting(() =>
                {
                    if (http.Response.StatusCode == StatusCodes.Status200OK)
                    {
                        http.Response.Headers.CacheControl = "public, max-age=86400";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(http);
        });
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation(
                "API reference (Scalar): {Urls}",
                string.Join(", ", app.Urls.Select(u => $"{u.TrimEnd('/')}/scalar/"))));
        return app;
    }
}

/// <summary>
/// The document, generated on first request and then served from memory (generating it costs tens
/// of milliseconds of CPU), with a weak <c>ETag</c> of its bytes and <c>304</c> on <c>If-None-Match</c>.
/// </summary>
public sealed class OpenApiDocumentCache([FromKeyedServices(FeedOpenApi.DocumentName)] IOpenApiDocumentProvider provider)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (byte[] Json, EntityTagHeaderValue Tag)? _document;

    public async Task<(byte[] Json, EntityTagHeaderValue Tag)> GetAsync(CancellationToken cancellationToken)
    {
        if (_document is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_document is null)
            {
                var openApi = await provider.GetOpenApiDocumentAsync(cancellationToken);
                await using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                openApi.SerializeAsV31(new OpenApiJsonWriter(text));
                var json = Encoding.UTF8.GetBytes(text.ToString());
                _document = (json, EntityTags.Of(json)); // weak: the same document, whatever content coding carries it
            }

            return _document.Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IResult> ServeAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (json, tag) = await GetAsync(cancellationToken);
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = tag;
        headers.CacheControl = new CacheControlHeaderValue { Public = true, NoCache = true };
        return EntityTags.Matches(http.Request.GetTypedHeaders().IfNoneMatch, tag)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(json, "application/json; charset=utf-8");
    }
}

