using Microsoft.Extensions.Options;
using Microsoft.IO;

namespace Feed.Api.Plumbing.ConditionalGets;

/// <summary>
/// The <c>ResponseBuffers</c> section: what the bodies of answers may hold in memory while their clients read them. A slow
/// reader of a large page held the whole body until it had read it, and returned blocks stayed in the pool for good.
/// </summary>
public sealed class ResponseBufferOptions
{
    public const string Section = "ResponseBuffers";

    /// <summary>Bytes of returned blocks the pool keeps for reuse (small and large pool each); the rest go to the collector.</summary>
    public long MaxPoolFreeBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Bytes of bodies this instance holds for its clients at once. A body that would go past it is not held: once hashed
    /// for its <c>ETag</c>, it is serialized again straight to the client, who then holds at most the server's output buffer.
    /// </summary>
    public long MaxHeldBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>A client that has not taken its whole answer within this time is disconnected, and what it held is freed.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// The pooled memory answers are serialized into (<see cref="RecyclableMemoryStreamManager"/>, bounded: by default it keeps
/// every block returned to it) and the instance's budget of bodies held for slow clients.
/// </summary>
public sealed class ResponseBuffers
{
    private long _held;

    public ResponseBuffers(IOptions<ResponseBufferOptions> options)
    {
        Options = options.Value;
        if (Options.MaxPoolFreeBytes <= 0 || Options.MaxHeldBytes < 0)
        {
            throw new OptionsValidationException(ResponseBufferOptions.Section, typeof(ResponseBufferOptions),
                ["ResponseBuffers:MaxPoolFreeBytes must be positive and MaxHeldBytes not negative."]);
        }

        Manager = new(new RecyclableMemoryStreamManager.Options
        {
            MaximumSmallPoolFreeBytes = Options.MaxPoolFreeBytes,
            MaximumLargePoolFreeBytes = Options.MaxPoolFreeBytes,
        });
    }

    public ResponseBufferOptions Options { get; }

    public RecyclableMemoryStreamManager Manager { get; }

    /// <summary>Bytes of bodies held for clients now.</summary>
    public long Held => Interlocked.Read(ref _held);

    public static IServiceCollection AddFeedResponseBuffers(IServiceCollection services)
    {
        services.AddOptions<ResponseBufferOptions>().BindConfiguration(ResponseBufferOptions.Section);
        return services.AddSingleton<ResponseBuffers>();
    }

    /// <summary>Takes <paramref name="bytes"/> of the budget; false (nothing taken) when they do not fit.</summary>
    public bool TryHold(long bytes)
    {
        if (Interlocked.Add(ref _held, bytes) <= Options.MaxHeldBytes)
        {
            return true;
        }

        Interlocked.Add(ref _held, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref _held, -bytes);

    /// <summary>
    /// Writes an answer's body within <see cref="ResponseBufferOptions.WriteTimeout"/>; past it, the connection is closed.
    /// </summary>
    public async Task WriteWithinTimeoutAsync(HttpContext http, Func<CancellationToken, Task> write)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        deadline.CancelAfter(Options.WriteTimeout);
        try
        {
            await write(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !http.RequestAborted.IsCancellationRequested)
        {
            http.Abort(); // too slow a reader: what it held goes back
        }
    }
}
