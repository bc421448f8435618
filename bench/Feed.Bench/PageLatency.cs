using System.Diagnostics;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feed.Bench;

/// <summary>One page (limit 20) of one listing at one depth, our keyset query against an OFFSET query of the same page.</summary>
public sealed record PageFigures(
    string Engine, string Listing, string Label, double DepthPercent, long Depth,
    double KeysetP50, double KeysetP95, double OffsetP50, double OffsetP95,
    int KeysetCommands, long? KeysetRowsRead, long? OffsetRowsRead, bool SamePage);

public static class PageLatency
{
    /// <summary>The first page (no cursor), the second (the first cursor page), then 50/90/99 % deep.</summary>
    public static readonly (string Label, double Percent)[] Depths =
        [("first page", 0), ("page 2", -1), ("50 %", 50), ("90 %", 90), ("99 %", 99)];

    private const int Limit = 20;

    public static readonly (string Name, string[] Kinds)[] Listings =
        [("mixed", []), (FeedKinds.Post, [FeedKinds.Post]), (FeedKinds.Game, [FeedKinds.Game]), (FeedKinds.Team, [FeedKinds.Team])];

    public static async Task<List<PageFigures>> MeasureAsync(Engine engine, IHost host, BenchSettings settings)
    {
        var figures = new List<PageFigures>();
        foreach (var (listing, kinds) in Listings.Where(l => settings.Listings.Contains(l.Name)))
        {
            long count;
            using (var scope = host.Services.CreateScope())
            {
                count = await scope.ServiceProvider.GetRequiredService<FeedDbContext>().FeedItems.OfKinds(kinds).LongCountAsync();
            }

            foreach (var (label, share) in Depths)
            {
                var depth = share < 0 ? Limit : (long)(count * share / 100);
                var percent = 100.0 * depth / count;
                var anchor = depth == 0 ? default : await PositionAtAsync(host, kinds, depth - 1);
                var direction = depth == 0 ? PageDirection.First : PageDirection.Before;
                var page = new PageRequest(FeedListing.Of(kinds).Scope, direction, anchor, Limit, CallerId: null);

                var keysetIds = await KeysetPageAsync(host, kinds, page);
                var offsetIds = await OffsetPageAsync(host, kinds, depth);

                var keyset = await TimeAsync(settings.Reps, () => KeysetPageAsync(host, kinds, page));
                var offset = await TimeAsync(Math.Max(3, settings.Reps / 8), () => OffsetPageAsync(host, kinds, depth), warmUps: 1);

                engine.Commands.Reset();
                await KeysetPageAsync(host, kinds, page);
                var commands = engine.Commands.Count;

                long? keysetRows = null, offsetRows = null;
                if (engine.Provider == DatabaseProvider.MySql)
                {
                    keysetRows = await RowsReadAsync(host, db => ItemReads.PageQuery(db, FeedListing.Of(kinds), page).ToListAsync());
                    offsetRows = await RowsReadAsync(host, db => OffsetQuery(db, kinds, depth).ToListAsync());
                }

                var row = new PageFigures(engine.Name, listing, label, percent, depth, keyset.P50, keyset.P95, offset.P50, offset.P95,
                    commands, keysetRows, offsetRows, keysetIds.SequenceEqual(offsetIds));
                figures.Add(row);
                Console.WriteLine(
                    $"  {listing,-5} {label,-10} (item {depth:N0}): keyset p50 {row.KeysetP50:N2} ms p95 {row.KeysetP95:N2} ms, " +
                    $"OFFSET p50 {row.OffsetP50:N1} ms; {commands} command(s); " +
                    $"rows read {keysetRows?.ToString("N0") ?? "-"} vs {offsetRows?.ToString("N0") ?? "-"}");
            }
        }

        return figures;
    }

    private static async Task<FeedPosition> PositionAtAsync(IHost host, string[] kinds, long index)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var item = await NewestFirst(db.FeedItems.AsNoTracking().OfKinds(kinds))
            .Skip((int)index).Select(i => new { i.CreatedAt, i.Id }).FirstAsync();
        return new FeedPosition(item.CreatedAt, item.Id);
    }

    /// <summary>What the API runs for a page: a pooled context, the one keyset query, the cut.</summary>
    private static async Task<List<long>> KeysetPageAsync(IHost host, string[] kinds, PageRequest page)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var slice = await Keyset.ReadAsync(
            ItemReads.PageQuery(db, FeedListing.Of(kinds), page),
            e => e.Position,
            page,
            ItemReads.ItemsOf(db, FeedListing.Of(kinds)),
            i => i.CreatedAt,
            i => i.Id,
            CancellationToken.None);
        return slice.Rows.Select(e => e.Item.Id).ToList();
    }

    /// <summary>The baseline: the same page by skipping <paramref name="depth"/> items.</summary>
    private static async Task<List<long>> OffsetPageAsync(IHost host, string[] kinds, long depth)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        return (await OffsetQuery(db, kinds, depth).ToListAsync()).Select(e => e.Item.Id).ToList();
    }

    private static IQueryable<FeedRow> OffsetQuery(FeedDbContext db, string[] kinds, long depth) =>
        NewestFirst(db.FeedItems.OfKinds(kinds)).Skip((int)depth).Take(Limit).ToRows(db, null);

    private static IOrderedQueryable<FeedItem> NewestFirst(IQueryable<FeedItem> items) =>
        items.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id);

    private static async Task<(double P50, double P95)> TimeAsync(int reps, Func<Task> run, int warmUps = 3)
    {
        for (var i = 0; i < warmUps; i++)
        {
            await run(); // warm: JIT, query cache, buffer pool
        }

        var times = new double[reps];
        for (var i = 0; i < reps; i++)
        {
            var clock = Stopwatch.StartNew();
            await run();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        return (Percentile(times, 0.50), Percentile(times, 0.95));
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];

    /// <summary>Rows the server read for one query: the session's Handler_read_* counters around it, less their own cost.</summary>
    internal static async Task<long> RowsReadAsync(IHost host, Func<FeedDbContext, Task> query)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        await db.Database.OpenConnectionAsync();
        var start = await HandlerReadsAsync(db);
        var idle = await HandlerReadsAsync(db) - start;
        var before = await HandlerReadsAsync(db);
        await query(db);
        return await HandlerReadsAsync(db) - before - idle;
    }

    private static async Task<long> HandlerReadsAsync(FeedDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "SHOW SESSION STATUS LIKE 'Handler_read%'";
        await using var reader = await command.ExecuteReaderAsync();
        long total = 0;
        while (await reader.ReadAsync())
        {
            total += long.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }
}
