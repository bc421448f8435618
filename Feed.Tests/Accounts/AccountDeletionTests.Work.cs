using System.Net;
using Feed.Api.Accounts;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using static Feed.Tests.Accounts.AccountDeletionKit;

namespace Feed.Tests.Accounts;

// The work after DELETE /me under races and failures: likes and joins racing it, two workers, a worker that stops.
public abstract partial class AccountDeletionTests<TApp>
{
    [Fact]
    public async Task Likes_and_joins_racing_the_deletion_never_leave_a_count_wrong()
    {
        var others = await App.AddUsersAsync(6, seed: 2902);
        var (id, client) = await SignUpAsync(App, "raced");
        var (mine, theirs) = await LiveAsync(App, id, client, others, items: 24, seed: 2902);
        var targets = mine.Concat(theirs).ToList();
        (await client.SendAsync(DeleteMe(), Cancel)).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var work = Task.Run(() => WorkAllAsync(App, Options(chunk: 3)), Cancel);
        var racers = others.Select((user, n) => Task.Run(
            async () =>
            {
                var racer = App.ClientFor(user);
                var statuses = new List<HttpStatusCode>();
                for (var round = 0; round < 4; round++)
                {
                    foreach (var item in targets.Where((_, i) => (i + n) % 3 == 0))
                    {
                        var path = Interaction(item);
                        var answer = round % 2 == 0 ? await racer.PutAsync(path, null, Cancel) : await racer.DeleteAsync(path, Cancel);
                        statuses.Add(answer.StatusCode);
                    }
                }

                return statuses;
            },
            Cancel)).ToList();
        var statuses = (await Task.WhenAll(racers)).SelectMany(s => s).ToList();
        await work;
        await WorkAllAsync(App, Options(chunk: 3));

        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.NotFound, "a deleted item is a 404, never a 500");
        (await LeftOfAsync(App, id)).Should().BeEmpty();
        (await WrongCountsAsync(App)).Should().BeEmpty();
    }

    [Fact]
    public async Task Two_instances_with_workers_delete_three_accounts_each_item_once_and_every_count_right()
    {
        var setup = AppSetup.Default.With("AccountDeletion:Workers", "2").With("AccountDeletion:Chunk", "5")
            .With("AccountDeletion:PollInterval", "00:00:00.050");
        await using var first = await FeedApp.StartAsync(App.Engine, setup);
        await using var second = await first.StartAnotherInstanceAsync(setup);
        var others = await first.AddUsersAsync(4, seed: 2903);
        var accounts = new List<(long Id, List<FeedItem> Mine)>();
        for (var n = 0; n < 3; n++)
        {
            var (id, client) = await SignUpAsync(first, $"pair{n}");
            var (mine, _) = await LiveAsync(first, id, client, others, items: 20, seed: 2903 + n);
            accounts.Add((id, mine));
        }

        var deletes = await Task.WhenAll(accounts.Select(async (a, n) =>
        {
            await using var scope = first.Db();
            var user = await scope.Context.Users.SingleAsync(u => u.Id == a.Id, Cancel);
            return await (n % 2 == 0 ? first : second).ClientFor(user).SendAsync(DeleteMe(), Cancel);
        }));
        var done = await EventuallyAsync(async () => (await Task.WhenAll(accounts.Select(a => LeftOfAsync(first, a.Id))))
            .All(left => left.Count == 0));

        deletes.Should().OnlyContain(d => d.StatusCode == HttpStatusCode.Accepted);
        done.Should().BeTrue("the hosted workers of both instances work every deletion off");
        await using var check = first.Db();
        var deleted = await check.Context.FeedChanges.Where(c => c.Change == FeedChange.Deleted).Select(c => c.ItemId).ToListAsync(Cancel);
        deleted.Should().BeEquivalentTo(accounts.SelectMany(a => a.Mine).Select(i => i.Id), "each item deleted once, by one worker");
        (await WrongCountsAsync(first)).Should().BeEmpty();
    }

    [Fact]
    public async Task A_worker_that_stops_half_way_is_taken_over_after_its_lease_and_does_nothing_more_itself()
    {
        await WorkAllAsync(App, Options()); // deletions other tests of the class left: this one's is then the only one due
        var others = await App.AddUsersAsync(4, seed: 2904);
        var (id, client) = await SignUpAsync(App, "stopped");
        var (mine, _) = await LiveAsync(App, id, client, others, items: 20, seed: 2904);
        (await client.SendAsync(DeleteMe(), Cancel)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var options = Options(chunk: 4, lease: TimeSpan.FromSeconds(30));
        var start = DateTime.UtcNow.AddSeconds(1);
        await using var a = App.Db();
        await using var b = App.Db();

        var firstChunk = await AccountDeletionWork.WorkNextAsync(a.Context, null, options, () => start, Cancel);
        var secondChunk = await AccountDeletionWork.WorkNextAsync(a.Context, firstChunk!.Lease, options, () => start.AddSeconds(1), Cancel);
        var itemsLeftWhenStopped = await ItemsOfAsync(id);
        var beforeLease = await AccountDeletionWork.WorkNextAsync(b.Context, null, options, () => start.AddSeconds(20), Cancel);
        var takenOver = await AccountDeletionWork.WorkNextAsync(b.Context, null, options, () => start.AddSeconds(32), Cancel);
        var itemsAfterTakeOver = await ItemsOfAsync(id);
        var stale = await AccountDeletionWork.WorkNextAsync(a.Context, secondChunk!.Lease, options, () => start.AddSeconds(33), Cancel);
        var itemsAfterStale = await ItemsOfAsync(id);
        var rest = new List<DeletionChunk>();
        for (var held = takenOver!.Lease; held is not null;)
        {
            var chunk = await AccountDeletionWork.WorkNextAsync(b.Context, held, options, () => start.AddSeconds(34), Cancel);
            rest.Add(chunk!);
            held = chunk!.Lease;
        }

        itemsLeftWhenStopped.Should().Be(mine.Count - 8);
        beforeLease.Should().BeNull("the stopped worker's lease still holds the deletion");
        takenOver.Step.Should().Be("items");
        itemsAfterTakeOver.Should().Be(mine.Count - 12, "the new worker goes on where the last chunk committed");
        stale.Should().Be(new DeletionChunk(null, DeletionChunk.Lost, 0));
        itemsAfterStale.Should().Be(itemsAfterTakeOver, "a worker whose lease was taken does nothing");
        rest[^1].Step.Should().Be(DeletionChunk.Account);
        (await LeftOfAsync(App, id)).Should().BeEmpty();
        (await WrongCountsAsync(App)).Should().BeEmpty();
    }

    private async Task<int> ItemsOfAsync(long id)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedItems.CountAsync(i => i.AuthorId == id, Cancel);
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100, Cancel);
        }

        return await condition();
    }
}
