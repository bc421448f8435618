using Feed.Bench;

// bench/run.sh builds Release, starts MariaDB (scripts/mariadb.sh) and runs this; see docs/benchmarks.md.
// Settings (environment): FEED_BENCH_ITEMS (1000000), FEED_BENCH_HTTP_SECONDS (10), FEED_BENCH_REPS (40),
// FEED_TEST_MYSQL / FEED_TEST_MYSQL_VERSION (from scripts/mariadb.sh env), FEED_BENCH_OUT (docs).
// `Feed.Bench home FILE`: the home timeline's benchmark (bench/home.sh), its section written to FILE.
// `Feed.Bench photos FILE`: the image pipeline's benchmark (bench/photos.sh), its section written to FILE.
// `Feed.Bench photos-http FILE URL PID`: issue 28's targets over HTTP against the API bench/photos.sh started (PID).
// `Feed.Bench serve-raw PORT`: the raw baseline alone on Kestrel (HttpLoad starts it; FEED_BENCH_RAW_MYSQL: its database).
if (args is ["serve-raw", var rawPort])
{
    await RawFeedBaseline.ServeAsync(
        int.Parse(rawPort, System.Globalization.CultureInfo.InvariantCulture), Environment.GetEnvironmentVariable("FEED_BENCH_RAW_MYSQL")!);
    return;
}

if (args is ["photos-http", var photosHttp, var api, var pid])
{
    await PhotosHttp.RunAsync(photosHttp, new Uri(api), int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

// `Feed.Bench photos-page FILE URL MYSQL`: statements per page of 20 photo posts, the API on MariaDB (MYSQL: its server).
if (args is ["photos-page", var photosPage, var pageApi, var mySql])
{
    await PhotosPage.RunAsync(photosPage, new Uri(pageApi), mySql);
    return;
}

if (args is ["photos", var photos])
{
    await PhotosBench.RunAsync(photos);
    return;
}

var settings = BenchSettings.FromEnvironment();
if (args is ["home", var section])
{
    await HomeBench.RunAsync(settings, section);
    return;
}

var report = new Report(settings);

// SQLite's figures (100k items, against the Django peer) come from bench/peers.sh.
foreach (var engine in new[] { Engine.MariaDb(settings) })
{
    Console.WriteLine($"== {engine.Name}: seeding {settings.Items:N0} items");
    using var host = engine.BuildHost();
    report.Seeding.Add(await engine.SeedAsync(host));
    Console.WriteLine($"== {engine.Name}: page latency at depth");
    report.Pages.AddRange(await PageLatency.MeasureAsync(engine, host, settings));
}

Console.WriteLine($"== HTTP: GET /feed?limit=20 at 32 connections (wrk), {HttpLoad.Rounds} alternating rounds");
report.Http.AddRange(await HttpLoad.MeasureAsync(settings, Engine.MariaDb(settings)));

await report.WriteAsync();
Console.WriteLine($"Wrote {Path.Combine(settings.OutputDirectory, "benchmarks.md")} and benchmarks.png");
