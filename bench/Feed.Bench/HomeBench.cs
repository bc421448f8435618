using System.Globalization;
using Feed.Api.Seeding;

namespace Feed.Bench;

/// <summary>
/// The home timeline's benchmark (issue 27), <c>Feed.Bench home FILE</c>: per engine, a fresh
/// database seeded with the seed verb's code (1,000,000 items, 10,000 users, user 1 writing 1 % of
/// them, no follows), the follow graph and homes by SQL (<see cref="HomeGraph"/>), then the page query's plans
/// and costs against the naive read-time design, <c>/home</c> against <c>/feed</c> over HTTP, follows
/// and unfollows, fan-out to 10,000, 100,000 and 1,000,000 followers, and readers during fan-out.
/// Writes the docs/benchmarks.md section to FILE (bench/home.sh puts it in place).
/// Settings (environment): FEED_BENCH_ITEMS (1000000), FEED_BENCH_USERS (10000), FEED_BENCH_HTTP_SECONDS (10),
/// FEED_BENCH_REPS (40), FEED_BENCH_FANOUT (10000,100000,1000000 on MariaDB), FEED_BENCH_SQLITE_FANOUT (10000),
/// FEED_BENCH_READER_SECONDS (10), FEED_BENCH_HOME_ENGINES (MariaDB,SQLite), FEED_BENCH_HOME_PORT (5607; the next one too).
/// </summary>
public static class HomeBench
{
    /// <summary>The API without fan-out workers (pages, follows); the next port, with them (fan-out).</summary>
    private static readonly int Port = Setting("FEED_BENCH_HOME_PORT", "5607").Single();

    /// <summary>
    /// The fan-out size the readers are measured during: the largest that is still copied (an author with
    /// <see cref="Feed.Api.Follows.HomeOptions.PullAbove"/> followers has no fan-out to read during).
    /// </summary>
    private static readonly int ReadersFollowers = new Feed.Api.Follows.HomeOptions().PullAbove - 1;

    public static async Task RunAsync(BenchSettings settings, string output)
    {
        var users = Setting("FEED_BENCH_USERS", "10000").Single();
        var readerSeconds = Setting("FEED_BENCH_READER_SECONDS", "10").Single();
        var report = new HomeReport(settings, users);
        var engines = Environment.GetEnvironmentVariable("FEED_BENCH_HOME_ENGINES") is { Length: > 0 } e
            ? e.Split(',')
            : ["MariaDB", "SQLite"];
        foreach (var name in engines)
        {
            var engine = name == "SQLite" ? Engine.Sqlite(settings, "feed-home") : Engine.MariaDb(settings, "feed_home");
            var sizes = engine.Provider == Feed.Api.Data.DatabaseProvider.Sqlite
                ? Setting("FEED_BENCH_SQLITE_FANOUT", "10000")
                : Setting("FEED_BENCH_FANOUT", "10000,100000,1000000");
            using var host = engine.BuildHost();
            Console.WriteLine($"== {engine.Name}: seeding {settings.Items:N0} items, {users:N0} users");
            // No seeded follow graph (FollowsPerUser 0: each item in its author's home only): HomeGraph makes the one measured.
            var seed = new SeedOptions { Items = settings.Items, Users = users, ActiveAuthor = 0.01, FollowsPerUser = 0 };
            report.Seeding.Add(await engine.SeedAsync(host, seed));
            Console.WriteLine($"== {engine.Name}: the follow graph and homes");
            var graph = new HomeGraph(engine, host, users);
            await graph.BuildAsync();
            Console.WriteLine($"== {engine.Name}: plans of the page queries");
            report.Plans.AddRange(await HomePlans.ExplainAsync(engine, host));
            Console.WriteLine($"== {engine.Name}: pages in-process, home against the naive read-time home");
            report.Pages.AddRange(await HomePages.MeasureAsync(engine, host, settings));
            var noWorkers = new Dictionary<string, string> { ["Home:FanOutWorkers"] = "0" }; // pages and follows only
            await using (var api = new BenchApi(engine, Port, settings: noWorkers).Start())
            {
                Console.WriteLine($"== {engine.Name}: HTTP, /home against /feed (wrk), {HttpLoad.Rounds} alternating rounds");
                report.Http.AddRange((await HomeHttp.MeasureAsync(settings, engine, api, host)).Select(h => (engine.Name, h)));
                Console.WriteLine($"== {engine.Name}: follow and unfollow");
                report.Follows.AddRange(await HomeFollows.MeasureAsync(engine, api, graph));
            }

            await using (var api = new BenchApi(engine, Port + 1).Start())
            {
                var readersAt = sizes.Where(s => s <= ReadersFollowers).DefaultIfEmpty(sizes.Min()).Max();
                foreach (var followers in sizes.Order())
                {
                    Console.WriteLine($"== {engine.Name}: fan-out to {followers:N0} followers");
                    var (celebrity, last, pulled) = await graph.CelebrityAsync(followers);
                    var posts = followers <= 10_000 ? 10 : followers <= 100_000 ? 5 : 3;
                    var warm = followers == sizes.Min();
                    report.FanOuts.Add(await HomeFanOut.MeasureAsync(engine, api, followers, celebrity, last, posts, warm, pulled));
                    if (followers == readersAt)
                    {
                        Console.WriteLine($"== {engine.Name}: readers during fan-out to {followers:N0} followers and without");
                        report.Readers.AddRange(await HomeReaders.MeasureAsync(engine, api, celebrity, readerSeconds));
                        report.ReadersFollowers[engine.Name] = followers;
                    }
                }
            }
        }

        await File.WriteAllTextAsync(output, report.Markdown());
        Console.WriteLine($"Wrote {output}");
    }

    private static int[] Setting(string name, string fallback) =>
        [.. (Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback)
            .Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
}
