using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Feed.Api.Media;

/// <summary>
/// Wakes this instance's idle render workers when an upload commits here, so its renditions start at once rather than at
/// the next poll (<see cref="MediaOptions.PollInterval"/>). Only a shortcut: the work is still claimed from the database
/// as before (lease, <c>SKIP LOCKED</c>), a woken worker that finds nothing goes back to sleep, and polling still finds
/// uploads committed by other instances or left by a crash. At most one wake-up per worker is kept waiting; more would
/// only wake a worker that is already busy.
/// </summary>
public sealed class MediaWakeUp(IOptions<MediaOptions> options)
{
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(Math.Max(1, options.Value.Workers)) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Says work is waiting: one idle worker wakes (or the next one to go idle does not sleep).</summary>
    public void Poke() => _signals.Writer.TryWrite(true);

    /// <summary>Completes when poked, or when <paramref name="pause"/> of <paramref name="clock"/>'s time has passed.</summary>
    public async Task WaitAsync(TimeSpan pause, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poked = _signals.Reader.ReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(poked, Task.Delay(pause, clock, waiting.Token));
        await waiting.CancelAsync(); // the other one ends, cancelled
        cancellationToken.ThrowIfCancellationRequested();
    }
}
