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
    public const int ThreadsPerImage = 1;

    static readonly Lazy<bool> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Configures libvips on first use. One thread per image: a 2-core server with 10 uploads at once then
    /// runs 10 threads, not 10 × the default (one per core), and every rendition is still encoded in parallel
    /// with the others' uploads. A single upload loses little: its work is mostly the JPEG decode and the WebP
    /// encode, which libvips runs on one thread anyway.
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
