using Feed.Api.Items;

namespace Feed.Api.Docs;

/// <summary>The example problem of each status, worded as the API words it.</summary>
public static partial class OpenApiExamples
{
    /// <summary>Not a status: the example of the 409 a repeat gets while the first request with its <c>Idempotency-Key</c> runs.</summary>
    public const int StillInProgress = -StatusCodes.Status409Conflict;

    // The 404's item: the newest example of the first kind, as if it had been deleted (its id + 1).
    private static ItemKind NotFound => ItemKinds.All[0];

    private const string TraceId = "00-3a03fbb3eab9fa23f7371a4c652843c6-f14bc397e54684da-00";

    /// <summary>The problem a status is answered with, as the API words it.</summary>
    public static ProblemDetails Problems(int status)
    {
        var problem = status switch
        {
            StatusCodes.Status400BadRequest => new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                ["title"] = ["title must have at most 128 characters."],
                ["body"] = ["body is required."],
            })
            { Title = "One or more validation errors occurred." },
            StatusCodes.Status401Unauthorized => Problem(
                "Unauthorized",
                "Sign in first: send 'Authorization: Bearer <accessToken>' with a token from POST /auth/token."),
            StatusCodes.Status403Forbidden => Problem(
                "Forbidden",
                "You may not do this to an item you did not write (only its author or an admin may)."),
            StatusCodes.Status404NotFound => Problem(
                "Not Found",
                $"There is no {NotFound.Name} with id {NotFound.Examples[0].Id + 1}."),
            StatusCodes.Status409Conflict => Problem(
                "Conflict",
                "The name 'jordan.lee' is taken. Choose another."),
            StillInProgress => Problem(
                "Still in progress",
                "The first request with this Idempotency-Key is still being processed. " +
                "Send it again in a moment to get its answer."),
            StatusCodes.Status410Gone => Problem(
                "Gone",
                "Changes older than 7 days are no longer kept. Reload the feed from its first page and start again without since."),
            StatusCodes.Status412PreconditionFailed => Problem(
                "Precondition Failed",
                "The post changed since the version If-Match names. Read it again (GET) and apply your edit to what it is now."),
            StatusCodes.Status415UnsupportedMediaType => Problem(
                "The request could not be read",
                "Send the body as JSON: Content-Type: application/json."),
            StatusCodes.Status422UnprocessableEntity => Problem(
                "Idempotency-Key reused",
                "This Idempotency-Key was used for a different request (another route or body) in the last 24 hours. " +
                "Use a new key for a new request."),
            StatusCodes.Status413PayloadTooLarge => Problem(
                "Content Too Large",
                "The body is larger than this service accepts (131072 bytes)."),
            StatusCodes.Status429TooManyRequests => Problem(
                "Too many requests",
                "This address sent more requests than the service allows. Try again in 2 s."),
            StatusCodes.Status503ServiceUnavailable => Problem(
                "The database is unavailable",
                "The feed's database cannot be reached right now. Try again in 5 s."),
            _ => new ProblemDetails { Title = Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) },
        };
        problem.Status = Math.Abs(status);
        problem.Type ??= status switch
        {
            StatusCodes.Status400BadRequest => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            StatusCodes.Status401Unauthorized => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            StatusCodes.Status403Forbidden => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
            StatusCodes.Status404NotFound => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
            StatusCodes.Status409Conflict or StillInProgress => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
            StatusCodes.Status410Gone => "https://tools.ietf.org/html/rfc9110#section-15.5.11",
            StatusCodes.Status412PreconditionFailed => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
            StatusCodes.Status415UnsupportedMediaType => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
            StatusCodes.Status422UnprocessableEntity => "https://tools.ietf.org/html/rfc4918#section-11.2",
            StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            _ => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        };
        problem.Extensions["traceId"] = TraceId;
        return problem;
    }

    private static ProblemDetails Problem(string title, string detail) => new() { Title = title, Detail = detail };
}
