using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Feed.Api.Media;

/// <summary>
/// <c>GET /media/files/{token}/{file}</c>: a rendition's bytes, straight from the store, without touching the
/// database. The address names the file (a random token and the rendition's name), and a name never holds
/// other bytes (a rendition written again is the same bytes), so it is cached for a year as immutable, with
/// a strong <c>ETag</c>, <c>Range</c> and conditional requests; stored as encoded, never recompressed.
/// Only renditions are served: the upload as it came, kept beside them until rendered, has no address.
/// </summary>
public static class MediaFilesApi
{
    public const string CacheControl = "public, max-age=31536000, immutable";

    public static RouteGroupBuilder MapMediaFiles(this RouteGroupBuilder group)
    {
        group.MapGet("/files/{token}/{file}", GetMediaFile)
            .WithName(nameof(GetMediaFile))
            .WithSummary("A picture's file")
            .WithDescription("One rendition's bytes (`image/webp`), as the URLs in a picture's `renditions` give them: cached " +
                "for a year (`immutable`), with `ETag` (`If-None-Match` → 304) and `Range` (206). 404 for any other name.")
            // The typed result says nothing of its body: the file, and a range of it.
            .Produces(StatusCodes.Status200OK, contentType: "image/webp")
            .Produces(StatusCodes.Status206PartialContent, contentType: "image/webp")
            // Kestrel refuses an address whose token or name decodes to a NUL byte before routing: a 400 with no body.
            .Produces(StatusCodes.Status400BadRequest)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Responses!["400"].Description = "The address holds a NUL byte: refused before routing, with no body.";
                operation.Responses["404"].Description = "No picture file has this address.";
                return Task.CompletedTask;
            });
        return group;
    }

    public static async Task<Results<FileStreamHttpResult, NotFoundProblem>> GetMediaFile(
        string token, string file, HttpContext http, IMediaStore store, CancellationToken cancellationToken)
    {
        if (MediaKeys.Served(token, file) is not { } key || await store.OpenAsync(key, cancellationToken) is not { } stored)
        {
            return new NotFoundProblem("No picture file has this address.");
        }

        var headers = http.Response.Headers;
        headers.CacheControl = CacheControl;
        headers.XContentTypeOptions = "nosniff";
        headers["Cross-Origin-Resource-Policy"] = "cross-origin"; // public pictures, shown by web apps on other origins
        http.Response.RegisterForDisposeAsync(stored);
        // The name's bytes never change: its length and name tell one version from another, as a hash would.
        var tag = new EntityTagHeaderValue($"\"{stored.Length:x}-{token[..8]}-{file.Replace('.', '-')}\"");
        return TypedResults.Stream(stored.Content, stored.ContentType, lastModified: stored.LastModified, entityTag: tag,
            enableRangeProcessing: true);
    }
}
