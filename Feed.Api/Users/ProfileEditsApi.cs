using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Users;

/// <summary>
/// What a user may change of their own profile: a JSON merge patch (a member left out is unchanged, null clears it).
/// Read member by member from the JSON, since null and absent differ; this record describes it to the document, whose
/// examples leave out what they do not change (a null there would clear it).
/// </summary>
public sealed record EditMeRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("One of your uploads (`POST /media`), not attached to a post, to show as your picture; " +
        "null removes it. Left out: unchanged. The picture it replaces is deleted with its files.")]
    long? AvatarMediaId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("How you are shown beside your name, on your profile and on your items' `author`: any text the " +
        "name rule allows (NFC, no control, invisible or bidirectional override characters, single spaces), trimmed, " +
        "1 to 50 characters, not unique. Null removes it. Left out: unchanged.")]
    string? DisplayName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [property: Description("A few words about you, shown on your profile: at most 160 characters, line breaks allowed; " +
        "trimmed. Null or empty removes it. Left out: unchanged.")]
    string? Bio = null);

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
                "or, null, removes it; the one replaced is deleted with its files. `displayName` and `bio` set or (null) clear how " +
                "you are shown and what you say of yourself. Nothing is changed unless every member is valid. " +
                "Answers your profile as `GET /me` does.")
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

        if (ReadTexts(patch, out var texts) is { } invalid)
        {
            return invalid;
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

            if (await ShowAvatarAsync(db, me, id, texts, clock.GetUtcNow().UtcDateTime, cancellationToken) is { } error)
            {
                return error == "" ? new UnauthorizedProblem("The token's user no longer exists. Sign in again.") : Invalid(error);
            }
        }
        else if (texts.Count > 0 && !await SetTextsAsync(db, me, texts, cancellationToken))
        {
            return new UnauthorizedProblem("The token's user no longer exists. Sign in again.");
        }

        return await UsersApi.ProfileAsync(db, me, null, http.MediaUrls(), cancellationToken) is { } profile
            ? TypedResults.Ok(profile)
            : new UnauthorizedProblem("The token's user no longer exists. Sign in again.");
    }

    /// <summary>
    /// In one transaction, the user's row locked: the avatar becomes <paramref name="mediaId"/> (their own upload, on no
    /// post), the one it replaces is deleted with its files queued, and the patch's <paramref name="texts"/> are set (all of
    /// the patch or none of it). Null when done; "" when the user is gone; else why not (nothing changed).
    /// </summary>
    private static Task<string?> ShowAvatarAsync(
        FeedDbContext db, long me, long? mediaId, Dictionary<string, string?> texts, DateTime now, CancellationToken cancellationToken) =>
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
                await SetTextsAsync(db, me, texts, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
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

            await SetTextsAsync(db, me, texts, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        }, cancellationToken);

    private static ValidationProblem Invalid(string error, string field = "avatarMediaId") =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] });

    /// <summary>
    /// The patch's <c>displayName</c> and <c>bio</c>, each as it will be stored (null: cleared), in <paramref name="texts"/>;
    /// the 400 naming the member when one breaks its rule. Members left out are not in <paramref name="texts"/>.
    /// </summary>
    private static ValidationProblem? ReadTexts(JsonElement patch, out Dictionary<string, string?> texts)
    {
        texts = [];
        if (patch.TryGetProperty("displayName", out var displayName))
        {
            if (displayName.ValueKind == JsonValueKind.Null)
            {
                texts["displayName"] = null;
            }
            else if (displayName.ValueKind != JsonValueKind.String)
            {
                return Invalid("displayName must be a string or null.", "displayName");
            }
            else if (Text(displayName) is not { } given)
            {
                return Invalid("displayName is not valid UTF-8 text.", "displayName");
            }
            else if (!UserNames.TryNormalizeDisplayName(given, out var normalized, out var error))
            {
                return Invalid(error, "displayName");
            }
            else
            {
                texts["displayName"] = normalized;
            }
        }

        if (patch.TryGetProperty("bio", out var bio))
        {
            if (bio.ValueKind is not (JsonValueKind.Null or JsonValueKind.String))
            {
                return Invalid("bio must be a string or null.", "bio");
            }

            if ((bio.ValueKind == JsonValueKind.Null ? "" : Text(bio)?.Trim()) is not { } text)
            {
                return Invalid("bio is not valid UTF-8 text.", "bio");
            }

            try
            {
                texts["bio"] = text.Length == 0 ? null : FeedRules.RequireText(text, FeedRules.BioMaxLength, "bio", multiline: true);
            }
            catch (TextRuleException e)
            {
                return Invalid(e.Message, "bio");
            }
        }

        return null;
    }

    /// <summary>A JSON string's text; null when its bytes are not valid UTF-8 (System.Text.Json checks them only when read).</summary>
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Sets the display name and bio in one UPDATE of the user's row (no read first); false when the user is gone. True
    /// (nothing to do) when the patch has neither.
    /// </summary>
    private static async Task<bool> SetTextsAsync(
        FeedDbContext db, long me, Dictionary<string, string?> texts, CancellationToken cancellationToken)
    {
        if (texts.Count == 0)
        {
            return true;
        }

        var setDisplayName = texts.TryGetValue("displayName", out var displayName);
        var setBio = texts.TryGetValue("bio", out var bio);
        return await db.Users.Where(u => u.Id == me).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.DisplayName, u => setDisplayName ? displayName : u.DisplayName)
            .SetProperty(u => u.Bio, u => setBio ? bio : u.Bio), cancellationToken) > 0;
    }
}
