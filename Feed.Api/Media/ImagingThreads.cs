using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Feed.Api.Media;

/// <summary>
/// Threads of their own for the image work (<see cref="MediaImaging"/>): a libvips call blocks its thread for tens of
/// milliseconds to a second, and on the thread pool a few of them at once left requests waiting for a thread (2 cores,
/// few pool threads). These threads also run at a lower OS priority on Linux (a nice value of their own: nice is per
/// thread there), and the worker threads libvips starts from them inherit it, so on a busy machine the scheduler
/// serves the requests first and the images with what is left. Two queues: the first (uploads waiting for their
/// answer) is always served before the second (background renders).
/// </summary>
public sealed class ImagingThreads : IDisposable
{
    private readonly BlockingCollection<Action>[] _queues = [new(), new()];

    public ImagingThreads(int count, int nice)
    {
        for (var i = 0; i < count; i++)
        {
            new Thread(() => Work(nice)) { IsBackground = true, Name = $"Media imaging {i + 1}" }.Start();
        }
    }

    /// <summary>Runs <paramref name="work"/> on one of the threads, after what was queued before it in its queue.</summary>
    public Task<T> RunAsync<T>(bool urgent, Func<T> work, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        _queues[urgent ? 0 : 1].Add(() =>
        {
            waiting.Dispose();
            if (done.Task.IsCompleted)
            {
                return; // cancelled while queued
            }

            try
            {
                done.TrySetResult(work());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        return done.Task;
    }

    private void Work(int nice)
    {
        if (nice != 0 && OperatingSystem.IsLinux())
        {
            _ = SetPriority(PrioProcess, GetTid(), nice); // best effort: a refusal leaves the thread at the default
        }

        try
        {
            while (true)
            {
                BlockingCollection<Action>.TakeFromAny(_queues, out var item);
                item!();
            }
        }
        catch (ArgumentException)
        {
            // disposed: every queue completed
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        foreach (var queue in _queues)
        {
            queue.CompleteAdding();
        }
    }

    private const int PrioProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();
}
