using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Users;

/// <summary>A password change: the current password, and the new one.</summary>
public sealed record ChangePasswordRequest(
    [property: Required, Description("Your password now.")] string CurrentPassword,
    [property: Required, MinLength(UserAccounts.PasswordMinLength), MaxLength(UserAccounts.PasswordMaxLength),
        Description("The new password (it may be the same one: that still signs out every other session).")]
    string NewPassword);

/// <summary><c>PUT /me/password</c>.</summary>
public static class PasswordApi
{
    public static RouteGroupBuilder MapPasswordChange(this RouteGroupBuilder me)
    {
        me.MapPut("/password", ChangePassword)
            .WithName(nameof(ChangePassword))
            .WithSummary("Change your password")
            .WithDescription("Checks your current password (a wrong one is a 403, not a 401: your token is fine; it counts " +
                "against the same per-name limit as sign-in, 429 past it), sets the new one, revokes every other session " +
                "of yours, and answers new tokens for this session: the access token you sent stops writing (it names the " +
                "old password), and this session's refresh token is replaced. The example sets the sign-up example's " +
                "password to itself, so it works at every send.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return me;
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedProblem, ForbiddenProblem, TooManyRequestsProblem>>
        ChangePassword(
            ChangePasswordRequest request,
            HttpContext http,
            FeedDbContext db,
            IPasswordHasher<User> hasher,
            SignInGuard guard,
            IOptions<AuthOptions> options,
            TimeProvider clock,
            CancellationToken cancellationToken)
    {
        if (request.CurrentPassword is null || request.NewPassword is not
            { Length: >= UserAccounts.PasswordMinLength and <= UserAccounts.PasswordMaxLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [request.CurrentPassword is null ? "currentPassword" : "newPassword"] = [request.CurrentPassword is null
                    ? "The currentPassword is required."
                    : $"A password has {UserAccounts.PasswordMinLength} to {UserAccounts.PasswordMaxLength} characters."],
            });
        }

        var (me, sessionId) = (http.User.RequiredUserId(), http.User.SessionId());
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == me, cancellationToken);
        if (user?.PasswordHash is not { } hash || sessionId is not { } sid)
        {
            return new UnauthorizedProblem("The token's user no longer exists, or signs in without a password. Sign in again.");
        }

        var (permit, refusal, retryAfter) = await guard.EnterAsync(user.Name, cancellationToken);
        if (permit is null)
        {
            return new TooManyRequestsProblem(refusal, retryAfter);
        }

        string newHash;
        using (permit)
        {
            if (hasher.VerifyHashedPassword(user, hash, request.CurrentPassword) == PasswordVerificationResult.Failed)
            {
                return new ForbiddenProblem("The current password is wrong.");
            }

            newHash = hasher.HashPassword(user, request.NewPassword);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var grant = await Resilience.RetryDeadlocksAsync(db, async () =>
        {
            // The user's row is written first, so concurrent changes queue here (SQLite too: its write lock, taken now).
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = db.Users.Where(u => u.Id == me);
            if (await row.ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, u => u.PasswordHash), cancellationToken) == 0)
            {
                return null;
            }

            var changed = await row.SingleAsync(cancellationToken);
            changed.SetPasswordHash(newHash);
            await db.SaveChangesAsync(cancellationToken);
            await Sessions.RevokeWhereAsync(db.Sessions.Where(s => s.UserId == me && s.Id != sid), now, cancellationToken);
            var renewed = await Sessions.RenewAsync(db, changed, sid, options.Value, now, cancellationToken);
            if (renewed is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return renewed;
        }, cancellationToken);

        return grant is null
            ? new UnauthorizedProblem("This session was revoked meanwhile. Sign in again.")
            : TypedResults.Ok(AuthApi.Answer(grant, options.Value, now));
    }
}
