using System.Data.Common;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Follows;

// A fan-out that dies half-way, or that two workers run alike: it resumes, never duplicates, never loses.
public abstract partial class FanOutTests<TApp>
{
    [Fact]
    public async Task A_fan_out_cut_off_mid_chunk_resumes_where_its_last_chunk_committed_and_loses_or_repeats_no_one()
    {
        var breaker = new ChunkBreaker();
        var setup = AppSetup.Default.WithServices(s => s.AddSingleton<IInterceptor>(breaker));
        await using var app = await FeedApp.StartAsync(App.Engine, setup);
        var (author, followers) = await AuthorWithFollowersAsync(app, 1_000, seed: 274);
        var items = await PostAsync(app, author, 2, seed: 274);
        var reachedBefore = 0;

        await using (var worker = app.Db())
        {
            for (var chunk = 0; chunk < 3; chunk++)
            {
                reachedBefore += await HomeDelivery.DeliverNextAsync(worker.Context, 100, () => DateTime.UtcNow, Cancel) ?? 0;
            }
        }

        var cut = async () =>
        {
            await using var dying = app.Db();
            await HomeDelivery.DeliverNextAsync(dying.Context, 100, () => DateTime.UtcNow, breaker.Arm());
        };
        await cut.Should().ThrowAsync<OperationCanceledException>("the worker stops after the chunk's insert, before its commit");
        var afterCut = await HomeRowsAsync(app, items);
        var job = await JobAsync(app, items[0]);
        var reachedAfter = await app.DeliverHomesAsync(chunk: 100);

        (breaker.Inserted, reachedBefore).Should().Be((100, 300), "the cut chunk had inserted its 100 homes when it stopped");
        ShouldHoldExactly(afterCut, Pairs(followers.Take(300).Append(author), [items[0]]).Union(Pairs([author], [items[1]])).ToHashSet(),
            "the cut chunk's homes are rolled back with it");
        job.Should().Be(followers[299].Id, "the job stays where its last committed chunk left it");
        reachedAfter.Should().Be(2 * 1_000 - 300, "the rest is done once: the cut chunk again, and the next");
        ShouldHoldExactly(await HomeRowsAsync(app, items), Pairs(followers.Append(author), items), "resumed by a new worker");
        (await JobsLeftAsync(app, items)).Should().Be(0);
    }

    [Fact]
    public async Task Chunks_delivered_twice_as_two_nodes_might_leave_one_entry_per_home_at_its_first_arrival()
    {
        await App.DeliverHomesAsync(); // the queue is this test's alone
        var (author, followers) = await AuthorWithFollowersAsync(App, 500, seed: 275);
        var item = (await PostAsync(App, author, 1, seed: 275)).Single();
        var first = FeedTime.ToFeedPrecision(DateTime.UtcNow.AddMinutes(-5));

        await using (var worker = App.Db())
        {
            await HomeDelivery.DeliverNextAsync(worker.Context, 100, () => first, Cancel);
            await HomeDelivery.DeliverNextAsync(worker.Context, 100, () => first, Cancel);
        }

        await using (var other = App.Db())
        {
            // Another node that claimed the job before the first one's chunks committed starts it from the beginning.
            await other.Context.HomeFanOuts.Where(j => j.ItemId == item).ExecuteUpdateAsync(s => s.SetProperty(j => j.After, 0L), Cancel);
        }

        var reached = await App.DeliverHomesAsync(chunk: 100);
        var arrivals = await ArrivalsAsync(App, item, followers.Take(200));

        reached.Should().Be(300, "the chunks done again insert nothing; the rest once");
        ShouldHoldExactly(await HomeRowsAsync(App, [item]), Pairs(followers.Append(author), [item]), "done twice is done once");
        arrivals.Should().HaveCount(200).And.OnlyContain(at => at == first, "a chunk done again moves no item in a home");
        (await JobsLeftAsync(App, [item])).Should().Be(0);
    }

    private static async Task<long?> JobAsync(FeedApp app, long item)
    {
        await using var scope = app.Db();
        return await scope.Context.HomeFanOuts.Where(j => j.ItemId == item).Select(j => (long?)j.After).SingleOrDefaultAsync(Cancel);
    }

    private static async Task<List<DateTime>> ArrivalsAsync(FeedApp app, long item, IEnumerable<User> owners)
    {
        await using var scope = app.Db();
        var ids = owners.Select(o => o.Id).ToList();
        return await scope.Context.HomeEntries.Where(h => h.ItemId == item && ids.Contains(h.OwnerId))
            .Select(h => h.ArrivedAt).ToListAsync(Cancel);
    }

    /// <summary>
    /// Once armed, stops the next fan-out chunk right after its insert into the homes, as a worker whose instance dies
    /// there: it cancels the token the chunk was given, so its next statement (moving or deleting the job) never runs.
    /// </summary>
    private sealed class ChunkBreaker : DbCommandInterceptor
    {
        private CancellationTokenSource? _armed;

        /// <summary>The rows the stopped chunk had inserted.</summary>
        public int Inserted { get; private set; }

        public CancellationToken Arm()
        {
            _armed = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
            return _armed.Token;
        }

        public override ValueTask<int> NonQueryExecutedAsync(
            DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            var homes = command.CommandText.Contains("INTO `HomeEntries`", StringComparison.Ordinal);
            if (homes && Interlocked.Exchange(ref _armed, null) is { } armed)
            {
                Inserted = result;
                armed.Cancel();
            }

            return ValueTask.FromResult(result);
        }
    }
}
