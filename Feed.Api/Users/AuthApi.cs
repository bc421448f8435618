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

public sealed record UserResponse(long Id, string Name);

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
                $"Creates a user. Names are {FeedRules.UserNameMinLength}–{FeedRules.UserNameMaxLength} characters and unique; " +
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

    public static async Task<Results<Created<UserResponse>, ValidationProblem, ConflictProblem, TooManyRequestsProblem>> Register(
        RegisterRequest request,
        FeedDbContext db,
        IPasswordHasher<User> hasher,
        SignInGuard guard,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var (permit, refusal, retryAfter) = await guard.EnterAsync(request.Name, cancellationToken);
        if (permit is null)
        {
            return new TooManyRequestsProblem(refusal, retryAfter);
        }

        using var hashing = permit;
        var made = await UserAccounts.CreateAsync(
            db, hasher, request.Name, request.Password, isAdmin: false, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return made switch
        {
            { User: { } user } => TypedResults.Created($"/users/{user.Id}", new UserResponse(user.Id, user.Name)),
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

        var auth = options.Value;
        var token = Tokens.Issue(user, auth, clock.GetUtcNow().UtcDateTime);
        return TypedResults.Ok(new TokenResponse(token, "Bearer", (long)auth.TokenLifetime.TotalSeconds));
    }
}
