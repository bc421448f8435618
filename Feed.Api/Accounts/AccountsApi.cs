using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Accounts;

/// <summary>What deleting your account takes: your password, checked as sign-in checks it.</summary>
public sealed record DeleteAccountRequest(
    [property: Required, MaxLength(UserAccounts.PasswordMaxLength), Description("Your current password.")] string Password);

/// <summary>A deletion accepted: the account signs nobody in from now on, and what it made is being removed.</summary>
public sealed record AccountDeletionResponse(
    [property: Description("The account being deleted.")] long Id,
    [property: Description("When the deletion was asked for (the first time, for a retry): UTC, with microseconds.")]
    DateTime DeletionRequestedAt);

/// <summary>
/// <c>DELETE /me</c>: the account stops at once (its tokens write nothing, its sessions are revoked, it signs
/// nobody in, its profile is gone) and a deletion is queued, worked off in the background
/// (<see cref="AccountDeletionWorker"/>) until nothing it made is left.
/// </summary>
public static class AccountsApi
{
    public static IHostApplicationBuilder AddFeedAccounts(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AccountDeletionOptions>().BindConfiguration(AccountDeletionOptions.Section)
            .Validate(
                o => o.Workers >= 0 && o.Chunk > 0 && o.Lease > TimeSpan.Zero && o.PollInterval > TimeSpan.Zero,
                "AccountDeletion: the workers must not be negative; the chunk, lease and poll interval positive.")
            .ValidateOnStart();
        builder.Services.AddHostedService<AccountDeletionWorker>();
        return builder;
    }

    public static RouteGroupBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("").WithTags("Users");

        group.MapDelete("/me", DeleteMe)
            .WithMetadata(new AnswersDeletedAccount())
            .WithName(nameof(DeleteMe))
            .WithSummary("Delete your account")
            .WithDescription(
                "Deletes your account and everything it made: items, likes, memberships, follows, uploads, sessions. " +
                "Your password is asked again (a wrong one is a 403, throttled as sign-in is). From the 202 on, the account " +
                "signs nobody in, its tokens write nothing (every session is revoked), `GET /me` is a 401 and your profile a 404; " +
                "the rest goes in the background, in short chunks: the counts on other people's items drop, and every feed, " +
                "home, stream and change log shows your items deleted. A retry is harmless: with the same `Idempotency-Key` " +
                "it replays the 202; without one, this same token and password answer the 202 again while the deletion runs, " +
                "and a 401 once the account is gone.")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return group;
    }

    public static async Task<Results<Accepted<AccountDeletionResponse>, UnauthorizedProblem, ForbiddenProblem, TooManyRequestsProblem>>
        DeleteMe(
            [FromBody] DeleteAccountRequest request,
            HttpContext http,
            FeedDbContext db,
            IPasswordHasher<User> hasher,
            SignInGuard guard,
            TimeProvider clock,
            CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == me, cancellationToken);
        if (user is null)
        {
            return Gone();
        }

        var (permit, refusal, retryAfter) = await guard.EnterAsync(user.Name, cancellationToken);
        if (permit is null)
        {
            return new TooManyRequestsProblem(refusal, retryAfter);
        }

        using (permit)
        {
            if (user.PasswordHash is not { } hash
                || hasher.VerifyHashedPassword(user, hash, request.Password) == PasswordVerificationResult.Failed)
            {
                return new ForbiddenProblem("The password is wrong: deleting the account takes its current password.");
            }
        }

        var requestedAt = await StartAsync(db, me, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return requestedAt is { } at ? TypedResults.Accepted((string?)null, new AccountDeletionResponse(me, at)) : Gone();
    }

    private static UnauthorizedProblem Gone() => new("The token's user no longer exists: the account was deleted.");

    /// <summary>
    /// In one transaction, under the account's row lock (so two requests at once start one deletion): the account
    /// marked deleted with a new security stamp (every token stops writing), its sessions revoked, its deletion
    /// queued. When it was deleted already, nothing changes. When the deletion began; null when the account is gone.
    /// </summary>
    private static Task<DateTime?> StartAsync(FeedDbContext db, long userId, DateTime now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = db.Users.Where(u => u.Id == userId);
            if (await row.ExecuteUpdateAsync(s => s.SetProperty(u => u.DeletedAt, u => u.DeletedAt), cancellationToken) == 0)
            {
                return null;
            }

            var user = await row.SingleAsync(cancellationToken);
            if (user.DeletedAt is null)
            {
                user.MarkDeleted(now);
                await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, user.DeletedAt), cancellationToken);
                var at = user.DeletedAt!.Value;
                db.AccountDeletions.Add(new AccountDeletion { UserId = userId, RequestedAt = at, NotBefore = at });
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return user.DeletedAt;
        }, cancellationToken);
}
