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
    [property: Description("Send as `Authorization: Bearer <accessToken>`.")] string AccessToken,
    string TokenType,
    [property: Description("Seconds until the token expires.")] long ExpiresIn);

/// <summary>
/// Sign-up's answer: a token in the shape of <c>POST /auth/token</c>'s (the new user is signed in), and who was made.
/// </summary>
public sealed record SignedUpResponse(
    [property: Description("Send as `Authorization: Bearer <accessToken>`.")] string AccessToken,
    string TokenType,
    [property: Description("Seconds until the token expires.")] long ExpiresIn,
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
                $"Creates a user and signs them in: the answer carries a token as `POST /auth/token`'s does. " +
                $"Names are {FeedRules.UserNameMinLength}–{FeedRules.UserNameMaxLength} characters and unique; " +
                $"passwords {UserAccounts.PasswordMinLength}–{UserAccounts.PasswordMaxLength}.")
            .ProducesValidationProblem();

        group.MapPost("/token", SignIn)
            .WithName(nameof(SignIn))
            .WithSummary("Sign in")
            .WithDescription(
                "Trades a name and password for a bearer token. Every write endpoint needs one. " +
                "A wrong name or password is a 401, whatever its length.")
            .ProducesValidationProblem();

        return group;
    }

    public static async Task<Results<Created<SignedUpResponse>, ValidationProblem, ConflictProblem, TooManyRequestsProblem>> Register(
        RegisterRequest request,
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
        return made switch
        {
            { User: { } user } => TypedResults.Created($"/users/{user.Id}", SignedUp(user, options.Value, now)),
            { Field: { } field } => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [made.Error!] }),
            _ => Problem.Conflict(made.Error!),
        };
    }

    public static async Task<Results<Ok<TokenResponse>, UnauthorizedProblem, TooManyRequestsProblem>> SignIn(
        SignInRequest request,
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

        return TypedResults.Ok(Token(user, options.Value, clock.GetUtcNow().UtcDateTime));
    }

    private static TokenResponse Token(User user, AuthOptions auth, DateTime now) =>
        new(Tokens.Issue(user, auth, now), "Bearer", (long)auth.TokenLifetime.TotalSeconds);

    private static SignedUpResponse SignedUp(User user, AuthOptions auth, DateTime now)
    {
        var token = Token(user, auth, now);
        return new SignedUpResponse(token.AccessToken, token.TokenType, token.ExpiresIn, user.Id, user.Name);
    }
}
