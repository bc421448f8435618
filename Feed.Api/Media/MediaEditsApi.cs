using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Media;

/// <summary>What an owner may change of their upload: a JSON merge patch of the alt text and the focal point.</summary>
public sealed record EditMediaRequest(
    [property: MaxLength(MediaRules.AltTextMaxLength)]
    [property: Description("What the picture shows, for those who cannot see it (at most 1,500 characters). " +
        "Left out or null: unchanged; an empty string removes it.")]
    string? AltText = null,
    [property: Description("Where the picture's subject is, so crops keep it. Left out or null: unchanged.")]
    FocusRequest? Focus = null);

/// <summary>A focal point to set: each coordinate from -1 to 1 (Mastodon's convention; y = 1 is the top edge).</summary>
public sealed record FocusRequest([property: Range(-1.0, 1.0)] double X, [property: Range(-1.0, 1.0)] double Y);

/// <summary><c>GET</c> and <c>PATCH /media/{id}</c>.</summary>
public static class MediaEditsApi
{
    public static RouteGroupBuilder MapMediaEdits(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:long}", GetMedia)
            .WithName(nameof(GetMedia))
            .WithSummary("One picture")
            .WithDescription("Its status, size, blurhash, alt text, focal point and renditions. An upload that is not yet " +
                "attached to a post nor anyone's avatar is visible to its owner only: to anyone else it is a 404, as is a " +
                "picture that does not exist. Poll it after an upload to see `status` become `ready`.");

        group.MapPatch("/{id:long}", EditMedia)
            .WithName(nameof(EditMedia))
            .WithSummary("Describe a picture")
            .WithDescription("A JSON merge patch (RFC 7396) of `altText` and `focus`: send only what changes. Only its owner may. " +
                "Alt text follows the rule of every text here (something visible, no control characters; line breaks allowed).")
            .Accepts<EditMediaRequest>("application/merge-patch+json", "application/json")
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    public static async Task<Results<Ok<MediaResponse>, NotFoundProblem>> GetMedia(
        long id, FeedReadDbContext db, HttpContext http, MediaUrls urls, CancellationToken cancellationToken)
    {
        var media = await Visible(db, http.User.FeedUserId()).AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        return media is null ? NotFound(id) : TypedResults.Ok(MediaResponse.Of(media, urls));
    }

    /// <summary>
    /// 404 when the caller cannot see it (as <see cref="GetMedia"/>), 403 when they can but it is someone else's, 400 when a
    /// field breaks a rule; else the picture as it now is.
    /// </summary>
    public static async Task<Results<Ok<MediaResponse>, ValidationProblem, NotFoundProblem, ForbiddenProblem>> EditMedia(
        long id, EditMediaRequest request, FeedDbContext db, HttpContext http, MediaUrls urls, CancellationToken cancellationToken)
    {
        var caller = http.User.RequiredUserId();
        var media = await Visible(db, caller).SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (media is null)
        {
            return NotFound(id);
        }

        if (media.OwnerId != caller)
        {
            return new ForbiddenProblem("Only its owner may describe a picture.");
        }

        try
        {
            if (request.AltText is { } altText)
            {
                media.Describe(altText);
            }

            if (request.Focus is { } focus)
            {
                media.FocusOn(focus.X, focus.Y);
            }
        }
        catch (ArgumentException e) when (e.ParamName is { } field)
        {
            // The domain's rules the request's attributes cannot see (the text rule; a focus out of range is caught there first).
            var why = e is ArgumentOutOfRangeException ? $"{field} must be between -1 and 1." : e.Message;
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [why] });
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(MediaResponse.Of(media, urls).Tagged(http));
    }

    /// <summary>What <paramref name="caller"/> may see: their own uploads, and any picture on a post or shown as an avatar.</summary>
    private static IQueryable<MediaObject> Visible(FeedDbContext db, long? caller) =>
        db.Media.Where(m => m.OwnerId == caller || m.ItemId != null || db.Users.Any(u => u.AvatarMediaId == m.Id));

    private static NotFoundProblem NotFound(long id) => new($"There is no picture with id {id} that you can see.");
}
