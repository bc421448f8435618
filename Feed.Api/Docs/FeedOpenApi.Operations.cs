using Feed.Api.Data;
using Feed.Api.Plumbing.ConditionalGets;
using Feed.Api.Plumbing.Documentation;
using Feed.Api.Plumbing.Idempotency;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Feed.Api.Docs;

/// <summary>
/// What each operation says beyond what the generator knows: who may call it, its parameters'
/// meaning, the statuses and headers it may answer.
/// </summary>
public static partial class FeedOpenApi
{
    /// <summary>
    /// Writes need a token. A read that answers items is personalised by one (<c>likedByMe</c>,
    /// <c>joinedByMe</c>) but works without: optional, <c>[{}, {Bearer}]</c>. Other reads and
    /// sign-in take none: <c>[]</c>.
    /// </summary>
    private static List<OpenApiSecurityRequirement> Security(IList<object> endpoint, ApiDescription description, OpenApiDocument? document)
    {
        var bearer = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] };
        if (endpoint.OfType<IAuthorizeData>().Any())
        {
            return [bearer];
        }

        var answersItems = description.SupportedResponseTypes.Any(r => r.Type is { } t && OpenApiExamples.Notes.IsPersonalised(t));
        return answersItems ? [new OpenApiSecurityRequirement(), bearer] : [];
    }

    private static void DescribeParameters(OpenApiOperation operation, string path)
    {
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            switch (parameter.Name)
            {
                case "id" when parameter.In == ParameterLocation.Path && OpenApiExamples.Notes.PathIdOf(path) is { } id:
                    parameter.Description = id.Description;
                    parameter.Example = id.Example;
                    break;
                case "before" or "after" when operation.Parameters!.Count(p => p.Name is "before" or "after") > 1:
                    // Scalar sends every example it fills in, and a page takes one cursor: shown, not switched on.
                    SwitchedOff.Example(parameter, OpenApiExamples.CursorFor(path), "A cursor this listing issued");
                    break;
                case "before" or "after":
                    parameter.Example = OpenApiExamples.CursorFor(path);
                    break;
                case { } name when OpenApiExamples.Notes.ParameterNote(name) is { } describe:
                    describe(parameter);
                    break;
            }

            parameter.Required |= parameter.In == ParameterLocation.Query && OpenApiExamples.Notes.IsRequired(path, parameter.Name ?? "");
        }

        foreach (var header in OpenApiExamples.Notes.RequestHeadersOf(path))
        {
            AddHeaderParameter(operation, header.Name, header.Description, header.Example);
        }
    }

    private static void DescribeResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, OpenApiDocument? document)
    {
        var endpoint = context.Description.ActionDescriptor.EndpointMetadata;
        var isGet = context.Description.HttpMethod == HttpMethods.Get;
        var path = context.Description.RelativePath ?? "";
        var secured = endpoint.OfType<IAuthorizeData>().Any();
        operation.Responses ??= [];

        // Answers any operation may give, whatever its handler does: the rate limit, an unreachable
        // database, and (with a body) Kestrel's body-size limit.
        AddProblem(operation, document, StatusCodes.Status429TooManyRequests,
            "Too many requests: this user (or, anonymous, this address) is over its rate limit. Wait `Retry-After` seconds.");
        AddProblem(operation, document, StatusCodes.Status503ServiceUnavailable,
            "The database cannot be reached. Try again after `Retry-After` seconds; " +
            "a write may have been saved if the connection was lost while saving.");
        if (operation.RequestBody is not null)
        {
            AddProblem(operation, document, StatusCodes.Status413PayloadTooLarge,
                "The body is larger than the limit (`Kestrel:Limits:MaxRequestBodySize`, 128 KiB by default).");
            AddProblem(operation, document, StatusCodes.Status415UnsupportedMediaType,
                "The body is not sent as JSON (`Content-Type: application/json`).");
        }

        // Every route but sign-in and sign-up (which ignore it) refuses a token that is not valid, reads included:
        // treated as anonymous, an app would show "not liked" everywhere instead of signing in again.
        if (!path.StartsWith("auth/", StringComparison.Ordinal))
        {
            AddProblem(operation, document, StatusCodes.Status401Unauthorized, secured
                ? "No valid token: sign in first (a token that is malformed, expired or of a deleted user is refused too)."
                : "The `Authorization` header carries a token that is not valid (malformed, expired, or of a user who no " +
                    "longer exists): sign in again, or send no token, as this operation works without one.");
        }

        // An id that is not a number (or out of range) matches no route: 404, as an id that names nothing.
        if ((operation.Parameters ?? []).Any(p => p.In == ParameterLocation.Path))
        {
            AddProblem(operation, document, StatusCodes.Status404NotFound, "Nothing has this id.");
        }

        var streams = false;
        if (operation.Responses.TryGetValue("200", out var ok) && ok.Content?.TryGetValue("text/event-stream", out var events) == true
            && OpenApiExamples.Notes.EventStream is { } stream)
        {
            events.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = stream.Description };
            events.Example = stream.Example(JsonOptions(context.ApplicationServices));
            streams = true;
        }

        // A stream never ends, so it has no tag to compare: no ETag, no 304.
        var conditional = isGet && !streams && endpoint.OfType<ConditionalGetMetadata>().Any();
        if (conditional)
        {
            AddHeaderParameter(operation, "If-None-Match",
                "The `ETag` of the answer you have: when it is still current, the answer is `304` with no body.", ExampleTag);
            operation.Responses["304"] = new OpenApiResponse
            {
                Description = "Not modified: the `ETag` sent in `If-None-Match` is still current. No body.",
                Headers = new Dictionary<string, IOpenApiHeader> { ["ETag"] = SharedHeader(document, "ETag") },
            };
        }

        var idempotent = !isGet && endpoint.OfType<IdempotentWriteMetadata>().Any() && secured;
        if (idempotent)
        {
            AddHeaderParameter(
                operation,
                IdempotentWrites.Header,
                "Makes a retry safe: a repeat with the same key (by the same user, within 24 h) gets the first answer again, " +
                    "marked `Idempotent-Replayed: true`, without doing the work twice. " +
                    "1–255 visible ASCII characters; a UUID is a good choice. A user's oldest keys are evicted past 1,000; " +
                    "an answer over 16 KiB replays its status and `Location` with an empty body (read the resource).",
                "7f3c2a9e-58b1-4d0e-9a61-2f4d5c8b1e07",
                IdempotentRequest.KeyMaxLength,
                "^[!-~]+$");
            AddProblem(operation, document, StatusCodes.Status422UnprocessableEntity,
                "The `Idempotency-Key` was already used for a different request.");
            AddProblem(operation, document, StatusCodes.Status409Conflict,
                "The first request with this `Idempotency-Key` is still running: send it again in a moment.");
            AddProblem(operation, document, StatusCodes.Status400BadRequest,
                "The request is not valid: `errors` names each field, parameter or header at fault (`Idempotency-Key` included).",
                nameof(HttpValidationProblemDetails));
        }

        if (context.Description.HttpMethod == HttpMethods.Patch)
        {
            AddHeaderParameter(operation, "If-Match",
                "The `ETag` you read: when the item changed since, the edit is refused with `412`. Without it, the last edit wins.",
                ExampleTag);
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            foreach (var name in HeadersFor(status, conditional, idempotent, context.Description))
            {
                concrete.Headers.TryAdd(name, SharedHeader(document, name));
            }

            if (int.TryParse(status, out var code) && concrete.Content?.TryGetValue("application/problem+json", out var problem) == true)
            {
                // A 409 is a taken name at sign-up, an unfinished first request elsewhere.
                var example = code == StatusCodes.Status409Conflict && context.Description.RelativePath != "auth/register"
                    ? OpenApiExamples.StillInProgress
                    : code;
                problem.Examples = new Dictionary<string, IOpenApiExample>
                {
                    [ProblemExampleName(example)] = ProblemExample(document, example, context.ApplicationServices),
                };
                concrete.Description = code switch
                {
                    400 when concrete.Description == "Bad Request" =>
                        "The request is not valid: `errors` names each field or parameter at fault.",
                    401 => concrete.Description == "Unauthorized" ? "No valid token: sign in first." : concrete.Description,
                    404 => "Nothing has this id.",
                    409 when concrete.Description == "Conflict" => "The name is taken.",
                    _ => concrete.Description,
                };
            }
        }
    }

    private const string ExampleTag = "W/\"F60nCJm6WoIBjCR3lAwcQQ\"";

    /// <summary>A request header the operation reads: a string, with its meaning and an example that a first click does not send.</summary>
    private static void AddHeaderParameter(
        OpenApiOperation operation, string name, string description, string example, int? maxLength = null, string? pattern = null)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength, Pattern = pattern },
        });

        // Shown, not sent by a first click: a fixed key would replay, an old tag would answer 304 or 412.
        SwitchedOff.Example((OpenApiParameter)operation.Parameters[^1], example);
    }

    /// <summary>A problem the operation may answer, unless the operation already lists that status.</summary>
    private static void AddProblem(
        OpenApiOperation operation, OpenApiDocument? document, int status, string description, string schema = nameof(ProblemDetails)) =>
        operation.Responses!.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, document) },
            },
        });
}
