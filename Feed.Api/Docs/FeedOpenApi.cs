using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Docs;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and Scalar at <c>/scalar</c>. The generator
/// describes the endpoints; the transformers here add what it cannot know (the introduction, which
/// reads a token personalises, the headers and statuses every route shares, examples), and the
/// document is built once per process and served with an <c>ETag</c>.
/// </summary>
public static partial class FeedOpenApi
{
    public const string BearerScheme = "Bearer";
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>The introduction; its words on the kinds come from the one list of kinds (<see cref="OpenApiIntroduction"/>).</summary>
    private static string Introduction => $$"""
        {{OpenApiIntroduction.Kinds()}}

        ## Sign in
        1. `POST /auth/register` with a name and a password (8 characters or more): the answer's `accessToken`
           goes in `Authorization: Bearer <accessToken>` (in Scalar: the **Authentication** box).
        2. Later, `POST /auth/token` with the same name and password gives a new token, in the same shape.

        Reads need no token (an empty `Authorization: Bearer` is none); with one, items also say `likedByMe` /
        `joinedByMe`. Writes need one.

        ## Scroll, and pull to refresh
        - `GET /feed` is the first page. Pass its `nextCursor` as `before` for the next older page; `nextCursor`
          is null only at the end of the feed (a short page is not the end). The same links are in the `Link` header.
        - Keep the first page's `refreshCursor`. Later, `GET /feed?after=<refreshCursor>` gives what arrived since,
          oldest-first pages of it, newest first in each; while `hasNewer` is true, ask again with the new `refreshCursor`.
        - Cursors are opaque and belong to the listing that issued them (`/feed?types=post`, `/games`, a game's members …).

        ## Items
        {{OpenApiIntroduction.Items()}}

        ## The wire
        - Errors are `application/problem+json` (RFC 9457); a 400's `errors` is keyed by the field or
          parameter name you sent (`title`, `limit` …). Timestamps are UTC with six fractional digits.
        - Reads carry a weak `ETag`: send it back as `If-None-Match` and an unchanged answer is `304` with no body.
        - `RateLimit` and `RateLimit-Policy` headers say how many requests are left; a `429` says when to come back (`Retry-After`).
        - Answers are compressed (Brotli or gzip) when `Accept-Encoding` asks.
        """;

    public static IHostApplicationBuilder AddFeedOpenApi(this IHostApplicationBuilder builder)
    {
        // A lambda: the XML-comment generator intercepts only this form.
        builder.Services.AddOpenApi(DocumentName, options => Configure(options));
        builder.Services.AddSingleton<OpenApiDocumentCache>();
        return builder;
    }

    private static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;

            // Timestamps go through FeedTimeJson (six fractional digits); a custom converter leaves the
            // generated schema without its type, so it is put back here.
            if (type == typeof(DateTime) || type == typeof(DateTime?))
            {
                schema.Type = type == typeof(DateTime) ? JsonSchemaType.String : JsonSchemaType.String | JsonSchemaType.Null;
                schema.Format = "date-time";
            }

            // An enum written by its names (JsonStringEnumConverter<T>) comes out with its values but no type: without
            // "type": "string", NSwag made an enum that System.Text.Json reads as a number, and failed on "ready".
            if (type.IsEnum && schema.Enum is { Count: > 0 } && schema.Type is null)
            {
                schema.Type = JsonSchemaType.String;
            }

            if (OpenApiExamples.Notes.Examples.TryGetValue(type, out var example))
            {
                schema.Examples = [OpenApiExamples.ToJson(example, type, JsonOptions(context.ApplicationServices))!];
            }

            return Task.CompletedTask;
        });

        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Feed API",
                Version = "v1",
                Summary = $"A newest-first, cursor-paged activity feed of {OpenApiIntroduction.Plurals}.",
                Description = Introduction,
                Contact = new OpenApiContact { Name = "The Feed team" },
                License = new OpenApiLicense { Name = "MIT", Identifier = "MIT" },
            };

            // Relative: clients resolve paths against the document's own URL. The generator's default
            // would echo the request's Host header (Host: evil.example → http://evil.example/).
            document.Servers = [new OpenApiServer { Url = "/", Description = "The server this document is served from" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A token from `POST /auth/token`, sent as `Authorization: Bearer <accessToken>`.",
            };

            foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            {
                tag.Description = OpenApiExamples.Notes.TagDescription(tag.Name ?? "");
            }

            DescribeProblems(document);
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            var endpoint = context.Description.ActionDescriptor.EndpointMetadata;
            var document = context.Document;
            operation.Security = Security(endpoint, context.Description, document);
            DescribeParameters(operation, context.Description.RelativePath ?? "");
            DescribeResponses(operation, context, document);
            return Task.CompletedTask;
        });

        options.AddDocumentTransformer((document, _, _) =>
        {
            PolymorphicSchemas.Simplify(document);
            UploadSchemas.Inline(document);
            return Task.CompletedTask;
        });
    }

    private static System.Text.Json.JsonSerializerOptions JsonOptions(IServiceProvider services) =>
        services.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
}
