using Microsoft.AspNetCore.Authentication;

namespace Feed.Api.Plumbing.Identity;

public static class InvalidTokens
{
    /// <summary>
    /// A token that does not validate (expired, tampered, signed by another key) is a 401 on every
    /// route, reads included: treated as anonymous, an app would show "not liked" everywhere instead
    /// of signing in again. Sign-in and sign-up ignore whatever token is attached.
    /// </summary>
    public static IApplicationBuilder UseRejectInvalidTokens(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var invalidToken = http.Request.Headers.Authorization.Count > 0 && http.User.Identity?.IsAuthenticated != true;
        if (invalidToken && !http.Request.Path.StartsWithSegments("/auth"))
        {
            await http.ChallengeAsync();
            return;
        }

        await next(http);
    });
}
