using System.Text.Json;

namespace Feed.Bench;

/// <summary>
/// One run of <see cref="PhotosHttp"/> as one JSON line, appended to FEED_BENCH_PHOTO_SUMMARY (when set) and labelled
/// FEED_BENCH_PHOTO_SIDE: bench/photos.sh's A/B mode runs two builds alternately and bench/photos_ab.py tabulates them.
/// </summary>
internal static class PhotosSummary
{
    public static async Task AppendAsync(
        List<double> answered, List<double> ready, string singleLoad, List<PhotoReaderFigures> readers, PhotoBatchFigures batches)
    {
        if (Environment.GetEnvironmentVariable("FEED_BENCH_PHOTO_SUMMARY") is not { Length: > 0 } path)
        {
            return;
        }

        var line = JsonSerializer.Serialize(new
        {
            side = Environment.GetEnvironmentVariable("FEED_BENCH_PHOTO_SIDE") ?? "",
            uploads = answered.Count,
            batchPollMs = PhotosLoad.BatchPoll.TotalMilliseconds,
            answeredP50 = PhotosHttp.P(answered, 0.5),
            answeredP95 = PhotosHttp.P(answered, 0.95),
            readyP50 = PhotosHttp.P(ready, 0.5),
            readyP95 = PhotosHttp.P(ready, 0.95),
            singleLoad,
            readers = readers.Where(r => r.During).OrderBy(r => r.Reader).Select(r =>
            {
                var without = readers.Single(w => !w.During && w.Reader == r.Reader);
                return new
                {
                    reader = r.Reader,
                    ratio = Math.Round(r.P99 / without.P99, 2),
                    p99During = Math.Round(r.P99, 1),
                    p99Without = Math.Round(without.P99, 1),
                    p50During = Math.Round(r.P50, 1),
                    p50Without = Math.Round(without.P50, 1),
                    loads = r.Loads.Concat(without.Loads),
                };
            }),
            peakRssMb = batches.PeakRssMb,
            batchSeconds = batches.BatchSeconds.Select(s => Math.Round(s, 1)),
            batchAnsweredP95 = PhotosHttp.P([.. batches.Uploads.Select(u => u.AnsweredMs)], 0.95),
            batchReadyP95 = PhotosHttp.P([.. batches.Uploads.Select(u => u.ReadyMs)], 0.95),
            failed = batches.Uploads.Count(u => u.Status != "ready"),
        });
        await File.AppendAllTextAsync(path, line + "\n");
    }
}
