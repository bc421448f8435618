using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
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

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>
    /// HMAC-SHA256 key for bearer tokens, at least 32 characters. Every instance shares it, so tokens work on all of them.
    /// </summary>
    [Required, MinLength(32)]
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "feed";

    public string Audience { get; set; } = "feed";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How far the clocks of the instance that issued a token and the one reading it may differ:
    /// an expired token, or one not valid yet, is accepted this much beyond its time (the framework's default is 5 minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey));
}

/// <summary>
/// Bearer tokens: JWTs signed with a key every instance shares, so any instance accepts any
/// instance's token. Reads are anonymous; writes need a token from <c>POST /auth/token</c>.
/// </summary>
public static class Tokens
{
    /// <summary>The claim that carries the user's <see cref="User.SecurityStamp"/>.</summary>
    public const string StampClaim = "stamp";

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

    /// <summary>
    /// A write is done by the user the token names as that user is now: a token whose user is gone,
    /// or whose stamp is not the user's current one (password or role changed, the user made again
    /// under the same id), is refused with 401, and an admin's rights come from the database, not
    /// from the token. An account being deleted has a new stamp, so its tokens write nothing; only a retried
    /// <c>DELETE /me</c> passes, to be answered as the first was. Reads skip the check: they stay one SQL command, and a token only changes
    /// their likedByMe and joinedByMe flags.
    /// </summary>
    private static async Task RefuseStaleOnWritesAsync(TokenValidatedContext context)
    {
        var method = context.HttpContext.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
        {
            return;
        }

        var principal = context.Principal!;
        var stamp = principal.FindFirstValue(StampClaim);
        var db = context.HttpContext.RequestServices.GetRequiredService<FeedDbContext>();
        var userId = principal.FeedUserId();
        var user = userId is null ? null : await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.SecurityStamp, u.IsAdmin, u.DeletedAt })
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (user is { DeletedAt: not null } && HttpMethods.IsDelete(method) && context.HttpContext.Request.Path == "/me")
        {
            return; // a retried DELETE /me of an account being deleted: its endpoint answers it (the password is asked again)
        }

        if (user is null || stamp != user.SecurityStamp)
        {
            context.Fail("The token's user no longer exists, or has changed since the token was issued.");
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

    /// <summary>A signed bearer token for <paramref name="user"/>: its id, name and (for admins) role.</summary>
    public static string Issue(User user, AuthOptions auth, DateTime now)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(JwtRegisteredClaimNames.Name, user.Name),
            new(StampClaim, user.SecurityStamp),
        };
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
            Expires = now + auth.TokenLifetime,
            SigningCredentials = new SigningCredentials(auth.Key(), SecurityAlgorithms.HmacSha256),
        });
    }

}
