using Feed.Api.Data;

namespace Feed.Api.Plumbing.Idempotency;

/// <summary>The first answer again, marked <c>Idempotent-Replayed: true</c>.</summary>
public sealed class IdempotentReplay(IdempotentRequest first, int status) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.Headers["Idempotent-Replayed"] = "true";
        if (first.Location is not null)
        {
            response.Headers.Location = first.Location;
        }

        if (first.ResponseBody is not null)
        {
            response.ContentType = first.ContentType;
            response.ContentLength = first.ResponseBody.Length;
            await response.Body.WriteAsync(first.ResponseBody, httpContext.RequestAborted);
        }
    }
}
