using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ScottPlot;

namespace Feed.Bench;

/// <summary>docs/benchmarks.md and docs/benchmarks.png from one run: dated, machine described, targets checked.</summary>
public sealed class Report(BenchSettings settings)
{
    public List<SeedFigures> Seeding { get; } = [];

    public List<PageFigures> Pages { get; } = [];

    public List<HttpFigures> Http { get; } = [];

    /// <summary>The size of the feed measured (the first engine's seed).</summary>
    private long SeededItems => Seeding.FirstOrDefault()?.Result.Items ?? 0;

    public async Task WriteAsync()
    {
        Directory.CreateDirectory(settings.OutputDirectory);
        Chart(Path.Combine(settings.OutputDirectory, "benchmarks.png"));
        await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "benchmarks.md"), Markdown(), Encoding.UTF8);
    }

    private string Markdown()
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# Benchmarks").AppendLine();
        md.Append("Written as a whole by `bash bench/run.sh` (this file and `benchmarks.png`): every figure below comes from ")
            .AppendLine("the run described in the next section; each section names the command that measured it.").AppendLine();
        md.AppendLine("<!-- run:begin -->").AppendLine("<!-- run:end -->").AppendLine();
        md.AppendLine("## Machine").AppendLine();
        md.AppendLine(inv, $"- CPU: {CpuModel()}, {Environment.ProcessorCount} logical cores; memory: {MemoryGiB():N0} GiB");
        md.AppendLine(inv, $"- OS: {RuntimeInformation.OSDescription}; .NET {Environment.Version} (Release build)");
        foreach (var seed in Seeding)
        {
            md.AppendLine(inv, $"- {seed.Version}");
        }

        md.AppendLine("- Everything on one machine: database, API and load generator share the cores (and with other work: ")
            .AppendLine("  the load average is noted where a script records it).").AppendLine();
        md.AppendLine("<!-- targets:begin -->").AppendLine("<!-- targets:end -->").AppendLine();
        md.AppendLine("<!-- feed:begin -->");
        md.AppendLine(inv, $"## The feed on MariaDB, {SeededItems:N0} items (issue 31)").AppendLine();
        md.AppendLine("### Targets").AppendLine();
        md.AppendLine("| target | measured | met |").AppendLine("|---|---|---|");
        foreach (var (target, measured, met) in Targets())
        {
            md.AppendLine(inv, $"| {target} | {measured} | {(met ? "yes" : "**no**")} |");
        }

        md.AppendLine().AppendLine(inv, $"### Seeding (the `seed` verb's code path, seed 42, {settings.SeedOptionsText})").AppendLine();
        md.AppendLine("| engine | items | users | likes | memberships | rows | seconds | rows/s | items/s |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var s in Seeding)
        {
            var r = s.Result;
            md.Append(inv, $"| {s.Engine} | {r.Items:N0} | {r.Users:N0} | {r.Likes:N0} | {r.Memberships:N0} | {r.Rows:N0} | ")
                .AppendLine(inv, $"{r.Elapsed.TotalSeconds:N1} | {r.RowsPerSecond:N0} | {r.Items / r.Elapsed.TotalSeconds:N0} |");
        }

        md.AppendLine().AppendLine("### Page latency at depth (limit 20, anonymous, in-process through EF Core)").AppendLine();
        md.Append("Keyset: the API's page query (`ItemReads.PageQuery` and `Keyset.Cut`), ")
            .Append(inv, $"{settings.Reps} timed runs after 3 warm-ups. ")
            .Append("OFFSET: the same page as `ORDER BY CreatedAt DESC, Id DESC LIMIT 20 OFFSET depth`, ")
            .Append(inv, $"{Math.Max(3, settings.Reps / 8)} timed runs after 2 warm-ups (the check and one). ")
            .Append("Rows read: the session's `Handler_read_%` counters ")
            .Append("around the query (MariaDB only). Commands: SQL commands EF sent for the keyset page. ")
            .AppendLine("`same` is whether both queries returned the same 20 items.")
            .AppendLine();
        md.AppendLine("![page latency vs depth](benchmarks.png)").AppendLine();
        md.Append("| engine | listing | depth | item | keyset p50 ms | keyset p95 ms | OFFSET p50 ms | OFFSET p95 ms | ")
            .AppendLine("commands | rows read keyset | rows read OFFSET | same |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in Pages)
        {
            var keysetRows = p.KeysetRowsRead?.ToString("N0", inv) ?? "–";
            var offsetRows = p.OffsetRowsRead?.ToString("N0", inv) ?? "–";
            var same = p.SamePage ? "yes" : "NO";
            md.Append(inv, $"| {p.Engine} | {p.Listing} | {p.Label} | {p.Depth:N0} | {p.KeysetP50:N2} | {p.KeysetP95:N2} | ")
                .AppendLine(inv, $"{p.OffsetP50:N1} | {p.OffsetP95:N1} | {p.KeysetCommands} | {keysetRows} | {offsetRows} | {same} |");
        }

        md.AppendLine().AppendLine(inv, $"### HTTP: `GET /feed?limit=20`, MariaDB, {SeededItems:N0} items").AppendLine();
        md.Append(inv, $"wrk, 2 threads, 32 connections, {settings.HttpSeconds} s a run after {HttpLoad.WarmUpSeconds} s of warm-up ")
            .Append(inv, $"on every URL; {HttpLoad.Rounds} rounds, each running every URL once in turn (EF and raw alternating); ")
            .Append("req/s is the median round (all rounds listed), the other columns are from that round. ")
            .Append("The API runs as users run it, in its own process (`dotnet Feed.Api.dll --urls …`, Release, Production settings, ")
            .Append("server GC, rate limiting off, page cache off; a second such process with the page cache on). ")
            .Append("The raw handler runs in a process of its own (`Feed.Bench serve-raw PORT`: a bare Kestrel with one route, ")
            .Append("`bench/Feed.Bench/RawFeedBaseline.cs`): the SQL EF sends today (media joins included, ")
            .Append("copied from MariaDB's general log) ")
            .Append("through MySqlConnector, JSON written by hand, checked to be the same bytes as the API's before measuring. ")
            .Append("Signed in: a bearer token of a seeded user who follows, blocks and mutes nobody. ")
            .Append("API CPU ms/req: the serving process's CPU time (`/proc/PID/stat`) over requests; MariaDB ms/req: the server's; ")
            .Append("statements/req: MariaDB's `Questions`; KB/req: `dotnet.gc.heap.total_allocated` over requests, in the last round ")
            .Append("(dotnet-counters, a session around each run of that round: starting one takes seconds). ")
            .AppendLine("The seed has no photos or avatars.")
            .AppendLine();
        md.Append("| handler | page | req/s | rounds | p50 ms | p99 ms | ")
            .AppendLine("API CPU ms/req | MariaDB CPU ms/req | statements/req | KB allocated/req | non-2xx |")
            .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var h in Http)
        {
            var rounds = string.Join(" / ", h.Rounds.Select(r => r.ToString("N0", inv)));
            var kb = double.IsNaN(h.AllocatedKBPerRequest) ? "–" : h.AllocatedKBPerRequest.ToString("N1", inv);
            md.Append(inv, $"| {h.Handler} | {h.Page} | {h.RequestsPerSecond:N0} | {rounds} | {h.P50:N2} | {h.P99:N2} | ")
                .AppendLine(
                    inv, $"{h.ApiCpuMsPerRequest:N3} | {h.DatabaseMsPerRequest:N3} | {h.StatementsPerRequest:N2} | {kb} | {h.Errors} |");
        }

        md.AppendLine("<!-- feed:end -->");
        return md.ToString();
    }

    private IEnumerable<(string Target, string Measured, bool Met)> Targets()
    {
        var inv = CultureInfo.InvariantCulture;
        foreach (var s in Seeding.Where(s => s.Engine == "MariaDB"))
        {
            yield return (
                string.Create(inv, $"Seeding {s.Result.Items:N0} items into MariaDB ({settings.SeedOptionsText}): ≥ 100,000 rows/s"),
                string.Create(inv, $"{s.Result.RowsPerSecond:N0} rows/s ({s.Result.Items / s.Result.Elapsed.TotalSeconds:N0} items/s)"),
                s.Result.RowsPerSecond >= 100_000);
        }

        foreach (var group in Pages.GroupBy(p => (p.Engine, p.Listing)))
        {
            var first = group.Single(p => p.Label == "first page");
            var second = group.Single(p => p.Label == "page 2");
            var deep = group.Single(p => p.Label == "90 %");
            var ratio = deep.KeysetP50 / first.KeysetP50;
            var vsSecond = deep.KeysetP50 / second.KeysetP50;
            var vsOffset = deep.OffsetP50 / first.OffsetP50;
            yield return (
                string.Create(inv, $"{group.Key.Engine} {group.Key.Listing}: 90 % deep p50 ≤ 1.2× first page"),
                string.Create(inv, $"{deep.KeysetP50:N2} / {first.KeysetP50:N2} ms = {ratio:N2}× ") +
                string.Create(inv, $"(vs page 2, the same query shape: {vsSecond:N2}×; OFFSET: {vsOffset:N0}×)"),
                ratio <= 1.2);
        }

        HttpFigures? Find(string handler, string page) => Http.FirstOrDefault(h => h.Handler == handler && h.Page == page);
        if (Find("EF Core endpoint", "first") is { } efFirst && Find("EF Core endpoint", "90 % deep") is { } efDeep
            && Find("raw MySqlConnector", "first") is { } rawFirst && Find("raw MySqlConnector", "90 % deep") is { } rawDeep)
        {
            yield return (
                "One round trip per page on MySQL (statements per request, EF first / deep)",
                string.Create(inv, $"{efFirst.StatementsPerRequest:N2} / {efDeep.StatementsPerRequest:N2}"),
                efFirst.StatementsPerRequest < 1.05 && efDeep.StatementsPerRequest < 1.05);
            foreach (var (ef, raw) in new[] { (efFirst, rawFirst), (efDeep, rawDeep) })
            {
                var share = ef.RequestsPerSecond / raw.RequestsPerSecond;
                yield return (string.Create(inv, $"HTTP {ef.Page} page: EF ≥ 0.9× the raw handler's req/s"),
                    string.Create(inv, $"{ef.RequestsPerSecond:N0} / {raw.RequestsPerSecond:N0} = {share:N2}×"), share >= 0.9);
            }

            var depthRatio = efDeep.RequestsPerSecond / efFirst.RequestsPerSecond;
            yield return (
                "HTTP 90 % deep req/s ≥ 0.85× first page's (EF)",
                string.Create(inv, $"{efDeep.RequestsPerSecond:N0} / {efFirst.RequestsPerSecond:N0} = {depthRatio:N2}×"),
                depthRatio >= 0.85);
            var cpu = efDeep.DatabaseMsPerRequest / efFirst.DatabaseMsPerRequest;
            yield return (
                "MariaDB CPU per 90 % deep page ≤ 1.2× a first page's (EF)",
                string.Create(inv, $"{efDeep.DatabaseMsPerRequest:N3} / {efFirst.DatabaseMsPerRequest:N3} ms = {cpu:N2}×"),
                cpu <= 1.2);
            foreach (var ef in new[] { efFirst, efDeep })
            {
                yield return (
                    string.Create(inv, $"Allocation ≤ 25 KB per request (EF, {ef.Page} page)"),
                    string.Create(inv, $"{ef.AllocatedKBPerRequest:N1} KB"),
                    ef.AllocatedKBPerRequest <= 25);
            }

            if (Find(HttpLoad.SignedIn, "first") is { } signedIn)
            {
                double Cost(HttpFigures h) => h.ApiCpuMsPerRequest + h.DatabaseMsPerRequest;
                var cost = Cost(signedIn) / Cost(efFirst);
                yield return (
                    "A signed-in first page ≤ 1.3× an anonymous one's cost (API + MariaDB CPU ms per request)",
                    string.Create(inv, $"{Cost(signedIn):N3} / {Cost(efFirst):N3} ms = {cost:N2}× ") +
                    string.Create(inv, $"(API {signedIn.ApiCpuMsPerRequest:N3} / {efFirst.ApiCpuMsPerRequest:N3}, ") +
                    string.Create(inv, $"MariaDB {signedIn.DatabaseMsPerRequest:N3} / {efFirst.DatabaseMsPerRequest:N3}; ") +
                    string.Create(inv, $"req/s {signedIn.RequestsPerSecond:N0} / {efFirst.RequestsPerSecond:N0} = ") +
                    string.Create(inv, $"{signedIn.RequestsPerSecond / efFirst.RequestsPerSecond:N2}×)"),
                    cost <= 1.3);
            }

            if (Find("EF Core endpoint, page cache on", "first") is { } cached)
            {
                var gain = cached.RequestsPerSecond / efFirst.RequestsPerSecond;
                yield return (
                    "Cached anonymous first page ≥ 5× the uncached one's req/s",
                    string.Create(inv, $"{cached.RequestsPerSecond:N0} / {efFirst.RequestsPerSecond:N0} = {gain:N1}×"),
                    gain >= 5);
            }
        }
    }

    private void Chart(string path)
    {
        var plot = new Plot();
        var colors = new[] { Colors.Blue, Colors.Red, Colors.Green, Colors.Orange };
        var i = 0;
        foreach (var group in Pages.Where(p => p.Listing == "mixed").GroupBy(p => p.Engine))
        {
            var xs = group.Select(p => p.DepthPercent).ToArray();
            var keyset = plot.Add.Scatter(xs, group.Select(p => Math.Log10(p.KeysetP50)).ToArray());
            keyset.LegendText = $"{group.Key} keyset";
            keyset.Color = colors[i % colors.Length];
            keyset.LineWidth = 2;
            var offset = plot.Add.Scatter(xs, group.Select(p => Math.Log10(p.OffsetP50)).ToArray());
            offset.LegendText = $"{group.Key} OFFSET";
            offset.Color = colors[i % colors.Length];
            offset.LinePattern = LinePattern.Dashed;
            offset.LineWidth = 2;
            i++;
        }

        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.###", CultureInfo.InvariantCulture),
        };
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Mixed feed, limit 20, {SeededItems:N0} items: p50 latency vs depth"));
        plot.XLabel("depth into the feed (%)");
        plot.YLabel("p50 ms (log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 520);
    }

    private static string CpuModel()
    {
        if (!File.Exists("/proc/cpuinfo"))
        {
            return "unknown";
        }

        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return model?.Split(':', 2)[1].Trim() ?? "unknown";
    }

    private static double MemoryGiB()
    {
        if (!File.Exists("/proc/meminfo"))
        {
            return 0;
        }

        var kibibytes = File.ReadLines("/proc/meminfo").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return double.Parse(kibibytes, CultureInfo.InvariantCulture) / 1024 / 1024;
    }
}
