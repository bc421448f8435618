using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Primitives;

namespace Feed.Api.Plumbing.Identity;

public static class InvalidTokens
{
    /// <summary>
    /// A token that does not validate (expired, tampered, signed by another key) is a 401 on every
    /// route, reads included: treated as anonymous, an app would show "not liked" everywhere instead
    /// of signing in again. Sign-in and sign-up ignore whatever token is attached. An empty bearer
    /// (<c>Authorization: Bearer</c> and nothing after it, which API explorers such as Scalar send
    /// when no token was entered) carries no token at all: anonymous, as with no header.
    /// </summary>
    public static IApplicationBuilder UseRejectInvalidTokens(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var invalidToken = CarriesToken(http.Request.Headers.Authorization) && http.User.Identity?.IsAuthenticated != true;
        if (invalidToken && !http.Request.Path.StartsWithSegments("/auth"))
        {
            await http.ChallengeAsync();
            return;
        }

        await next(http);
    });

    /// <summary>Whether any <c>Authorization</c> value holds more than blanks or the bare word <c>Bearer</c>.</summary>
    public static bool CarriesToken(StringValues authorization) => authorization.Any(value =>
        value?.Trim() is { Length: > 0 } trimmed && !trimmed.Equals("Bearer", StringComparison.OrdinalIgnoreCase));
}
