using NetVips;

namespace Feed.Api.Media.Images;

/// <summary>
/// libvips set up once per process for a server: operation cache off (an upload never repeats an operation,
/// and the cache would hold decoded images), a bounded worker count per pipeline, and every loader blocked
/// except the four the service accepts, so not even a sniffing mistake can reach the SVG, PDF, GIF, TIFF,
/// ImageMagick or other loaders the bundled library carries.
/// </summary>
static class VipsRuntime
{
    /// <summary>Worker threads libvips gives one image pipeline; see <see cref="Ensure"/>.</summary>
    public const int ThreadsPerImage = 2;

    /// <summary>
    /// How many fast passes run at once; the rest wait. One per core: more only share the cores and add memory.
    /// The fast pass has its own gate so an upload's answer never waits behind other uploads' slow passes.
    /// </summary>
    public static readonly SemaphoreSlim Preparing = new(Environment.ProcessorCount);

    /// <summary>How many slow passes (a full decode and three encodes, ~10–40 MB each) run at once.</summary>
    public static readonly SemaphoreSlim Rendering = new(Environment.ProcessorCount);

    static readonly Lazy<bool> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Configures libvips on first use. Two threads per image: with the gates above, a 2-core server with 10
    /// uploads at once runs at most 4 images (8 libvips threads) and queues the rest, instead of decoding 10 at
    /// once for no more throughput and 10 × the memory (bench/photos.sh measured both).
    /// </summary>
    public static void Ensure() => _ = Configured.Value;

    static bool Configure()
    {
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        NetVips.NetVips.Concurrency = ThreadsPerImage;
        Operation.Block("VipsForeignLoad", true);
        foreach (var allowed in new[] { "VipsForeignLoadJpeg", "VipsForeignLoadPng", "VipsForeignLoadWebp", "VipsForeignLoadHeif" })
        {
            Operation.Block(allowed, false);
        }

        return true;
    }
}
