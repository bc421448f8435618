using System.Globalization;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Safety;

/// <summary>
/// What a page costs a caller who blocked the most prolific author: one command, and rows read within a constant of limit + K.
/// </summary>
public abstract partial class ScreenedFeedTests<TApp>
{
    private const int Limit = 20, Extra = 200;

    [Fact]
    public async Task A_page_inside_the_blocked_run_is_one_SQL_command_for_the_blocker_as_for_anyone()
    {
        var inside = await CursorInsideTheRunAsync(500);
        var me = App.ClientFor(Me);

        App.Commands.Reset();
        var page = await ReadJsonAsync(await me.GetAsync($"/feed?limit={Limit}&before={inside}", Cancel));
        var blockerCommands = App.Commands.Count;
        App.Commands.Reset();
        await App.ClientFor(Other).GetAsync($"/feed?limit={Limit}&before={inside}", Cancel);
        var otherCommands = App.Commands.Count;

        blockerCommands.Should().Be(1);
        otherCommands.Should().Be(1);
        Ids(page).Should().BeEmpty("the next 222 rows are all the blocked author's");
        page["nextCursor"].Should().NotBeNull("the listing goes on past the scan");
        page["nextCursor"]!.ToString().Should().NotBe(inside);
    }

    [Fact]
    public async Task Rows_read_for_a_page_stay_within_a_constant_of_limit_plus_K_when_the_caller_blocked_the_prolific_author()
    {
        Assert.SkipWhen(App.Provider != DatabaseProvider.MySql, "Handler_read_* counters are MariaDB's");
        var inside = await CursorInsideTheRunAsync(500);
        FeedCursor.TryDecode(inside, FeedListing.Of().Scope, out var anchor, out _).Should().BeTrue();
        var page = new PageRequest(FeedListing.Of().Scope, PageDirection.Before, anchor, Limit, null);

        var anonymous = await RowsReadAsync(db => ItemReads.PageQuery(db, FeedListing.Of(), page, Extra).ToListAsync(Cancel));
        var nobodyHidden = await RowsReadAsync(
            db => ItemReads.PageQuery(db, FeedListing.Of(), page with { CallerId = Other.Id }, Extra).ToListAsync(Cancel));
        var blocker = await RowsReadAsync(
            db => ItemReads.PageQuery(db, FeedListing.Of(), page with { CallerId = Me.Id }, Extra).ToListAsync(Cancel));
        var filtered = await RowsReadAsync(db => db.FeedItems
            .Where(i => i.CreatedAt <= anchor.At && !db.Blocks.Any(b => b.BlockerId == Me.Id && b.BlockedId == i.AuthorId))
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Take(Limit + 2).ToListAsync(Cancel));

        TestContext.Current.TestOutputHelper!.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"rows read a page (limit {Limit}, K {Extra}): anonymous {anonymous}, signed in hiding nobody {nobodyHidden}, " +
            $"prolific author blocked {blocker}; a NOT EXISTS filter instead {filtered}"));
        nobodyHidden.Should().BeLessThan(3 * anonymous, "a caller who hides nobody scans the page's rows only (plus the union's own rows)");
        blocker.Should().BeLessThan(8 * (Limit + Extra + 2), "a page scans at most limit + K rows of the index");
        filtered.Should().BeGreaterThan(Prolific - 600, "the filter this replaces read the whole hidden run");
    }

    /// <summary>A cursor <paramref name="depth"/> items into the blocked author's first run.</summary>
    private async Task<string> CursorInsideTheRunAsync(int depth)
    {
        await using var scope = App.Db();
        var item = await scope.Context.FeedItems.Where(i => i.AuthorId == Blocked.Id)
            .OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id).Skip(depth).FirstAsync(Cancel);
        return FeedCursor.Encode(new FeedPosition(item.CreatedAt, item.Id), FeedListing.Of().Scope);
    }

    /// <summary>Rows the server read for one query: the session's Handler_read_* counters around it, less their own cost.</summary>
    private async Task<long> RowsReadAsync(Func<FeedDbContext, Task> query)
    {
        await using var scope = App.Db();
        var db = scope.Context;
        await db.Database.OpenConnectionAsync(Cancel);
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
        await using var reader = await command.ExecuteReaderAsync(Cancel);
        long total = 0;
        while (await reader.ReadAsync(Cancel))
        {
            total += long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
        }

        return total;
    }
}
