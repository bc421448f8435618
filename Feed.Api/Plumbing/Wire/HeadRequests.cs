
namespace Feed.Api.Plumbing.Wire;

/// <summary>
/// HEAD on every GET route (RFC 9110: the same status and headers as GET, no body): minimal APIs
/// map GET only, so a HEAD is served as the GET it stands for, with its body thrown away.
/// </summary>
public static class HeadRequests
{
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await next(http);
                return;
            }

            http.Request.Method = HttpMethods.Get;
            var body = http.Response.Body;
            http.Response.Body = Stream.Null;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = body;
                http.Request.Method = HttpMethods.Head;
            }
        });
        return app;
    }
}
