using Feed.Api.Media.Images;
using Microsoft.Extensions.Options;

namespace Feed.Api.Media;

/// <summary>
/// The image work of this instance, a few at a time (<see cref="MediaOptions.ProcessingConcurrency"/> threads of its own,
/// <see cref="ImagingThreads"/>): uploads' first passes and background renders share them, so ten uploads at once decode
/// two at a time and the process's memory stays bounded; the rest wait their turn (an upload's answer waits, its request
/// is not refused), and a first pass goes before any render still waiting. Off the thread pool, at a lower OS priority
/// (<see cref="MediaOptions.ImagingNice"/>): requests are served first.
/// </summary>
public sealed class MediaImaging(IOptions<MediaOptions> options) : IDisposable
{
    private readonly ImagingThreads _threads = new(Math.Max(1, options.Value.ProcessingConcurrency), options.Value.ImagingNice);

    public Task<PreparedImage> PrepareAsync(ReadOnlyMemory<byte> upload, CancellationToken cancellationToken) =>
        _threads.RunAsync(urgent: true, () => ImagePipeline.Prepare(upload), cancellationToken);

    public Task<IReadOnlyList<Rendition>> RenderRestAsync(ReadOnlyMemory<byte> upload, CancellationToken cancellationToken) =>
        _threads.RunAsync(urgent: false, () => ImagePipeline.RenderRest(upload), cancellationToken);

    public void Dispose() => _threads.Dispose();
}
