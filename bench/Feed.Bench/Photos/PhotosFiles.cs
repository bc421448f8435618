using System.Globalization;
using System.Text;

namespace Feed.Bench;

/// <summary>
/// <c>GET /media/files/{token}/{file}</c> from the local store under wrk (2 threads, 32 connections): the 320 and the 640
/// (200, the whole file), and the 640 with its <c>If-None-Match</c> (304, no body), alternating, three rounds; the median
/// round of each is kept, its load average beside it.
/// </summary>
internal sealed class PhotosFiles
{
    private readonly List<(string Name, long Bytes, List<(HttpFigures Figures, string Load)> Rounds)> _runs = [];

    public static async Task<PhotosFiles> MeasureAsync(PhotosClient client, long mediaId, int seconds)
    {
        var small = await client.RenditionAsync(mediaId, "320");
        var medium = await client.RenditionAsync(mediaId, "640");
        (string Name, string Url, long Bytes, string[] Headers)[] runs =
        [
            ("the 320 (200)", small.Url, small.Bytes, []),
            ("the 640 (200)", medium.Url, medium.Bytes, []),
            ("the 640, `If-None-Match` (304)", medium.Url, 0, [$"If-None-Match: {medium.ETag}"]),
        ];
        await CheckNotModifiedAsync(medium.Url, runs[2].Headers[0]); // wrk counts a 304 as a success: check it is one
        var files = new PhotosFiles();
        foreach (var run in runs)
        {
            await HttpLoad.RunWrkAsync(run.Url, 3, run.Headers); // warm
            files._runs.Add((run.Name, run.Bytes, []));
        }

        for (var round = 1; round <= PhotosLoad.Rounds; round++)
        {
            for (var i = 0; i < runs.Length; i++)
            {
                var wrk = await HttpLoad.RunWrkAsync(runs[i].Url, seconds, runs[i].Headers);
                var figures = HttpLoad.Parse(runs[i].Name, "", wrk);
                files._runs[i].Rounds.Add((figures, Load.Average));
                Console.WriteLine($"  round {round}: {runs[i].Name}: {figures.RequestsPerSecond:N0} req/s, p99 {figures.P99:N1} ms, "
                    + $"{figures.Errors} errors; load {Load.Average}");
            }
        }

        return files;
    }

    public void WriteRows(StringBuilder md)
    {
        foreach (var (name, bytes, rounds) in _runs)
        {
            var sorted = rounds.OrderBy(r => r.Figures.RequestsPerSecond).ToList();
            var (median, load) = sorted[sorted.Count / 2];
            var all = string.Join(" / ", rounds.Select(r => r.Figures.RequestsPerSecond.ToString("N0", CultureInfo.InvariantCulture)));
            var size = bytes > 0 ? $"{bytes / 1024.0:F1} KB, " : "";
            PhotosHttp.Row(md, $"A rendition from the local store ≥ 5,000 req/s: {name}",
                $"**{median.RequestsPerSecond:N0} req/s** median of {all}; {size}p99 {median.P99:F1} ms, {median.Errors} non-2xx/3xx",
                load, median.RequestsPerSecond >= 5000 && median.Errors == 0);
        }
    }

    private static async Task CheckNotModifiedAsync(string url, string header)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation(header[..header.IndexOf(':')], header[(header.IndexOf(':') + 2)..]);
        using var response = await http.SendAsync(request);
        if (response.StatusCode != System.Net.HttpStatusCode.NotModified)
        {
            throw new InvalidOperationException($"{url} with {header} answered {(int)response.StatusCode}, not 304.");
        }
    }
}
