using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feed.Api.Data;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Feed.Api.Users;

public sealed record RegisterRequest(
    [property: Required, MinLength(FeedRules.UserNameMinLength), MaxLength(FeedRules.UserNameMaxLength)] string Name,
    [property: Required, MinLength(UserAccounts.PasswordMinLength), MaxLength(UserAccounts.PasswordMaxLength)] string Password);

// No length rules here on purpose: a name or password that could never exist is just a wrong one,
// answered 401 like any other (the sign-up policy is not checked at sign-in).

/// <summary>A name and password to sign in with; one that does not match a user is a 401.</summary>
public sealed record SignInRequest([property: Required] string Name, [property: Required] string Password);

public sealed record TokenResponse(
    [property: Description("Send as `Authorization: Bearer <accessToken>`. Short-lived: refresh it with `refreshToken`.")]
    string AccessToken,
    string TokenType,
    [property: Description("Seconds until the access token expires.")] long ExpiresIn,
    [property: Description("Trade it for new tokens at `POST /auth/refresh` before `refreshExpiresIn` runs out. " +
        "Each refresh replaces it: keep only the newest. Keep it secret (it stays signed in for weeks).")] string RefreshToken,
    [property: Description("Seconds until the refresh token expires if it is not used; each refresh starts them again.")]
    long RefreshExpiresIn);

/// <summary>
/// Sign-up's answer: tokens in the shape of <c>POST /auth/token</c>'s (the new user is signed in), and who was made.
/// </summary>
public sealed record SignedUpResponse(
    [property: Description("Send as `Authorization: Bearer <accessToken>`. Short-lived: refresh it with `refreshToken`.")]
    string AccessToken,
    string TokenType,
    [property: Description("Seconds until the access token expires.")] long ExpiresIn,
    [property: Description("Trade it for new tokens at `POST /auth/refresh`; each refresh replaces it.")] string RefreshToken,
    [property: Description("Seconds until the refresh token expires if it is not used.")] long RefreshExpiresIn,
    [property: Description("The new user's id: their profile is at `Location`.")] long Id,
    [property: Description("The name as stored (trimmed and normalised).")] string Name);

/// <summary>Sign-up and sign-in over HTTP (accounts: <see cref="UserAccounts"/>; tokens: <see cref="Tokens"/>).</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Auth");

        group.MapPost("/register", Register)
            .WithName(nameof(Register))
            .WithSummary("Sign up")
            .WithDescription(
                $"Creates a user and signs them in (a new session): the answer carries tokens as `POST /auth/token`'s does. " +
                $"Names are {FeedRules.UserNameMinLength}–{FeedRules.UserNameMaxLength} characters and unique; " +
                $"passwords {UserAccounts.PasswordMinLength}–{UserAccounts.PasswordMaxLength}.")
            .ProducesValidationProblem();

        group.MapPost("/token", SignIn)
            .WithName(nameof(SignIn))
            .WithSummary("Sign in")
            .WithDescription(
                "Trades a name and password for a short-lived access token (send it as a bearer token; every write " +
                "needs one) and a refresh token (`POST /auth/refresh` trades it for new ones), and starts a session, " +
                "listed by `GET /me/sessions` under the client's User-Agent. A wrong name or password is a 401, whatever " +
                "its length.")
            .ProducesValidationProblem();

        group.MapSessionTokens();
        app.MapMySessions();
        return group;
    }

    public static async Task<Results<Created<SignedUpResponse>, ValidationProblem, ConflictProblem, TooManyRequestsProblem>> Register(
        RegisterRequest request,
        HttpContext http,
        FeedDbContext db,
        IPasswordHasher<User> hasher,
        SignInGuard guard,
        IOptions<AuthOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (permit, refusal, retryAfter) = await guard.EnterAsync(request.Name, cancellationToken);
        if (permit is null)
        {
            return new TooManyRequestsProblem(refusal, retryAfter);
        }

        using var hashing = permit;
        var now = clock.GetUtcNow().UtcDateTime;
        var made = await UserAccounts.CreateAsync(db, hasher, request.Name, request.Password, isAdmin: false, now, cancellationToken);
        if (made.User is { } user)
        {
            var grant = await Sessions.StartAsync(db, user, http.Request.Headers.UserAgent, options.Value, now, cancellationToken);
            var token = Answer(grant, options.Value, now);
            return TypedResults.Created($"/users/{user.Id}", new SignedUpResponse(
                token.AccessToken, token.TokenType, token.ExpiresIn, token.RefreshToken, token.RefreshExpiresIn, user.Id, user.Name));
        }

        return made switch
        {
            { Field: { } field } => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [made.Error!] }),
            _ => Problem.Conflict(made.Error!),
        };
    }

    public static async Task<Results<Ok<TokenResponse>, UnauthorizedProblem, TooManyRequestsProblem>> SignIn(
        SignInRequest request,
        HttpContext http,
        FeedDbContext db,
        IPasswordHasher<User> hasher,
        SignInGuard guard,
        IOptions<AuthOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (permit, refusal, retryAfter) = await guard.EnterAsync(request.Name, cancellationToken);
        if (permit is null)
        {
            return new TooManyRequestsProblem(refusal, retryAfter);
        }

        User? user;
        using (permit)
        {
            user = await UserAccounts.SignInAsync(db, hasher, request.Name, request.Password, cancellationToken);
        }

        if (user is null)
        {
            return new UnauthorizedProblem("Wrong name or password.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var grant = await Sessions.StartAsync(db, user, http.Request.Headers.UserAgent, options.Value, now, cancellationToken);
        return TypedResults.Ok(Answer(grant, options.Value, now));
    }

    /// <summary>The tokens of a session's current generation: a new access token, and the generation's refresh token.</summary>
    public static TokenResponse Answer(SessionGrant grant, AuthOptions auth, DateTime now) => new(
        Tokens.Issue(grant.User, grant.SessionId, auth, now),
        "Bearer",
        (long)auth.AccessTokenLifetime.TotalSeconds,
        RefreshTokens.Format(grant.SessionId, grant.Generation, grant.Secret, auth),
        Math.Max(0, (long)(grant.ExpiresAt - now).TotalSeconds));
}
