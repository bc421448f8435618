using System.Net.Http.Headers;
using Feed.Api.Media;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Media;

/// <summary>Uploading over HTTP, and the media's background work driven by the test, as the workers would do it.</summary>
public static class MediaTestKit
{
    public static MultipartFormDataContent Form(byte[] bytes, string fileName = "photo.png", string contentType = "image/png")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    public static Task<HttpResponseMessage> UploadAsync(
        this HttpClient client, byte[] bytes, string fileName = "photo.png", string contentType = "image/png") =>
        client.PostAsync("/media", Form(bytes, fileName, contentType), TestContext.Current.CancellationToken);

    public static IMediaStore Store(this FeedApp app) => app.Services.GetRequiredService<IMediaStore>();

    public static MediaOptions MediaOptions(this FeedApp app) => app.Services.GetRequiredService<IOptions<MediaOptions>>().Value;

    /// <summary>Renders every processing upload as the workers would; what each render did, in order.</summary>
    public static async Task<List<RenderOutcome>> RenderAllAsync(this FeedApp app, DateTime? now = null, IMediaStore? store = null)
    {
        var outcomes = new List<RenderOutcome>();
        await using var scope = app.Db();
        var imaging = app.Services.GetRequiredService<MediaImaging>();
        while (await MediaRendering.RenderNextAsync(
            scope.Context, store ?? app.Store(), imaging, app.MediaOptions(), now ?? DateTime.UtcNow, TestContext.Current.CancellationToken)
            is { } outcome)
        {
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>The expiry sweep at <paramref name="now"/>, chunk by chunk; how many uploads it deleted.</summary>
    public static async Task<int> SweepAsync(this FeedApp app, DateTime now, int chunk = 2)
    {
        await using var scope = app.Db();
        var cutoff = now - app.MediaOptions().UnattachedLifetime;
        var total = 0;
        var cancel = TestContext.Current.CancellationToken;
        while (await MediaHousekeeping.SweepExpiredAsync(scope.Context, cutoff, chunk, now, cancel) is > 0 and var n)
        {
            total += n;
        }

        return total;
    }

    /// <summary>Works the deletions queue at <paramref name="now"/> until nothing is due; how many files it deleted.</summary>
    public static async Task<int> DeleteQueuedFilesAsync(this FeedApp app, DateTime? now = null, IMediaStore? store = null)
    {
        await using var scope = app.Db();
        var total = 0;
        while (await MediaHousekeeping.DeleteQueuedFilesAsync(
            scope.Context, store ?? app.Store(), 50, now ?? DateTime.UtcNow, TestContext.Current.CancellationToken) is { } n)
        {
            total += n;
        }

        return total;
    }

    /// <summary>The keys stored under a media's token, as the store's folder holds them.</summary>
    public static List<string> StoredKeys(this FeedApp app, string token) =>
        Directory.Exists(app.MediaFolder)
            ? [.. Directory.EnumerateFiles(app.MediaFolder, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(app.MediaFolder, p).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(k => k.Contains(token, StringComparison.Ordinal))
                .Order()]
            : [];

    public static async Task<Feed.Domain.MediaObject> MediaRowAsync(this FeedApp app, long id)
    {
        await using var scope = app.Db();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            scope.Context.Media, m => m.Id == id, TestContext.Current.CancellationToken);
    }
}
