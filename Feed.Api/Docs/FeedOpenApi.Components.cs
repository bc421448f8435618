using System.Net;
using Feed.Api.Paging;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace Feed.Api.Docs;

/// <summary>
/// The document's shared components: the headers every answer may carry, each status's example
/// problem, and the problem schemas as the API writes them.
/// </summary>
public static partial class FeedOpenApi
{
    private static readonly Dictionary<string, OpenApiHeader> SharedHeaders = new()
    {
        ["RateLimit"] = new OpenApiHeader
        {
            Description = "What is left of the caller's rate limit after this request (IETF draft-ietf-httpapi-ratelimit-headers): " +
                "`r` requests, full again in `t` seconds.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = "\"anonymous\";r=187;t=1",
        },
        ["RateLimit-Policy"] = new OpenApiHeader
        {
            Description = "The caller's rate limit: a bucket of `q` requests that refills in `w` seconds.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = "\"anonymous\";q=200;w=5",
        },
        ["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before trying again.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            Example = 2,
        },
        ["Location"] = new OpenApiHeader
        {
            Description = "Where the new resource is read (a GET that answers 200).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
            Example = "/posts/1042",
        },
        ["ETag"] = new OpenApiHeader
        {
            Description = "A weak tag of this answer as this caller sees it (responses vary by `Authorization`). " +
                "Send it back as `If-None-Match`.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = ExampleTag,
        },
        ["Idempotent-Replayed"] = new OpenApiHeader
        {
            Description = "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`: " +
                "the work was not done again. Absent on a first answer.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("true")] },
            Example = "true",
        },
        ["Link"] = new OpenApiHeader
        {
            Description = "RFC 8288 links to the next older page (`rel=\"next\"`, while there is one) " +
                "and to pull to refresh (`rel=\"prev\"`), the same cursors as the body's.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Example = $"</feed?before={OpenApiExamples.ExampleCursor}>; rel=\"next\"",
        },
    };

    /// <summary>
    /// A reference to one of <see cref="SharedHeaders"/>, put in the document's components on first
    /// use (every response has the rate-limit headers).
    /// </summary>
    private static OpenApiHeaderReference SharedHeader(OpenApiDocument? document, string name)
    {
        document!.Components ??= new OpenApiComponents();
        document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
        document.Components.Headers.TryAdd(name, SharedHeaders[name]);
        return new OpenApiHeaderReference(name, document);
    }

    /// <summary>The shared headers an answer with <paramref name="status"/> may carry.</summary>
    private static IEnumerable<string> HeadersFor(string status, bool conditional, bool idempotent, ApiDescription description)
    {
        yield return "RateLimit";
        yield return "RateLimit-Policy";
        if (status is "429" or "503")
        {
            yield return "Retry-After";
        }

        if (status is "201" or "202")
        {
            yield return "Location";
        }

        if (idempotent && status.StartsWith('2'))
        {
            yield return "Idempotent-Replayed";
        }

        // An edit answers the item with its new tag, and so does a new item: the next edit's If-Match needs no read first.
        var answersAnItem = description.HttpMethod != HttpMethods.Get && description.SupportedResponseTypes
            .Any(r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) == status && r.Type is { } t
                && OpenApiExamples.Notes.IsPersonalised(t));
        if (answersAnItem && status is "200" or "201")
        {
            yield return "ETag";
        }

        if (status == "200" && conditional)
        {
            yield return "ETag";
        }

        // A 304 keeps the headers the 200 would have had: a page's links too.
        if (status is "200" or "304" && conditional && description.SupportedResponseTypes.Any(r => r.Type is { IsGenericType: true } t
            && t.GetGenericTypeDefinition() == typeof(FeedPage<>)))
        {
            yield return "Link";
        }
    }

    private static string ProblemExampleName(int status) =>
        status == OpenApiExamples.StillInProgress ? "StillInProgress" : ((HttpStatusCode)status).ToString();

    /// <summary>A reference to the problem a status is answered with, put in the document's components on first use.</summary>
    private static OpenApiExampleReference ProblemExample(OpenApiDocument? document, int status, IServiceProvider services)
    {
        var name = ProblemExampleName(status);
        var problemType = status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails);
        document!.Components ??= new OpenApiComponents();
        document.Components.Examples ??= new Dictionary<string, IOpenApiExample>();
        document.Components.Examples.TryAdd(name, new OpenApiExample
        {
            Summary = status == OpenApiExamples.StillInProgress
                ? "409 Still in progress"
                : $"{status} {ReasonPhrases.GetReasonPhrase(status)}",
            Value = OpenApiExamples.ToJson(OpenApiExamples.Problems(status), problemType, JsonOptions(services)),
        });
        return new OpenApiExampleReference(name, document);
    }

    /// <summary>Problem details as the API writes them: with the request's <c>traceId</c> (and, for a 400, <c>errors</c>).</summary>
    private static void DescribeProblems(OpenApiDocument document)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        foreach (var name in new[] { nameof(ProblemDetails), nameof(HttpValidationProblemDetails) })
        {
            if (schemas.TryGetValue(name, out var schema) && schema is OpenApiSchema problem)
            {
                problem.Description = name == nameof(ProblemDetails)
                    ? "An error (RFC 9457). `detail` says what went wrong in words for a person; " +
                        "`traceId` finds the request in the service's logs."
                    : "A request that is not valid (RFC 9457): `errors` maps each field or parameter at fault, " +
                        "by the name you sent, to what is wrong with it.";
                problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
                problem.Properties["title"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "What went wrong, the same for every occurrence.",
                };
                problem.Properties["status"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Integer,
                    Format = "int32",
                    Description = "The HTTP status.",
                };
                problem.Properties["traceId"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The W3C trace id of the request.",
                };
                problem.Required ??= new HashSet<string>();
                problem.Required.Add("title");
                problem.Required.Add("status");
                problem.Required.Add("traceId");
                if (name == nameof(HttpValidationProblemDetails))
                {
                    problem.Required.Add("errors");
                }
            }
        }
    }
}
