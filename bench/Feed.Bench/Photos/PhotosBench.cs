using System.Diagnostics;
using System.Globalization;
using System.Text;
using Feed.Api.Media.Images;
using NetVips;

namespace Feed.Bench;

/// <summary>
/// The image pipeline's benchmark (issue 28), <c>Feed.Bench photos FILE</c>: a 12 MP photo-like JPEG made here (gradients
/// under seeded noise, ~4.5 MB at quality 92), <see cref="ImagePipeline.Prepare"/> and <see cref="ImagePipeline.RenderRest"/>
/// one at a time (p50/p95), then 10 uploads at once (each Prepare then RenderRest) with the process's RSS sampled every
/// 10 ms, and the PNG bomb's refusal. Per libvips thread count (2, the pipeline's setting, and 1). Writes the
/// docs/benchmarks.md section to FILE (bench/photos.sh puts it in place). FEED_BENCH_PHOTO_RUNS (40) sets the runs.
/// </summary>
public static class PhotosBench
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string output)
    {
        var runs = int.Parse(Environment.GetEnvironmentVariable("FEED_BENCH_PHOTO_RUNS") ?? "40", Inv);
        var jpeg = Photo();
        var md = new StringBuilder();
        var idleRss = Rss();
        _ = ImagePipeline.Prepare(jpeg); // configures libvips (and warms it) before the thread count is set
        md.AppendLine("<!-- photos:begin -->").AppendLine("## Photos: the image pipeline (issue 28)").AppendLine()
            .AppendLine(Inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash bench/photos.sh`")
            .AppendLine("(the code: `bench/Feed.Bench/PhotosBench.cs`),")
            .AppendLine(Inv, $"NetVips 3.2.0 on libvips {Version()} ")
            .AppendLine(Inv, $"(NetVips.Native.linux-x64), Release, server GC, MALLOC_ARENA_MAX={Arenas()}")
            .AppendLine(Inv, $"as in the Dockerfile, on 2 cores shared with other work (load {Load()}).")
            .AppendLine(Inv, $"The upload: a 4000×3000 JPEG of gradients under seeded noise, {jpeg.Length / 1e6:F1} MB (quality 92).")
            .AppendLine("Targets: Prepare ≤ 700 ms p95, every rendition ≤ 2 s, 10 at once RSS ≤ 600 MB.")
            .AppendLine(Inv, $"RSS before any image work: {idleRss} MB.")
            .AppendLine()
            .AppendLine("| libvips threads per image | Prepare p50 / p95 | RenderRest p50 / p95 "
                + "| 10 at once: each upload p50 / p95 | 10 at once: all done | peak RSS |")
            .AppendLine("|---|---|---|---|---|---|");
        var targets = new StringBuilder().AppendLine().AppendLine("| target | measured | met |").AppendLine("|---|---|---|");
        string Met(bool met) => met ? "yes" : "**no**";
        // FEED_BENCH_PHOTO_THREADS: the libvips thread counts measured (2,1; bench/run.sh's short run: 2, the default).
        var threadCounts = (Environment.GetEnvironmentVariable("FEED_BENCH_PHOTO_THREADS") ?? "2,1").Split(',')
            .Select(t => int.Parse(t, Inv));
        foreach (var threads in threadCounts)
        {
            NetVips.NetVips.Concurrency = threads;
            Console.WriteLine($"== {threads} libvips thread(s) per image: {runs} × Prepare, {runs} × RenderRest, 3 × 10 at once");
            var prepare = Times(runs, () => ImagePipeline.Prepare(jpeg));
            var rest = Times(runs, () => ImagePipeline.RenderRest(jpeg));
            var (each, all, peak) = await TenAtOnceAsync(jpeg);
            md.AppendLine(Inv, $"| {threads} | {P(prepare, 50)} / {P(prepare, 95)} ms | {P(rest, 50)} / {P(rest, 95)} ms | "
                + $"{P(each, 50)} / {P(each, 95)} ms | {all.Max():F0} ms (worst of 3) | {peak} MB |");
            var (prepare95, rest95) = (P(prepare, 95), P(rest, 95));
            targets.AppendLine(Inv, $"| Prepare ≤ 700 ms p95 ({threads} libvips threads) | {prepare95:F0} ms | {Met(prepare95 <= 700)} |")
                .AppendLine(Inv, $"| Every rendition ≤ 2 s: RenderRest p95 ({threads} threads) | {rest95:F0} ms | {Met(rest95 <= 2000)} |")
                .AppendLine(Inv, $"| 10 at once: RSS ≤ 600 MB ({threads} threads) | peak {peak} MB | {Met(peak <= 600)} |");
        }

        md.Append(targets);

        NetVips.NetVips.Concurrency = 2;
        var bomb = File.ReadAllBytes(Path.Combine(Environment.GetEnvironmentVariable("FEED_BENCH_ROOT") ?? ".",
            "Feed.Tests", "Media", "Images", "Fixtures", "bomb-50000x50000.png"));
        var before = Rss();
        var refusal = Times(runs, () => Refuse(bomb));
        md.AppendLine().AppendLine(Inv, $"The PNG bomb (50,000 × 50,000 in {bomb.Length / 1e3:F0} KB, 2.5 GB once decoded) is refused")
            .AppendLine(Inv, $"(TooManyPixels) in {P(refusal, 50):F2} ms p50, {P(refusal, 95):F2} ms p95;")
            .AppendLine(Inv, $"RSS {before} MB before {runs} refusals, {Rss()} MB after.")
            .AppendLine(Inv, $"Peak RSS of the whole run (VmHWM): {Hwm()} MB.").AppendLine("<!-- photos:end -->");
        await File.WriteAllTextAsync(output, md.ToString());
        Console.WriteLine(md);
    }

    /// <summary>A photo-like 12 MP JPEG: the same bytes every run (libvips's seeded Gaussian noise).</summary>
    internal static byte[] Photo()
    {
        using var xy = Image.Xyz(4000, 3000);
        using var r = xy[0] * (180.0 / 4000) + xy[1] * (60.0 / 3000);
        using var g = xy[1] * (200.0 / 3000) + 30;
        using var b = (xy[0] + xy[1]) * (150.0 / 7000) + 60;
        using var noise = Image.Gaussnoise(4000, 3000, sigma: 5.5, mean: 0, seed: 28).Bandjoin(
            Image.Gaussnoise(4000, 3000, sigma: 5.5, mean: 0, seed: 29),
            Image.Gaussnoise(4000, 3000, sigma: 5.5, mean: 0, seed: 30));
        using var picture = (r.Bandjoin(g, b) + noise).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);
        return picture.JpegsaveBuffer(q: 92);
    }

    static async Task<(List<double> Each, List<double> All, long PeakMb)> TenAtOnceAsync(byte[] jpeg)
    {
        List<double> each = [], all = [];
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss());
                await Task.Delay(10);
            }
        });
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            var uploads = Enumerable.Range(0, 10).Select(upload => Task.Run(() =>
            {
                var started = Stopwatch.StartNew();
                _ = ImagePipeline.Prepare(jpeg);
                _ = ImagePipeline.RenderRest(jpeg);
                return started.Elapsed.TotalMilliseconds;
            }));
            each.AddRange(await Task.WhenAll(uploads));
            all.Add(clock.Elapsed.TotalMilliseconds);
        }

        await sampling.CancelAsync();
        await sampler;
        return (each, all, peak);
    }

    static void Refuse(byte[] bomb)
    {
        try
        {
            ImagePipeline.Prepare(bomb);
            throw new InvalidOperationException("The bomb was not refused.");
        }
        catch (ImageRejectedException e) when (e.Reason == ImageRejection.TooManyPixels)
        {
        }
    }

    static List<double> Times(int runs, Action work)
    {
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            work();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return Math.Round(sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)], 2);
    }

    static long Rss() => Status("VmRSS:");

    static long Hwm() => Status("VmHWM:");

    static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv) / 1024;

    static string Version() => $"{NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}";

    static string Arenas() => Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? "unset (glibc's default)";

    static string Load() => string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
