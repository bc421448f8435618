using System.Globalization;
using System.Text;

namespace Feed.Bench;

/// <summary>The home benchmark's section of docs/benchmarks.md: the targets (<see cref="HomeTargets"/>), then every figure.</summary>
public sealed class HomeReport(BenchSettings settings, int users)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public List<SeedFigures> Seeding { get; } = [];

    public List<HomePlan> Plans { get; } = [];

    public List<HomePageFigures> Pages { get; } = [];

    public List<(string Engine, HttpFigures Figures)> Http { get; } = [];

    public List<FollowFigures> Follows { get; } = [];

    public List<FanOutFigures> FanOuts { get; } = [];

    public List<ReaderFigures> Readers { get; } = [];

    public Dictionary<string, int> ReadersFollowers { get; } = [];

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine("<!-- home:begin -->").AppendLine("## The home timeline: /home, fan-out, follows (issue 27)").AppendLine();
        md.AppendLine(Inv, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC by `bash bench/home.sh` (bench/run.sh runs it; the code:")
            .AppendLine("`bench/Feed.Bench/Home*.cs`). Release build, Production settings, page cache and rate limiting off. The")
            .AppendLine("machine's 2 cores are shared with other work: the load average (1, 5, 15 min) stands next to each figure.")
            .AppendLine();
        md.AppendLine(Inv, $"Data, per engine: a fresh database seeded by the seed verb's code (seed 42, {settings.Items:N0} items,")
            .AppendLine(Inv, $"{users:N0} users, `ActiveAuthor` 0.01: user 1 wrote 1 % of the items; `FollowsPerUser` 0: no follows,")
            .AppendLine("each item in its author's home only), then, by SQL")
            .AppendLine("(`INSERT … SELECT`, `bench/Feed.Bench/HomeGraph.cs`), the follows and homes that years of use would leave:")
            .AppendLine(Inv, $"- the reader (user {HomeGraph.Reader}) follows {HomeGraph.ReaderFollows:N0} users (the ids that are")
            .AppendLine("  multiples of users / 2,000); their home holds their own items and all of the followees' items, each at")
            .AppendLine("  its own time;")
            .AppendLine(Inv, $"- the last {HomeGraph.HeavyUsers} seeded users follow user 1 and users 11–19, their homes holding all")
            .AppendLine("  of those items (user 1's are nine tenths);")
            .AppendLine("- per fan-out size, a new user followed by the seeded users and, beyond them, by users bulk-inserted")
            .AppendLine("  from a sequence (MariaDB's `seq_1_to_N`, SQLite's recursive CTE), ids from 10,000,001.")
            .AppendLine();
        var variables = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k is not "FEED_BENCH_ROOT" && (k.StartsWith("FEED_BENCH_", StringComparison.Ordinal)
                || k.StartsWith("FEED_MARIADB_", StringComparison.Ordinal)))
            .Order().Select(k => $"{k}={Environment.GetEnvironmentVariable(k)}").ToList();
        md.AppendLine($"Command: `{string.Join(" ", variables.Append("bash bench/home.sh"))}`");
        foreach (var seed in Seeding)
        {
            md.AppendLine(Inv, $"- {seed.Version}: seeded {seed.Result.Rows:N0} rows in {seed.Result.Elapsed.TotalSeconds:N0} s");
        }

        md.AppendLine();
        HomeTargets.Write(md, this);
        PagesSection(md);
        PlansSection(md);
        HttpSection(md);
        FollowsSection(md);
        FanOutSection(md);
        return md.AppendLine("<!-- home:end -->").ToString();
    }

    private void PagesSection(StringBuilder md)
    {
        md.AppendLine("### Home pages against the naive read-time home (in-process, EF Core, limit 20)").AppendLine();
        md.AppendLine(Inv, $"Each page {settings.Reps} timed runs after 3 warm-ups ({Math.Max(5, settings.Reps / 4)} for the naive")
            .AppendLine("design), one after another. MariaDB CPU: the server's CPU time (`/proc`) over the same page run back to back")
            .AppendLine("for 3 s (at least 10 times). Every design and depth once a round, three rounds; p50, p95 and CPU are the")
            .AppendLine("medians of the rounds' (each round's listed). Rows read: the session's `Handler_read_%` counters around one")
            .AppendLine("page. Commands: SQL commands EF sent. Same: the naive page holds the same 20 items as the home's at that")
            .AppendLine("depth. Depth: rows of the reader's listing above the page.").AppendLine();
        md.Append("| engine | design | page | depth | p50 ms | rounds' p50 | p95 ms | MariaDB CPU ms/page | rounds' CPU | commands | ")
            .AppendLine("rows read | same | load after each round |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in Pages)
        {
            md.Append(Inv, $"| {p.Engine} | {p.Design} | {p.Page} | {p.Depth:N0} | {p.P50:N2} | {Join(p.RoundP50s, "N2")} | {p.P95:N2} | ")
                .Append(Inv, $"{Format(p.DatabaseMsPerPage, "N3")} | {Join(p.RoundCpus, "N3")} | {p.Commands} | ")
                .AppendLine(Inv, $"{Format(p.RowsRead, "N0")} | {(p.SameAsHome ? "yes" : "NO")} | {string.Join(" / ", p.LoadAverages)} |");
        }

        md.AppendLine();
    }

    private void PlansSection(StringBuilder md)
    {
        md.AppendLine("### Plans: the SQL of `HomeReads.PageQuery` (`ToQueryString`) explained").AppendLine();
        md.AppendLine("MariaDB: `ANALYZE FORMAT=JSON` (each table's access/index; rows examined = r_rows × r_loops; whether anything")
            .AppendLine("was filesorted) and the tabular `EXPLAIN`; SQLite: `EXPLAIN QUERY PLAN`.").AppendLine();
        md.AppendLine("| engine | design | page | access paths | filesort | rows examined | ms |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var p in Plans)
        {
            md.Append(Inv, $"| {p.Engine} | {p.Design} | {p.Page} | {p.Paths} | {(p.Filesort ? "**yes**" : "no")} | ")
                .AppendLine(Inv, $"{Format(p.RowsExamined, "N0")} | {Format(p.Ms, "N2")} |");
        }

        md.AppendLine();
        foreach (var p in Plans.Where(p => p.Design is HomePages.Home or HomePages.Naive))
        {
            md.AppendLine(Inv, $"{p.Engine}, {p.Design}, {p.Page} page:").AppendLine().AppendLine("```");
            md.Append(p.Explain).AppendLine("```").AppendLine();
        }
    }

    private void HttpSection(StringBuilder md)
    {
        md.AppendLine("### HTTP: `GET /home` against `GET /feed`").AppendLine();
        md.AppendLine(Inv, $"wrk, 2 threads, 32 connections, {settings.HttpSeconds} s a run after {HttpLoad.WarmUpSeconds} s of warm-up")
            .AppendLine(Inv, $"on every URL; {HttpLoad.Rounds} rounds, each running every URL once in turn; req/s is the median round (all")
            .AppendLine("rounds listed, and the load average after each), the other columns from that round. The bearer token is the")
            .AppendLine("reader's. MariaDB CPU ms/req and statements/req: the server's CPU time and `Questions` over the requests the")
            .AppendLine("API served (counted in the API). Spread: (max − min) / median of the rounds' req/s.").AppendLine();
        md.Append("| engine | listing | page | req/s | rounds | spread | p50 ms | p99 ms | MariaDB CPU ms/req | statements/req |")
            .AppendLine(" non-2xx | load after each round |").AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (engine, h) in Http)
        {
            var spread = (h.Rounds.Max() - h.Rounds.Min()) / h.RequestsPerSecond;
            md.Append(Inv, $"| {engine} | {h.Handler} | {h.Page} | {h.RequestsPerSecond:N0} | {Join(h.Rounds, "N0")} | {spread:P0} | ")
                .Append(Inv, $"{h.P50:N2} | {h.P99:N2} | {Format(h.DatabaseMsPerRequest, "N3")} | ")
                .AppendLine(Inv, $"{Format(h.StatementsPerRequest, "N2")} | {h.Errors} | {string.Join(" / ", h.LoadAverages)} |");
        }

        md.AppendLine();
    }

    private void FollowsSection(StringBuilder md)
    {
        md.AppendLine("### Follow and unfollow over HTTP").AppendLine();
        md.AppendLine("One client, one request after another (`PUT`/`DELETE /users/{id}/follow`, latency to the end of the body);")
            .AppendLine("three rounds, each on users of its own: 100 follows of 100 different seeded users, then their 100 unfollows,")
            .AppendLine("then 15 unfollows of user 1 by users whose homes hold all of user 1's items. Rows: the followee's items in")
            .AppendLine("the home (the backfill's, the unfollow's).").AppendLine();
        md.AppendLine("| engine | operation | samples | rows each | p50 ms | p95 ms | max ms | rounds' p95 ms | load after each round |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var f in Follows)
        {
            md.Append(Inv, $"| {f.Engine} | {f.Operation} | {f.Samples} | {f.RowsPerChange:N0} | {f.P50:N1} | {f.P95:N1} | ")
                .AppendLine(Inv, $"{f.Max:N1} | {Join(f.RoundP95s, "N1")} | {string.Join(" / ", f.LoadAverages)} |");
        }

        md.AppendLine();
    }

    private void FanOutSection(StringBuilder md)
    {
        md.AppendLine("### Fan-out: from POST to the last follower's home").AppendLine();
        md.AppendLine("The API with its hosted workers (`Home:FanOutWorkers` 2, `Home:FanOutChunk` 1,000, poll 200 ms). The clock")
            .AppendLine("starts before `POST /posts` and stops when `GET /home?limit=5` of the author's last follower (highest id:")
            .AppendLine("chunks go in id order), asked every 10 ms, shows the post; then the item's home rows are counted (followers")
            .AppendLine("and the author). rows/s: followers over the mean time. Rows read per follower: MariaDB's `Handler_read_%`")
            .AppendLine("counters (the whole server, the last follower's polling included) while the posts went out, per follower")
            .AppendLine("reached: constant when each chunk costs the same, growing with the followers when a chunk's cost grows")
            .AppendLine("with its position. An author with `Home:PullAbove` (100,000) followers or more is read into the homes at")
            .AppendLine("read time (\"read\"): no fan-out, the post shows `Home:PullSettle` (2 s) after its creation, in the homes of")
            .AppendLine("all followers at once; \"every home has it\" then means only the author's own home row exists.").AppendLine();
        md.Append("| engine | followers | way | posts | p50 s | p95 s | max s | rows/s | rows read per follower | each post, s | ")
            .AppendLine("every home has it | load |").AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var f in FanOuts)
        {
            md.Append(Inv, $"| {f.Engine} | {f.Followers:N0} | {(f.Pulled ? "read" : "copied")} | {f.Seconds.Count} | ")
                .Append(Inv, $"{f.P50:N2} | {f.P95:N2} | {f.Max:N2} | ")
                .Append(Inv, $"{f.RowsPerSecond:N0} | {Format(f.RowsReadPerFollower, "N1")} | {Join(f.Seconds, "N2")} | ")
                .AppendLine(Inv, $"{(f.EveryHomeHasIt ? "yes" : "NO")} | {f.LoadAverage} |");
        }

        md.AppendLine().AppendLine("Readers during a fan-out and without it:").AppendLine();
        md.AppendLine(Inv, $"`/home` (the reader's) and `/feed` (signed in as the reader), each at a steady {HomeReaders.RatePerUrl}")
            .AppendLine("requests/s (latency counted from when each request was due); \"during\": the celebrity posts again as soon")
            .AppendLine("as the last post reached every home; \"without\" and \"during\" alternate, three rounds of each.").AppendLine();
        md.Append("| engine | reader | fan-out | requests | p50 ms | p99 ms | max ms | rounds' p99 ms | non-2xx | fan-out rows/s |")
            .AppendLine(" load after each round |").AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in Readers)
        {
            md.Append(Inv, $"| {r.Engine} | {r.Reader} | {r.During} | {r.Requests:N0} | {r.P50:N1} | {r.P99:N1} | {r.Max:N1} | ")
                .Append(Inv, $"{Join(r.RoundP99s, "N1")} | {r.Errors} | ")
                .Append(Format(r.FanOutRowsPerSecond > 0 ? r.FanOutRowsPerSecond : null, "N0") + " | ")
                .AppendLine(string.Join(" / ", r.LoadAverages) + " |");
        }

        md.AppendLine();
    }

    public static string Join(IEnumerable<double> values, string format) =>
        string.Join(" / ", values.Select(v => double.IsNaN(v) ? "–" : v.ToString(format, Inv)));

    private static string Format(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, Inv) : "–";
}
