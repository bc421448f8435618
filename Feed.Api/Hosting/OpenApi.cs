using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Feed.Api.Hosting;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and Scalar at <c>/scalar</c>.</summary>
public static class FeedOpenApi
{
    public const string BearerScheme = "Bearer";

    public static IHostApplicationBuilder AddFeedOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => Configure(options)); // a lambda: the XML-comment generator intercepts only this form
        return builder;
    }

    private static void Configure(OpenApiOptions options)
    {
        // Timestamps go through FeedTimeJson (six fractional digits); a custom converter leaves the
        // generated schema without its type, so it is put back here.
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(DateTime) || context.JsonTypeInfo.Type == typeof(DateTime?))
            {
                schema.Type = context.JsonTypeInfo.Type == typeof(DateTime) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Format = "date-time";
            }

            return Task.CompletedTask;
        });

        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Feed API";
            // Relative: the generator would echo the request's Host header (Host: evil.example → http://evil.example/).
            document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];
            document.Info.Description =
                "A polymorphic activity feed — posts, games and teams — served newest-first with opaque cursors " +
                "that stay correct while new items arrive. Reads are anonymous; writes need a bearer token from `POST /auth/token`.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from `POST /auth/token`.",
            };
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [],
                });
            }

            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            // Answers any operation may give, whatever its handler does: the rate limit, an
            // unreachable database, and (with a body) Kestrel's body-size limit.
            operation.Responses ??= [];
            Describe(operation, context.Document, "429", "Too many requests: this user (or, anonymous, this address) is over its rate limit. Wait `Retry-After` seconds.", retryAfter: true);
            Describe(operation, context.Document, "503", "The database cannot be reached. Try again after `Retry-After` seconds; a write may have been saved if the connection was lost while saving.", retryAfter: true);
            if (operation.RequestBody is not null)
            {
                Describe(operation, context.Document, "413", "The body is larger than the limit (`Kestrel:Limits:MaxRequestBodySize`, 128 KiB by default).", retryAfter: false);
            }

            return Task.CompletedTask;
        });

        options.AddDocumentTransformer((document, _, _) =>
        {
            PolymorphicSchemas.Simplify(document);
            return Task.CompletedTask;
        });
    }

    private static void Describe(OpenApiOperation operation, OpenApiDocument? document, string status, string description, bool retryAfter)
    {
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
            },
        };
        if (retryAfter)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                },
            };
        }

        operation.Responses!.TryAdd(status, response);
    }

    public static WebApplication MapFeedOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        // Scalar's scripts come from the package; its default fonts would come from a CDN, and
        // its telemetry would call home: both off, so the page works with no network at all.
        app.MapScalarApiReference(options => options
            .WithTitle("Feed API")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .AddPreferredSecuritySchemes(BearerScheme));
        app.MapGet("/", () => TypedResults.Redirect("/scalar/")).ExcludeFromDescription();
        app.Lifetime.ApplicationStarted.Register(() =>
            app.Logger.LogInformation("API reference (Scalar): {Urls}", string.Join(", ", app.Urls.Select(u => $"{u.TrimEnd('/')}/scalar/"))));
        return app;
    }
}
