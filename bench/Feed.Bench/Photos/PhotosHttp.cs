using System.Globalization;
using System.Text;

namespace Feed.Bench;

/// <summary>
/// Issue 28's targets over HTTP, <c>Feed.Bench photos-http FILE URL PID</c>, against the API that bench/photos.sh started
/// at URL as process PID (Release, Production, its render workers on): the pipeline bench's 12 MP JPEG uploaded one at a
/// time (201 with the blurhash and the 320; then every rendition ready, polled every 20 ms), 10 at once against readers
/// (<see cref="PhotosLoad"/>) with the process's RSS, and wrk on a rendition (200 and 304). Writes the docs/benchmarks.md
/// section to FILE. FEED_BENCH_PHOTO_UPLOADS (30) sets the uploads one at a time, FEED_BENCH_PHOTO_SECONDS (15) each
/// readers' window, FEED_BENCH_PHOTO_WRK_SECONDS (10) each wrk run.
/// </summary>
public static class PhotosHttp
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task RunAsync(string output, Uri api, int pid)
    {
        var uploads = Setting("FEED_BENCH_PHOTO_UPLOADS", 30);
        var window = TimeSpan.FromSeconds(Setting("FEED_BENCH_PHOTO_SECONDS", 15));
        var wrkSeconds = Setting("FEED_BENCH_PHOTO_WRK_SECONDS", 10);
        var jpeg = PhotosBench.Photo();
        using var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        var client = await PhotosClient.SignUpAsync(http);
        var idleRss = PhotosLoad.Status(pid, "VmRSS:");

        Console.WriteLine($"== {uploads} uploads one at a time ({jpeg.Length / 1e6:F1} MB JPEG), each until ready");
        for (var i = 0; i < 3; i++)
        {
            await client.UploadAsync(jpeg); // warm: JIT, libvips, the store's folders
        }

        var single = new List<UploadTimes>();
        for (var i = 0; i < uploads; i++)
        {
            single.Add(await client.UploadAsync(jpeg));
        }

        var singleLoad = Load.Average;
        var answered = single.Select(u => u.AnsweredMs).ToList();
        var ready = single.Select(u => u.ReadyMs).ToList();
        Console.WriteLine($"  201 p50 {P(answered, 0.5)} p95 {P(answered, 0.95)} ms; ready p50 {P(ready, 0.5)} p95 {P(ready, 0.95)} ms; "
            + $"load {singleLoad}");

        Console.WriteLine($"== readers at {PhotosLoad.RatePerUrl}/s per URL, without and during {PhotosLoad.AtOnce} uploads at once, "
            + $"{PhotosLoad.Rounds} rounds of {window.TotalSeconds:F0} s");
        var (readers, batches) = await PhotosLoad.MeasureAsync(http, client, pid, jpeg, window);

        Console.WriteLine($"== wrk on a rendition from the local store, {PhotosLoad.Rounds} alternating rounds of {wrkSeconds} s");
        var files = await PhotosFiles.MeasureAsync(client, single[^1].Id, wrkSeconds);

        var md = new StringBuilder()
            .AppendLine("<!-- photos-http:begin -->").AppendLine("## Photos over HTTP: issue 28's targets").AppendLine()
            .AppendLine(Inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash bench/photos.sh` (the code: ")
            .AppendLine("`bench/Feed.Bench/PhotosHttp.cs`, `PhotosLoad.cs`, `PhotosFiles.cs`) against the API in its own process,")
            .AppendLine("as it runs in production: Release, Production environment, server GC, MALLOC_ARENA_MAX=2 as in the")
            .AppendLine(Inv, $"Dockerfile, the media render workers on (Media:Workers {Api("Workers", 2)}, Media:ProcessingConcurrency ")
            .AppendLine(Inv, $"{Api("ProcessingConcurrency", 2)}; 2 and 2 are the defaults), SQLite seeded with 10,000 items by the verb,")
            .AppendLine("the local media store; rate limiting off (one client address). On 2 cores shared with other work: the load")
            .AppendLine("average (1, 5, 15 min) after each measurement is beside each figure.")
            .AppendLine(Inv, $"The upload: the pipeline bench's 4000×3000 JPEG, {jpeg.Length / 1e6:F1} MB, sent as `multipart/form-data`;")
            .AppendLine("\"ready\" is polled with `GET /media/{id}` every 20 ms. The client runs on the same 2 cores.")
            .AppendLine()
            .AppendLine("| Target | Measured | Load average | Met? |")
            .AppendLine("|---|---|---|---|");
        Row(md, "`POST /media` → 201 (blurhash, the 320) ≤ 700 ms p95",
            $"p50 {P(answered, 0.5)} ms, **p95 {P(answered, 0.95)} ms** ({uploads} uploads one at a time)", singleLoad,
            P(answered, 0.95) <= 700);
        Row(md, "Upload → `status: \"ready\"` ≤ 2 s p95",
            $"p50 {P(ready, 0.5)} ms, **p95 {P(ready, 0.95)} ms**", singleLoad, P(ready, 0.95) <= 2000);
        var batchLoads = string.Join("; ", readers.Where(r => r.During).Take(1).SelectMany(r => r.Loads));
        var batchTimes = string.Join(", ", batches.BatchSeconds.Select(s => s.ToString("F1", Inv)));
        Row(md, "10 uploads at once: the API process's RSS ≤ 600 MB",
            $"**peak VmRSS {batches.PeakRssMb} MB** (idle {idleRss} MB; VmHWM over the whole run {batches.HwmMb} MB); "
            + $"{batches.BatchSeconds.Count} batches, each all ready in {batchTimes} s",
            batchLoads, batches.PeakRssMb <= 600);
        foreach (var reader in readers.Where(r => r.During).OrderBy(r => r.Reader))
        {
            var without = readers.Single(r => !r.During && r.Reader == reader.Reader);
            var ratio = reader.P99 / without.P99;
            Row(md, $"Readers' p99 during the uploads ≤ 2× without: `{reader.Reader}`",
                $"**{ratio:F2}×**: p99 {reader.P99:F1} ms during (rounds {Rounds(reader)}) against {without.P99:F1} ms without "
                + $"(rounds {Rounds(without)}); p50 {reader.P50:F1} / {without.P50:F1} ms; "
                + $"{reader.Requests + without.Requests} requests, {reader.Errors + without.Errors} errors",
                $"during {string.Join("; ", reader.Loads)}; without {string.Join("; ", without.Loads)}", ratio <= 2);
        }

        files.WriteRows(md);
        var batchAnswered = P([.. batches.Uploads.Select(u => u.AnsweredMs)], 0.95);
        var batchReady = P([.. batches.Uploads.Select(u => u.ReadyMs)], 0.95);
        var failed = batches.Uploads.Count(u => u.Status != "ready");
        md.AppendLine().AppendLine(Inv, $"During the batches: {batches.Uploads.Count} uploads, 201 p95 {batchAnswered} ms, "
                + $"ready p95 {batchReady} ms, {failed} not ready (failed). A batch begun in a readers' window is finished after it.")
            .AppendLine(Inv, $"Readers: {PhotosLoad.RatePerUrl} requests a second per URL (signed in, so not from the page cache), "
                + $"latency from when each was due; the figures pool the {PhotosLoad.Rounds} rounds.")
            .AppendLine("<!-- photos-http:end -->");
        await File.WriteAllTextAsync(output, md.ToString());
        Console.WriteLine(md);
    }

    internal static void Row(StringBuilder md, string target, string figure, string load, bool met) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {figure} | {load} | {(met ? "met" : "**not met**")} |");

    internal static double P(List<double> values, double p) => Math.Round(HomeFollows.Percentile(values, p), 0);

    private static string Rounds(PhotoReaderFigures reader) => string.Join(" / ", reader.RoundP99s.Select(p => p.ToString("F1", Inv)));

    /// <summary>A Media setting the API was started with (bench/photos.sh passes its environment on), or its default.</summary>
    private static string Api(string name, int fallback) => Environment.GetEnvironmentVariable($"Media__{name}") ?? fallback.ToString(Inv);

    private static int Setting(string name, int fallback) =>
        int.Parse(Environment.GetEnvironmentVariable(name) ?? fallback.ToString(Inv), Inv);
}
