using System.Globalization;
using System.Security.Claims;
using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Domain;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Feed.Api.Users;

/// <summary>
/// Bearer (access) tokens: short-lived JWTs signed with a key every instance shares, so any instance accepts any
/// instance's token. Each belongs to a <see cref="Session"/> (claim <c>sid</c>). Reads are anonymous; writes need a token
/// from <c>POST /auth/token</c> (or <c>POST /auth/refresh</c>).
/// </summary>
public static class Tokens
{
    /// <summary>The claim that carries the user's <see cref="User.SecurityStamp"/>.</summary>
    public const string StampClaim = "stamp";

    /// <summary>The claim that carries the token's <see cref="Session"/> id.</summary>
    public const string SessionClaim = "sid";

    public static IHostApplicationBuilder AddFeedAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        builder.Services.AddSingleton<SignInGuard>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = auth.Value.Key(),
                    NameClaimType = JwtRegisteredClaimNames.Name,
                    RoleClaimType = "role",
                    ClockSkew = auth.Value.ClockSkew,
                };
                jwt.Events = new JwtBearerEvents { OnTokenValidated = RefuseStaleOnWritesAsync };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The session the caller's token belongs to, or null (anonymous, or a token from before sessions).</summary>
    public static long? SessionId(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(SessionClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// A write is done by the user the token names as that user is now, in a session still open: a token whose user is
    /// gone, whose stamp is not the user's current one (password or role changed, the user made again under the same id),
    /// whose session was revoked (signed out, a password change, a refresh token reused), or that carries no session
    /// (issued before sessions existed) is refused with 401; an admin's rights come from the database, not from the
    /// token. One query. An account being deleted has a new stamp, so its tokens write nothing; only a retried
    /// <c>DELETE /me</c> passes, to be answered as the first was. Reads skip the check: they stay one SQL command, so a
    /// revoked session's access token still reads until it expires (<see cref="AuthOptions.AccessTokenLifetime"/>), and
    /// only changes likedByMe and joinedByMe there.
    /// Signing out (<see cref="EndsOwnSession"/>) skips it too: it only ever revokes the token's own session.
    /// </summary>
    private static async Task RefuseStaleOnWritesAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || http.GetEndpoint()?.Metadata.GetMetadata<EndsOwnSession>() is not null)
        {
            return;
        }

        var principal = context.Principal!;
        if (principal.SessionId() is not { } sessionId)
        {
            context.Fail("The token was issued before sessions existed. Sign in again.");
            return;
        }

        var stamp = principal.FindFirstValue(StampClaim);
        var db = http.RequestServices.GetRequiredService<FeedDbContext>();
        var userId = principal.FeedUserId();
        var user = userId is null ? null : await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new
            {
                u.SecurityStamp,
                u.IsAdmin,
                u.DeletedAt,
                Live = db.Sessions.Any(s => s.Id == sessionId && s.UserId == u.Id && s.RevokedAt == null),
            })
            .SingleOrDefaultAsync(http.RequestAborted);
        if (user is { DeletedAt: not null } && http.GetEndpoint()?.Metadata.GetMetadata<AnswersDeletedAccount>() is not null)
        {
            return; // a retried DELETE /me of an account being deleted: its endpoint answers it (the password is asked again)
        }

        if (user is null || stamp != user.SecurityStamp || !user.Live)
        {
            context.Fail("The token's user no longer exists, has changed since the token was issued, or its session was revoked.");
            return;
        }

        var identity = (ClaimsIdentity)principal.Identity!;
        foreach (var role in identity.FindAll(identity.RoleClaimType).ToList())
        {
            identity.RemoveClaim(role);
        }

        if (user.IsAdmin)
        {
            identity.AddClaim(new Claim(identity.RoleClaimType, CurrentUser.AdminRole));
        }
    }

    /// <summary>
    /// A signed access token for <paramref name="user"/> in session <paramref name="sessionId"/>: their id, name, stamp,
    /// session and (for admins) role. Without a session it reads but cannot write.
    /// </summary>
    public static string Issue(User user, long? sessionId, AuthOptions auth, DateTime now)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(JwtRegisteredClaimNames.Name, user.Name),
            new(StampClaim, user.SecurityStamp),
        };
        if (sessionId is { } sid)
        {
            claims.Add(new Claim(SessionClaim, sid.ToString(CultureInfo.InvariantCulture)));
        }

        if (user.IsAdmin)
        {
            claims.Add(new Claim("role", CurrentUser.AdminRole));
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(auth.Key(), SecurityAlgorithms.HmacSha256),
        });
    }
}

/// <summary>Endpoint metadata: the endpoint ends the token's own session, so a revoked or stale session may call it.</summary>
public sealed class EndsOwnSession;

/// <summary>
/// Endpoint metadata: the endpoint answers a token of an account being deleted itself (a retried <c>DELETE /me</c>, which
/// asks for the password again), where every other write refuses it.
/// </summary>
public sealed class AnswersDeletedAccount;
