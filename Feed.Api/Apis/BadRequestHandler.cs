using Microsoft.AspNetCore.Diagnostics;

namespace Feed.Api.Apis;

/// <summary>
/// Requests the framework cannot bind (a malformed JSON body, <c>limit=abc</c>, a wrong content
/// type) arrive as <see cref="BadHttpRequestException"/>: answered as 400 (or its own 4xx)
/// problem+json whose detail says what was wrong, never as a 500.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
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
}
