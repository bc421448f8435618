using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Feed.Api.Plumbing.Problems;

/// <summary>
/// Requests the framework cannot bind (a malformed JSON body, <c>limit=abc</c>, a wrong content
/// type) arrive as <see cref="BadHttpRequestException"/>: answered as 400 (or its own 4xx)
/// problem+json that says what was wrong — for a query parameter, in <c>errors</c> under the
/// parameter's name, as validation does — never as a 500.
/// </summary>
public sealed partial class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var binding = FailedBinding().Match(badRequest.Message);
        if (binding.Success)
        {
            var name = binding.Groups["name"].Value;
            var parameter = char.ToLowerInvariant(name[0]) + name[1..];
            var value = binding.Groups["value"].Value;
            await TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [parameter] = [$"'{value}' is not a valid value for {parameter}."] },
                detail: $"The query parameter {parameter} could not be read.").ExecuteAsync(httpContext);
            return true;
        }

        if (badRequest.StatusCode == StatusCodes.Status400BadRequest)
        {
            var (key, message) = Unreadable(badRequest.InnerException);
            var errors = new Dictionary<string, string[]> { [key] = [message] };
            await TypedResults.ValidationProblem(errors, title: "The request could not be read").ExecuteAsync(httpContext);
            return true;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = "The request could not be read",
                Detail = badRequest.StatusCode == StatusCodes.Status415UnsupportedMediaType
                    ? "Send the body as JSON: Content-Type: application/json."
                    : badRequest.Message,
            },
        });
    }

    /// <summary>
    /// A body that cannot be read: the error keyed by the field at fault when the JSON names it
    /// ("$" for the whole body).
    /// </summary>
    private static (string Key, string Message) Unreadable(Exception? reason)
    {
        if (reason is JsonException { Path: { Length: > 2 } path } json && path.StartsWith("$.", StringComparison.Ordinal))
        {
            var field = path[2..].Split('.', '[')[0];
            var where = json.LineNumber is { } line ? $" (line {line + 1})" : "";
            return (field, $"{field} has a value of the wrong type{where}.");
        }

        return reason is JsonException { LineNumber: { } at }
            ? ("$", $"The body is not valid JSON (line {at + 1}). Send a JSON object as the request schema shows.")
            : ("$", "The body is missing or is not a JSON object. Send a JSON object as the request schema shows.");
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial Regex FailedBinding();
}
