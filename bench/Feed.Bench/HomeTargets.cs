using System.Globalization;
using System.Text;

namespace Feed.Bench;

/// <summary>
/// Issue 27's targets against the home benchmark's figures, one row per target and engine. The home
/// is compared with the signed-in /feed (both compute the caller's flags); the anonymous /feed's
/// ratio is shown beside it.
/// </summary>
public static class HomeTargets
{
    private const string TimeIndex = "IX_HomeEntries_OwnerId_ArrivedAt_ItemId";

    private const string KindIndex = "IX_HomeEntries_OwnerId_Kind_ArrivedAt_ItemId";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(StringBuilder md, HomeReport report)
    {
        md.AppendLine("### Targets").AppendLine().AppendLine("| target | engine | measured | met |").AppendLine("|---|---|---|---|");
        foreach (var engine in report.Seeding.Select(s => s.Engine))
        {
            Pages(md, report, engine);
            Plans(md, report, engine);
            FanOut(md, report, engine);
            foreach (var f in report.Follows.Where(f => f.Engine == engine))
            {
                var limit = f.Operation == HomeFollows.Follow ? 50 : 200;
                Row(md, $"{f.Operation}: p95 ≤ {limit} ms", engine,
                    $"{f.P95:N1} ms (rounds' p95: {HomeReport.Join(f.RoundP95s, "N1")})", f.P95 <= limit);
            }
        }

        md.AppendLine();
    }

    private static void Pages(StringBuilder md, HomeReport report, string engine)
    {
        HttpFigures? Find(string handler, string page) => report.Http
            .Where(h => h.Engine == engine && h.Figures.Handler == handler && h.Figures.Page == page)
            .Select(h => h.Figures).FirstOrDefault();
        if (Find("/feed", "first, signed in") is not { } feed || Find("/feed", "first, anonymous") is not { } anonymous)
        {
            return;
        }

        foreach (var page in new[] { "first", "90 % deep" })
        {
            if (Find("/home", page) is not { } home)
            {
                continue;
            }

            var share = home.RequestsPerSecond / feed.RequestsPerSecond;
            Row(md, $"/home {page} page: req/s ≥ /feed first page's / 1.2 (≥ 0.83×)", engine,
                $"{home.RequestsPerSecond:N0} / {feed.RequestsPerSecond:N0} signed in = {share:N2}× " +
                $"(anonymous /feed {anonymous.RequestsPerSecond:N0}: {home.RequestsPerSecond / anonymous.RequestsPerSecond:N2}×)",
                share >= 1 / 1.2);
            if (double.IsNaN(home.DatabaseMsPerRequest))
            {
                continue;
            }

            var cpu = home.DatabaseMsPerRequest / feed.DatabaseMsPerRequest;
            var cpuAnonymous = home.DatabaseMsPerRequest / anonymous.DatabaseMsPerRequest;
            Row(md, $"/home {page} page: MariaDB CPU per page ≤ 1.2× /feed first page's", engine,
                $"{home.DatabaseMsPerRequest:N3} / {feed.DatabaseMsPerRequest:N3} ms signed in = {cpu:N2}× " +
                $"(anonymous {anonymous.DatabaseMsPerRequest:N3} ms: {cpuAnonymous:N2}×)",
                cpu <= 1.2);
            Row(md, $"/home {page} page: one SQL command (statements per request served)", engine,
                $"{home.StatementsPerRequest:N2}", home.StatementsPerRequest < 1.05);
        }
    }

    private static void Plans(StringBuilder md, HomeReport report, string engine)
    {
        foreach (var plan in report.Plans.Where(p => p.Engine == engine && p.Design is HomePages.Home or HomePages.HomePosts))
        {
            var index = plan.Design == HomePages.Home ? TimeIndex : KindIndex;
            var home = string.Join("; ", plan.Paths.Split([", ", "; "], StringSplitOptions.None)
                .Where(p => p.Contains("HomeEntries", StringComparison.Ordinal)));
            Row(md, $"{plan.Design}, {plan.Page} page: one range of `{index}`, no filesort", engine,
                $"{(home.Length > 0 ? home : "no HomeEntries index")}; filesort: {(plan.Filesort ? "yes" : "no")}" +
                (plan.RowsExamined is { } examined ? $"; {examined:N0} rows examined in all" : ""),
                plan.Paths.Contains(index, StringComparison.Ordinal) && !plan.Filesort);
        }
    }

    private static void FanOut(StringBuilder md, HomeReport report, string engine)
    {
        foreach (var f in report.FanOuts.Where(f => f.Engine == engine))
        {
            var limit = f.Followers <= 10_000 ? 2.0 : f.Followers >= 1_000_000 ? 5.0 : double.NaN;
            var target = double.IsNaN(limit) ? " (no target)" : $" ≤ {limit:N0} s";
            var way = f.Pulled ? "read at read time" : "copied";
            Row(md, $"post to {f.Followers:N0} followers in every home ({way}): p95{target}", engine,
                $"p95 {f.P95:N2} s over {f.Seconds.Count} posts ({f.RowsPerSecond:N0} rows/s" +
                (f.RowsReadPerFollower is { } read ? $", {read:N1} rows read per follower" : "") + $"); load {f.LoadAverage}",
                double.IsNaN(limit) || f.P95 <= limit);
        }

        foreach (var during in report.Readers.Where(r => r.Engine == engine && r.During != "without"))
        {
            var without = report.Readers.Single(r => r.Engine == engine && r.Reader == during.Reader && r.During == "without");
            Row(md, $"{during.Reader}: p99 during fan-out to {report.ReadersFollowers[engine]:N0} ≤ 2× without", engine,
                $"{during.P99:N1} / {without.P99:N1} ms = {during.P99 / without.P99:N2}×", during.P99 <= 2 * without.P99);
        }
    }

    private static void Row(StringBuilder md, string target, string engine, string measured, bool met) =>
        md.AppendLine(Inv, $"| {target} | {engine} | {measured} | {(met ? "yes" : "**no**")} |");
}
