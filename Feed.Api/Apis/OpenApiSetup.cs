using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Feed.Api.Apis;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and Scalar at <c>/scalar</c>.</summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddFeedOpenApi(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Feed API";
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

        options.AddDocumentTransformer((document, _, _) =>
        {
            PolymorphicSchemas.Simplify(document);
            return Task.CompletedTask;
        });
    });

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
