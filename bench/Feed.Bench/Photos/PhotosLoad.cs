using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Feed.Bench;

/// <summary>One reader's latencies with and without uploads, over every round, and each round's p99 and load average.</summary>
public sealed record PhotoReaderFigures(
    string Reader, bool During, double P50, double P99, int Requests, int Errors, IReadOnlyList<double> RoundP99s,
    IReadOnlyList<string> Loads);

/// <summary>What the uploads did while the readers read: each batch's time to all ready, and the API process's memory.</summary>
public sealed record PhotoBatchFigures(
    IReadOnlyList<double> BatchSeconds, IReadOnlyList<UploadTimes> Uploads, long PeakRssMb, long IdleRssMb, long HwmMb);

/// <summary>
/// 10 uploads at once against readers: <c>GET /feed?limit=20</c> and <c>GET /posts?limit=20</c> (signed in, so the anonymous
/// page cache does not answer them), each at a steady <see cref="RatePerUrl"/> requests a second from <see cref="Loops"/>
/// loops, latency counted from when each request was due (a stall counts for every request behind it). "During": batches
/// of 10 uploads sent at once, each batch waited for until all 10 are ready, back to back; "without": none. The two
/// alternate, <see cref="Rounds"/> rounds. The API process's VmRSS is sampled every 10 ms from /proc/PID/status.
/// </summary>
internal static class PhotosLoad
{
    public const int RatePerUrl = 50;

    public const int AtOnce = 10;

    public const int Rounds = 3;

    private const int Loops = 4;

    public static async Task<(List<PhotoReaderFigures> Readers, PhotoBatchFigures Batches)> MeasureAsync(
        HttpClient http, PhotosClient uploader, int pid, byte[] jpeg, TimeSpan window)
    {
        (string Name, string Url)[] urls = [("GET /feed?limit=20", "feed?limit=20"), ("GET /posts?limit=20", "posts?limit=20")];
        var times = new Dictionary<(string, bool), List<List<double>>>();
        var errors = new Dictionary<(string, bool), int>();
        var loads = new Dictionary<bool, List<string>> { [false] = [], [true] = [] };
        List<double> batches = [];
        List<UploadTimes> uploads = [];
        var idle = Status(pid, "VmRSS:");
        long peak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, Status(pid, "VmRSS:"));
                await Task.Delay(10);
            }
        });
        await ReadAsync(http, urls, uploader.Token, TimeSpan.FromSeconds(3)); // warm
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var during in new[] { false, true })
            {
                using var stop = new CancellationTokenSource();
                var uploading = during ? UploadBatchesAsync(uploader, jpeg, batches, uploads, stop.Token) : Task.CompletedTask;
                var read = await ReadAsync(http, urls, uploader.Token, window);
                await stop.CancelAsync();
                await uploading;
                loads[during].Add(Load.Average);
                foreach (var (url, (latencies, failed)) in read)
                {
                    times.TryAdd((url, during), []);
                    times[(url, during)].Add(latencies);
                    errors[(url, during)] = errors.GetValueOrDefault((url, during)) + failed;
                }

                Console.WriteLine($"  round {round}, {(during ? $"during {AtOnce} uploads at once" : "without")}: " + string.Join(
                    ", ", read.Select(r => $"{r.Key} p99 {HomeFollows.Percentile(r.Value.Times, 0.99):N1} ms"))
                    + $"; peak RSS {peak} MB; load {Load.Average}");
            }
        }

        await sampling.CancelAsync();
        await sampler;
        var readers = times.Select(t =>
        {
            var all = t.Value.SelectMany(l => l).ToList();
            return new PhotoReaderFigures(
                t.Key.Item1, t.Key.Item2, HomeFollows.Percentile(all, 0.5), HomeFollows.Percentile(all, 0.99), all.Count, errors[t.Key],
                [.. t.Value.Select(l => HomeFollows.Percentile(l, 0.99))], loads[t.Key.Item2]);
        }).ToList();
        return (readers, new PhotoBatchFigures(batches, uploads, peak, idle, Status(pid, "VmHWM:")));
    }

    /// <summary>Batches of <see cref="AtOnce"/> uploads sent together, each waited for until all are ready, until stopped.</summary>
    private static async Task UploadBatchesAsync(
        PhotosClient uploader, byte[] jpeg, List<double> batches, List<UploadTimes> uploads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            var batch = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => Task.Run(() => uploader.UploadAsync(jpeg))));
            batches.Add(clock.Elapsed.TotalSeconds);
            uploads.AddRange(batch);
        }
    }

    /// <summary>Every URL at <see cref="RatePerUrl"/>/s for <paramref name="duration"/>: per URL, the latencies and the failures.</summary>
    private static async Task<Dictionary<string, (List<double> Times, int Errors)>> ReadAsync(
        HttpClient http, (string Name, string Url)[] urls, string token, TimeSpan duration)
    {
        var interval = TimeSpan.FromSeconds((double)Loops / RatePerUrl);
        var clock = Stopwatch.StartNew();
        var loops = urls.SelectMany(url => Enumerable.Range(0, Loops).Select(j => (url.Name, Task: Task.Run(async () =>
        {
            var latencies = new List<double>();
            var failed = 0;
            for (var k = 0; ; k++)
            {
                var due = (interval * j / Loops) + (interval * k);
                if (due >= duration)
                {
                    return (latencies, failed);
                }

                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, url.Url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                failed += response.IsSuccessStatusCode ? 0 : 1;
                latencies.Add((clock.Elapsed - due).TotalMilliseconds);
            }
        })))).ToList();
        await Task.WhenAll(loops.Select(l => l.Task));
        return loops.GroupBy(l => l.Name).ToDictionary(
            g => g.Key, g => (g.SelectMany(l => l.Task.Result.latencies).ToList(), g.Sum(l => l.Task.Result.failed)));
    }

    /// <summary>A field of /proc/PID/status in MB (VmRSS: now; VmHWM: the peak since the process started).</summary>
    public static long Status(int pid, string field) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(field, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}
