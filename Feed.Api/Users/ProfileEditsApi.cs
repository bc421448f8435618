using System.ComponentModel;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Users;

/// <summary>
/// What a user may change of their own profile: a JSON merge patch. Today its avatar; issue 29 adds
/// <c>displayName</c> and <c>bio</c> as more members of the same request.
/// </summary>
public sealed record EditMeRequest(
    [property: Description("One of your uploads (`POST /media`), not attached to a post, to show as your picture; " +
        "null removes it. Left out: unchanged. The picture it replaces is deleted with its files.")]
    long? AvatarMediaId = null);

/// <summary><c>PATCH /me</c>.</summary>
public static class ProfileEditsApi
{
    public static RouteGroupBuilder MapProfileEdits(this RouteGroupBuilder group)
    {
        group.MapPatch("/me", EditMe)
            .WithName(nameof(EditMe))
            .WithSummary("Edit your profile")
            .WithDescription("A JSON merge patch (RFC 7396) of your profile: send only what changes. " +
                "`avatarMediaId` sets your picture (an upload of yours attached to no post; it may still be processing) " +
                "or, null, removes it; the one replaced is deleted with its files. Answers your profile as `GET /me` does.")
            .Accepts<EditMeRequest>("application/merge-patch+json", "application/json")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    public static async Task<Results<Ok<UserProfileResponse>, ValidationProblem, UnauthorizedProblem>> EditMe(
        HttpContext http, FeedDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        JsonElement patch;
        try
        {
            patch = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["The body is not JSON."] });
        }

        if (patch.ValueKind != JsonValueKind.Object)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [""] = ["The body is a JSON object."] });
        }

        if (patch.TryGetProperty("avatarMediaId", out var avatar))
        {
            long? id = avatar.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.Number when avatar.TryGetInt64(out var n) && n > 0 => n,
                _ => -1,
            };
            if (id is -1)
            {
                return Invalid("avatarMediaId must be an upload's id or null.");
            }

            if (await ShowAvatarAsync(db, me, id, clock.GetUtcNow().UtcDateTime, cancellationToken) is { } error)
            {
                return error == "" ? new UnauthorizedProblem("The token's user no longer exists. Sign in again.") : Invalid(error);
            }
        }

        return await UsersApi.ProfileAsync(db, me, null, http.MediaUrls(), cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : new UnauthorizedProblem("The token's user no longer exists. Sign in again.");
    }

    /// <summary>
    /// In one transaction, the user's row locked: the avatar becomes <paramref name="mediaId"/> (their own upload, on no
    /// post) and the one it replaces is deleted with its files queued. Null when done; "" when the user is gone; else why not.
    /// </summary>
    private static Task<string?> ShowAvatarAsync(
        FeedDbContext db, long me, long? mediaId, DateTime now, CancellationToken cancellationToken) =>
        Resilience.RetryDeadlocksAsync(db, async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var row = db.Users.Where(u => u.Id == me);
            if (await row.ExecuteUpdateAsync(s => s.SetProperty(u => u.AvatarMediaId, u => u.AvatarMediaId), cancellationToken) == 0)
            {
                return "";
            }

            var user = await row.SingleAsync(cancellationToken);
            if (user.AvatarMediaId == mediaId)
            {
                return null;
            }

            if (mediaId is { } id && !await db.Media.AnyAsync(m => m.Id == id && m.OwnerId == me && m.ItemId == null, cancellationToken))
            {
                return $"No upload of yours attached to no post has id {id}.";
            }

            var replaced = user.AvatarMediaId;
            user.ShowAvatar(mediaId);
            await db.SaveChangesAsync(cancellationToken);
            if (replaced is { } old)
            {
                var media = await db.Media.AsNoTracking().Where(m => m.Id == old && m.OwnerId == me).ToListAsync(cancellationToken);
                await MediaRemoval.RemoveAsync(db, media, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        }, cancellationToken);

    private static ValidationProblem Invalid(string error) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["avatarMediaId"] = [error] });
}
