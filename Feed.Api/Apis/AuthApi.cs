using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Feed.Api.Apis;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class AuthOptions
{
    /// <summary>HMAC-SHA256 key for bearer tokens, at least 32 characters. Every instance shares it, so tokens work on all of them.</summary>
    [Required, MinLength(32)]
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "feed";

    public string Audience { get; set; } = "feed";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey));
}

public sealed record SignInRequest(
    [property: Required, MinLength(FeedRules.UserNameMinLength), MaxLength(FeedRules.UserNameMaxLength)] string Name,
    [property: Required, MinLength(AuthApi.PasswordMinLength), MaxLength(AuthApi.PasswordMaxLength)] string Password);

public sealed record TokenResponse(
    [property: Description("Send as `Authorization: Bearer <accessToken>`.")] string AccessToken,
    string TokenType,
    [property: Description("Seconds until the token expires.")] long ExpiresIn);

public sealed record UserResponse(long Id, string Name);

/// <summary>
/// Sign-up and sign-in. Passwords are hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>;
/// tokens are JWTs signed with a shared key, so any instance accepts any instance's token.
/// </summary>
public static class AuthApi
{
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;

    public static IHostApplicationBuilder AddFeedAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration("Auth").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
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
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Auth");

        group.MapPost("/register", Register)
            .WithName(nameof(Register))
            .WithSummary("Sign up")
            .WithDescription($"Creates a user. Names are {FeedRules.UserNameMinLength}–{FeedRules.UserNameMaxLength} characters and unique; passwords {PasswordMinLength}–{PasswordMaxLength}.")
            .ProducesValidationProblem();

        group.MapPost("/token", SignIn)
            .WithName(nameof(SignIn))
            .WithSummary("Sign in")
            .WithDescription("Trades a name and password for a bearer token. Every write endpoint needs one.")
            .ProducesValidationProblem();

        return group;
    }

    public static async Task<Results<Created<UserResponse>, ConflictProblem>> Register(
        SignInRequest request, FeedDbContext db, IPasswordHasher<User> hasher, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await CreateUserAsync(db, hasher, request.Name, request.Password, isAdmin: false, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return user is null
            ? Problems.Conflict($"The name '{request.Name}' is taken. Choose another.")
            : TypedResults.Created($"/users/{user.Id}", new UserResponse(user.Id, user.Name));
    }

    public static async Task<Results<Ok<TokenResponse>, UnauthorizedHttpResult>> SignIn(
        SignInRequest request, FeedDbContext db, IPasswordHasher<User> hasher, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Name == request.Name, cancellationToken);
        if (user?.PasswordHash is null || hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
        {
            return TypedResults.Unauthorized();
        }

        var auth = options.Value;
        var token = IssueToken(user, auth, clock.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (long)auth.TokenLifetime.TotalSeconds));
    }

    /// <summary>A signed bearer token for <paramref name="user"/>: its id, name and (for admins) role.</summary>
    public static string IssueToken(User user, AuthOptions auth, DateTime now)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(JwtRegisteredClaimNames.Name, user.Name),
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

    /// <summary>Creates a user with a hashed password; null when the name is taken. The <c>create-user</c> verb uses it too.</summary>
    public static async Task<User?> CreateUserAsync(
        FeedDbContext db, IPasswordHasher<User> hasher, string name, string password, bool isAdmin, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Name == name, cancellationToken))
        {
            return null;
        }

        var user = new User(name, now, isAdmin);
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return user;
        }
        catch (DbUpdateException)
        {
            // Someone may have taken the name between the check and the insert: the unique index said no.
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AnyAsync(u => u.Name == name, cancellationToken))
            {
                return null;
            }

            throw;
        }
    }
}
