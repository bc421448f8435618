using System.Diagnostics;
using Feed.Api.Data;
using Feed.Api.Follows;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feed.Bench;

/// <summary>One page of one design at one depth, in-process through EF Core: what the database does for it.</summary>
public sealed record HomePageFigures(
    string Engine, string Design, string Page, long Depth, double P50, double P95, double? DatabaseMsPerPage,
    int Commands, long? RowsRead, bool SameAsHome)
{
    /// <summary>Each round's p50 and MariaDB CPU ms per page (NaN on SQLite), and the load average after each.</summary>
    public IReadOnlyList<double> RoundP50s { get; init; } = [];

    public IReadOnlyList<double> RoundCpus { get; init; } = [];

    public IReadOnlyList<string> LoadAverages { get; init; } = [];
}

/// <summary>
/// The home page query against the design it replaced: the mixed <c>/feed</c> page (the yardstick),
/// the home (<see cref="HomeReads.PageQuery"/>: a range of the owner's inbox index), the home of one
/// kind (<c>types=post</c>), and the naive read-time home — the items of the 2,000 followees and the
/// reader, <c>AuthorId IN (…) ORDER BY CreatedAt DESC, Id DESC LIMIT 20</c> (the same keyset window,
/// deferred join and flags; the same pages, since the homes here hold each item at its own time).
/// </summary>
public static class HomePages
{
    private const int Limit = 20;

    public const string Feed = "/feed (mixed, signed in)";
    public const string Home = "home (inbox)";
    public const string HomePosts = "home, types=post";
    public const string Naive = "naive: AuthorId IN (2,000 ids)";

    /// <summary>The designs and the depths each is measured at (a share of its listing, 0 for the first page).</summary>
    public static readonly (string Design, double[] Depths)[] Designs =
        [(Feed, [0]), (Home, [0, 50, 90]), (HomePosts, [0, 90]), (Naive, [0, 50, 90])];

    private const int Rounds = 3;

    /// <summary>Every design at every depth once a round, three rounds; each figure the median of its rounds'.</summary>
    public static async Task<List<HomePageFigures>> MeasureAsync(Engine engine, IHost host, BenchSettings settings)
    {
        var followees = await FolloweesAsync(host);
        var cases = new List<(string Design, string Label, PageRequest Page, long Depth)>();
        foreach (var (design, depths) in Designs)
        {
            foreach (var share in depths)
            {
                var (page, depth) = await PageAtAsync(host, design, share);
                cases.Add((design, share == 0 ? "first" : $"{share:0} %", page, depth));
            }
        }

        var rounds = cases.ToDictionary(c => c, _ => new List<HomePageFigures>());
        for (var round = 1; round <= Rounds; round++)
        {
            foreach (var c in cases)
            {
                var row = await MeasureOneAsync(engine, host, settings, c.Design, c.Label, c.Page, c.Depth, followees);
                rounds[c].Add(row);
                Console.WriteLine(
                    $"  round {round}: {c.Design,-32} {c.Label,-6} (row {c.Depth:N0}): p50 {row.P50:N2} ms, p95 {row.P95:N2} ms, " +
                    $"MariaDB {row.DatabaseMsPerPage?.ToString("N3") ?? "-"} ms/page, {row.Commands} command(s), " +
                    $"rows read {row.RowsRead?.ToString("N0") ?? "-"}; load {Load.Average}");
            }
        }

        return [.. cases.Select(c =>
        {
            var all = rounds[c];
            double Median(IEnumerable<double> values) => values.Order().ElementAt(Rounds / 2);
            return all[0] with
            {
                P50 = Median(all.Select(r => r.P50)),
                P95 = Median(all.Select(r => r.P95)),
                DatabaseMsPerPage = all[0].DatabaseMsPerPage is null ? null : Median(all.Select(r => r.DatabaseMsPerPage!.Value)),
                SameAsHome = all.All(r => r.SameAsHome),
                RoundP50s = [.. all.Select(r => r.P50)],
                RoundCpus = [.. all.Select(r => r.DatabaseMsPerPage ?? double.NaN)],
                LoadAverages = [.. all.SelectMany(r => r.LoadAverages)],
            };
        })];
    }

    private static async Task<HomePageFigures> MeasureOneAsync(
        Engine engine, IHost host, BenchSettings settings, string design, string label, PageRequest page, long depth, long[] followees)
    {
        Func<FeedDbContext, Task<List<long>>> read = db => ReadAsync(db, design, page, followees);
        var ids = await RunAsync(host, read);
        var home = design is Naive ? await RunAsync(host, db => ReadAsync(db, Home, page, followees)) : ids;
        var reps = design is Naive ? Math.Max(5, settings.Reps / 4) : settings.Reps;
        var (p50, p95) = await TimeAsync(reps, () => RunAsync(host, read));
        var perPage = engine.Provider == DatabaseProvider.MySql ? await CpuPerPageAsync(engine, () => RunAsync(host, read)) : null;
        engine.Commands.Reset();
        await RunAsync(host, read);
        var commands = engine.Commands.Count;
        long? rows = engine.Provider == DatabaseProvider.MySql
            ? await PageLatency.RowsReadAsync(host, db => Window(db, design, page, followees).ToListAsync())
            : null;
        return new HomePageFigures(engine.Name, design, label, depth, p50, p95, perPage, commands, rows, ids.SequenceEqual(home))
        {
            LoadAverages = [Load.Average],
        };
    }

    /// <summary>The reader's followees, as the naive design reads them (with the reader: their own items are in the home).</summary>
    public static async Task<long[]> FolloweesAsync(IHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var ids = await db.Follows.Where(f => f.FollowerId == HomeGraph.Reader).Select(f => f.FolloweeId).ToListAsync();
        return [.. ids.Append(HomeGraph.Reader).Order()];
    }

    /// <summary>The page <paramref name="share"/> % deep into the design's listing (the same keys for both homes).</summary>
    public static async Task<(PageRequest Page, long Depth)> PageAtAsync(IHost host, string design, double share)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var (listing, scopeName) = design switch
        {
            Feed => (FeedListing.Of(), FeedListing.Of().Scope),
            HomePosts => (FeedListing.Of(FeedKinds.Post), HomeReads.Scope(HomeGraph.Reader, FeedListing.Of(FeedKinds.Post))),
            _ => (FeedListing.Of(), HomeReads.Scope(HomeGraph.Reader, FeedListing.Of())),
        };
        if (share == 0)
        {
            return (PageRequest.First(scopeName, Limit, HomeGraph.Reader), 0);
        }

        var entries = HomeReads.EntriesOf(db, HomeGraph.Reader, listing);
        var depth = (long)(await entries.LongCountAsync() * share / 100);
        var at = await entries.OrderByDescending(h => h.ArrivedAt).ThenByDescending(h => h.ItemId)
            .Skip((int)depth - 1).Select(h => new { h.ArrivedAt, h.ItemId }).FirstAsync();
        var anchor = new FeedPosition(at.ArrivedAt, at.ItemId);
        return (new PageRequest(scopeName, PageDirection.Before, anchor, Limit, HomeGraph.Reader), depth);
    }

    /// <summary>The bench's reader follows no author read at read time: the inbox alone, as the endpoint reads it then.</summary>
    private static HomeMerge NoneRead => new([], new HomeOptions().PullSettle, DateTime.UtcNow);

    /// <summary>The design's page query, as its endpoint would run it: one SQL command for the window and the rows.</summary>
    public static IQueryable<object> Window(FeedDbContext db, string design, PageRequest page, long[] followees) => design switch
    {
        Feed => ItemReads.PageQuery(db, FeedListing.Of(), page),
        Home => HomeReads.PageQuery(db, HomeGraph.Reader, FeedListing.Of(), page, NoneRead),
        HomePosts => HomeReads.PageQuery(db, HomeGraph.Reader, FeedListing.Of(FeedKinds.Post), page, NoneRead),
        _ => NaivePageQuery(db, followees, page),
    };

    /// <summary>The read-time home: the followees' items by the feed's keyset, in <c>ItemReads.PageQuery</c>'s shape.</summary>
    public static IQueryable<FeedRow> NaivePageQuery(FeedDbContext db, long[] authors, PageRequest page) =>
        db.FeedItems
            .Join(
                Keyset.Window(
                    db.FeedItems.Where(i => EF.Constant(authors).Contains(i.AuthorId)), i => i.CreatedAt, i => i.Id, page, i => i.Id),
                item => item.Id,
                key => key,
                (item, _) => item)
            .ToRows(db, page.CallerId);

    private static async Task<List<long>> ReadAsync(FeedDbContext db, string design, PageRequest page, long[] followees)
    {
        switch (design)
        {
            case Home or HomePosts:
                var listing = design is Home ? FeedListing.Of() : FeedListing.Of(FeedKinds.Post);
                var query = HomeReads.PageQuery(db, HomeGraph.Reader, listing, page, NoneRead);
                var rows = await HomeReads.ReadAsync(query, CancellationToken.None);
                var home = await HomeReads.CutAsync(db, HomeGraph.Reader, listing, page, NoneRead, rows, CancellationToken.None);
                return [.. home.Rows.Select(r => r.Entry.Item.Id)];
            case Feed:
                var feed = await Keyset.ReadAsync(
                    ItemReads.PageQuery(db, FeedListing.Of(), page), e => e.Position, page,
                    db.FeedItems, i => i.CreatedAt, i => i.Id, CancellationToken.None);
                return [.. feed.Rows.Select(e => e.Item.Id)];
            default:
                var naive = await Keyset.ReadAsync(
                    NaivePageQuery(db, followees, page), e => e.Position, page,
                    db.FeedItems.Where(i => EF.Constant(followees).Contains(i.AuthorId)), i => i.CreatedAt, i => i.Id,
                    CancellationToken.None);
                return [.. naive.Rows.Select(e => e.Item.Id)];
        }
    }

    private static async Task<List<long>> RunAsync(IHost host, Func<FeedDbContext, Task<List<long>>> read)
    {
        using var scope = host.Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<FeedDbContext>());
    }

    /// <summary>
    /// MariaDB's CPU milliseconds per page: pages one after another for <see cref="CpuSeconds"/> (at least
    /// 10), over the server's CPU time (<c>/proc</c>, which counts in 10 ms ticks: hence many pages).
    /// </summary>
    private static async Task<double?> CpuPerPageAsync(Engine engine, Func<Task> run)
    {
        var before = HttpLoad.DatabaseCpuSeconds(engine);
        var clock = Stopwatch.StartNew();
        var pages = 0;
        while (pages < 10 || clock.Elapsed < CpuSeconds)
        {
            await run();
            pages++;
        }

        return (HttpLoad.DatabaseCpuSeconds(engine) - before) * 1000 / pages;
    }

    private static readonly TimeSpan CpuSeconds = TimeSpan.FromSeconds(3);

    private static async Task<(double P50, double P95)> TimeAsync(int reps, Func<Task> run)
    {
        for (var i = 0; i < 3; i++)
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
        return (times[(int)Math.Ceiling(0.50 * reps) - 1], times[(int)Math.Ceiling(0.95 * reps) - 1]);
    }
}
