using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Feed.Api.Hosting;

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
            await TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [parameter] = [$"'{binding.Groups["value"].Value}' is not a valid value for {parameter}."] },
                detail: $"The query parameter {parameter} could not be read.").ExecuteAsync(httpContext);
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
                Detail = badRequest.Message,
            },
        });
    }

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial Regex FailedBinding();
}
