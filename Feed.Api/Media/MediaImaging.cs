using Feed.Api.Media.Images;
using Microsoft.Extensions.Options;

namespace Feed.Api.Media;

/// <summary>
/// The image work of this instance, a few at a time (<see cref="MediaOptions.ProcessingConcurrency"/>):
/// uploads' first passes and background renders share the slots, so ten uploads at once decode two at a
/// time and the process's memory stays bounded; the rest wait their turn (an upload's answer waits, its
/// request is not refused). The work runs on the thread pool, off the request's thread.
/// </summary>
public sealed class MediaImaging(IOptions<MediaOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.ProcessingConcurrency));

    public Task<PreparedImage> PrepareAsync(ReadOnlyMemory<byte> upload, CancellationToken cancellationToken) =>
        RunAsync(() => ImagePipeline.Prepare(upload), cancellationToken);

    public Task<IReadOnlyList<Rendition>> RenderRestAsync(ReadOnlyMemory<byte> upload, CancellationToken cancellationToken) =>
        RunAsync(() => ImagePipeline.RenderRest(upload), cancellationToken);

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(work, CancellationToken.None);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
