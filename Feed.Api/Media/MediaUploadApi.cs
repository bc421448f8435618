using Feed.Api.Data;
using Feed.Api.Media.Images;
using Feed.Api.Plumbing.Identity;
using Feed.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Feed.Api.Media;

/// <summary><c>POST /media</c>: a picture in, its first rendition and its size out at once, the rest rendered in the background.</summary>
public static class MediaUploadApi
{
    /// <summary>
    /// Room for the multipart framing around the file (boundaries, part headers): the request may be this much larger than
    /// the file, and no more, so an oversized upload is refused while it streams, having buffered at most this.
    /// </summary>
    public const long FramingAllowance = 64 * 1024;

    public static RouteGroupBuilder MapMediaUpload(this RouteGroupBuilder group)
    {
        var limits = group.ServiceProvider().GetRequiredService<IOptions<MediaOptions>>().Value;
        group.MapPost("", UploadMedia)
            .WithName(nameof(UploadMedia))
            .WithSummary("Upload a picture")
            .WithDescription(
                "`multipart/form-data` with the picture in a part named `file`: JPEG, PNG or WebP, recognised by its bytes " +
                $"(not its name or declared type), at most {limits.MaxUploadBytes / (1024 * 1024)} MiB and 40 megapixels. " +
                "Answers 201 at once with its size as displayed (orientation applied), a blurhash and the 320 px rendition; " +
                "`status` is `processing` while the 640 px, 1080 px and original renditions render in the background " +
                "(a second or two), then `ready` (read it with `GET /media/{id}`). Every rendition is re-encoded with no " +
                "metadata (no EXIF, no GPS): the uploaded bytes are never served. An upload is visible to its owner only " +
                "until it is attached to a post or made an avatar, and is deleted 24 hours after upload if it never is. " +
                "Attaching one still processing is allowed: its other renditions appear when ready.")
            .RequireAuthorization()
            .DisableAntiforgery() // bearer tokens, never cookies: no cross-site request can carry a user's credentials
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxUploadBytes + FramingAllowance))
            .WithMetadata(new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limits.MaxUploadBytes + FramingAllowance })
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return group;
    }

    /// <summary>
    /// Reads the file (bounded by the endpoint's request limit), runs the first pass, stores the 320 px rendition and the
    /// upload as it came (private: the render workers of any instance read it), then the row, in one transaction (the
    /// <c>Idempotency-Key</c>'s claim commits with it). Files stored for a row that then fails to commit are deleted.
    /// </summary>
    public static async Task<Results<Created<MediaResponse>, ValidationProblem, MediaProblem>> UploadMedia(
        IFormFile? file,
        FeedDbContext db,
        HttpContext http,
        IMediaStore store,
        MediaImaging imaging,
        MediaUrls urls,
        IOptions<MediaOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["file"] = ["Send the picture in a multipart/form-data part named 'file'."],
            });
        }

        var max = options.Value.MaxUploadBytes;
        if (file.Length > max)
        {
            return MediaProblem.TooLarge($"The file has {file.Length} bytes; at most {max} are accepted.");
        }

        var bytes = new byte[file.Length];
        await using (var content = file.OpenReadStream())
        {
            await content.ReadExactlyAsync(bytes, cancellationToken);
        }

        PreparedImage prepared;
        try
        {
            prepared = await imaging.PrepareAsync(bytes, cancellationToken);
        }
        catch (ImageRejectedException e)
        {
            return MediaProblem.Of(e.Reason, e.Message);
        }

        var smallest = prepared.Smallest;
        var first = new MediaFile(smallest.Name, smallest.Width, smallest.Height, MediaKeys.Extension(smallest.ContentType));
        var media = new MediaObject(
            http.User.RequiredUserId(), clock.GetUtcNow().UtcDateTime, MediaRules.NewToken(), prepared.Width, prepared.Height,
            prepared.Blurhash, [first]);
        string[] keys = [MediaKeys.File(media.StorageToken, first), MediaKeys.Upload(media.StorageToken)];
        await store.PutAsync(keys[0], smallest.Bytes, smallest.ContentType, cancellationToken);
        await store.PutAsync(keys[1], bytes, "application/octet-stream", cancellationToken);
        try
        {
            await Resilience.RetryDeadlocksAsync(db, async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                db.Media.Add(media);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            }, cancellationToken);
        }
        catch
        {
            foreach (var key in keys)
            {
                await store.DeleteAsync(key, CancellationToken.None);
            }

            throw;
        }

        return TypedResults.Created($"/media/{media.Id}", MediaResponse.Of(media, urls).Tagged(http));
    }

    private static IServiceProvider ServiceProvider(this IEndpointRouteBuilder builder) => builder.ServiceProvider;
}
