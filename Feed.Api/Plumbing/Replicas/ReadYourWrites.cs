using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Feed.Api.Plumbing.Replicas;

/// <summary>
/// With a read replica: a signed-in caller's write (any method but GET and HEAD) is noted before it
/// runs, so that the reads they send next, for <see cref="DatabaseOptions.ReadYourWritesWindow"/>,
/// go to the primary (<see cref="RecentWriters"/>); so do the reads of a token issued within the
/// window (a new user's sign-up, on whichever instance took it). Without a replica there is nothing to do.
/// </summary>
public static class ReadYourWrites
{
    public static IApplicationBuilder UseReadYourWrites(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetService<RecentWriters>() is not { } writers)
        {
            return app;
        }

        return app.Use((http, next) =>
        {
            if (http.User.FeedUserId() is { } user)
            {
                if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
                {
                    writers.Note(user);
                }
                else if (writers.WroteRecently(user) || TokenIssuedRecently(http, writers))
                {
                    http.RequestServices.GetRequiredService<ReadConsistency>().FromPrimary = true;
                }
            }

            return next(http);
        });
    }

    private static bool TokenIssuedRecently(HttpContext http, RecentWriters writers) =>
        long.TryParse(http.User.FindFirst(JwtRegisteredClaimNames.Iat)?.Value, out var issuedAt) && writers.IssuedRecently(issuedAt);
}
