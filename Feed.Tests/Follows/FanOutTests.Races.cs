using System.Net;
using System.Net.Http.Json;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Follows;

// Writes racing a fan-out that is under way: two workers deliver in parallel (as two instances' workers would)
// while the author deletes, followers unfollow, newcomers follow, or a follow and a post cross.
public abstract partial class FanOutTests<TApp>
{
    [Fact]
    public async Task Items_deleted_while_their_fan_out_runs_leave_every_home_and_leave_no_job_and_no_error()
    {
        var (author, followers) = await AuthorWithFollowersAsync(App, 800, seed: 276);
        var items = await PostAsync(App, author, 8, seed: 276);
        var (doomed, kept) = (items.Where((_, i) => i % 2 == 0).ToList(), items.Where((_, i) => i % 2 == 1).ToList());
        var client = App.ClientFor(author);

        var workers = TwoWorkers(chunk: 50);
        var deletes = doomed.Select(item => Task.Run(async () =>
        {
            await UnderWayAsync(item); // mid-fan-out: some followers have it, others not yet
            return await client.DeleteAsync($"/feed/{item}", Cancel);
        }, Cancel));
        var answers = await Task.WhenAll(deletes);
        await workers;

        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.NoContent);
        (await HomeRowsAsync(App, doomed)).Should().BeEmpty("a deleted item leaves every home");
        ShouldHoldExactly(await HomeRowsAsync(App, kept), Pairs(followers.Append(author), kept), "the other items reach everyone");
        (await JobsLeftAsync(App, items)).Should().Be(0);
    }

    [Fact]
    public async Task Followers_unfollowing_while_the_followees_items_fan_out_hold_none_of_them_afterwards()
    {
        var (author, followers) = await AuthorWithFollowersAsync(App, 600, seed: 277);
        var items = await PostAsync(App, author, 5, seed: 277);
        var (leaving, staying) = (followers.Where((_, i) => i % 5 == 2).ToList(), followers.Where((_, i) => i % 5 != 2).ToList());
        // In id order, five a step: each step's unfollowers are among the followers its chunks are reaching.
        var unfollows = leaving.Select(f => (Func<Task<HttpResponseMessage>>)(() =>
            App.ClientFor(f).DeleteAsync($"/users/{author.Id}/follow", Cancel)));

        var (answers, jobsLeft) = await AlongsideFanOutAsync(unfollows, together: 5, items);

        jobsLeft.Should().BePositive("every unfollow ran while the fan-out was under way");
        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        ShouldHoldExactly(await HomeRowsAsync(App, items), Pairs(staying.Append(author), items), "an unfollower keeps none of the items");
        (await JobsLeftAsync(App, items)).Should().Be(0);
    }

    [Fact]
    public async Task Users_following_while_the_followees_new_items_fan_out_get_each_item_once()
    {
        var users = await App.AddUsersAsync(1_051, seed: 278);
        var author = users[0];
        var newcomers = users.Skip(1).Where((_, i) => i % 21 == 0).ToList();
        var followers = users.Skip(1).Except(newcomers).ToList();
        await FollowAllAsync(App, author, followers);
        var items = await PostAsync(App, author, 3, seed: 278);
        // Newcomers from all over the id range, in no order: some follow before the fan-out reaches their id, some after.
        var follows = newcomers.OrderBy(f => f.Id * 7919 % 101).Select(f => (Func<Task<HttpResponseMessage>>)(() =>
            App.ClientFor(f).PutAsync($"/users/{author.Id}/follow", null, Cancel)));

        var (answers, jobsLeft) = await AlongsideFanOutAsync(follows, together: 1, items);

        jobsLeft.Should().BePositive("every follow ran while the fan-out was under way");
        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        ShouldHoldExactly(await HomeRowsAsync(App, items), Pairs(users, items), "by the follow's backfill or by the fan-out");
        (await JobsLeftAsync(App, items)).Should().Be(0);
    }

    [Fact]
    public async Task An_item_posted_while_a_follow_of_its_author_commits_reaches_the_followers_home()
    {
        const int rounds = 30;
        var users = await App.AddUsersAsync(2 * rounds, seed: 279);
        var missing = new List<string>();
        var statuses = new List<HttpStatusCode>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var worker = Task.Run(() => DeliverUntilAsync(stop.Token), Cancel); // fans out each item as soon as it commits

        for (var round = 0; round < rounds; round++)
        {
            var (follower, author) = (users[2 * round], users[(2 * round) + 1]);
            var delay = round % 4;
            var answers = await Task.WhenAll(
                Task.Run(() => App.ClientFor(follower).PutAsync($"/users/{author.Id}/follow", null, Cancel), Cancel),
                Task.Run(
                    async () =>
                    {
                        await Task.Delay(delay, Cancel);
                        return await App.ClientFor(author).PostAsJsonAsync("/posts", PostBody(round), Cancel);
                    },
                    Cancel));
            statuses.AddRange(answers.Select(a => a.StatusCode));
            var post = (long)(await ReadJsonAsync(answers[1]))["id"]!;
            var delivered = await EventuallyAsync(async () => await JobsLeftAsync(App, [post]) == 0, TimeSpan.FromSeconds(60));
            if (!delivered || !(await HomeRowsAsync(App, [post])).Contains((follower.Id, post)))
            {
                missing.Add($"round {round}: post {post} not in {follower.Id}'s home (fan-out done: {delivered})");
            }
        }

        await stop.CancelAsync();
        await worker;

        statuses.Should().Equal(Enumerable.Range(0, rounds).SelectMany(_ => new[] { HttpStatusCode.OK, HttpStatusCode.Created }));
        missing.Should().BeEmpty("an item and a follow that cross reach the home by the backfill or by the fan-out");
    }

    /// <summary>Two workers working off every job in parallel, as two instances would.</summary>
    private Task TwoWorkers(int chunk) =>
        Task.WhenAll(Task.Run(() => App.DeliverHomesAsync(chunk), Cancel), Task.Run(() => App.DeliverHomesAsync(chunk), Cancel));

    /// <summary>
    /// The writes, <paramref name="together"/> at a time, each group at the same moment as one chunk (of 25 followers)
    /// of each of two workers, so that every write meets a fan-out under way; then the rest of the fan-out. The answers,
    /// and how many of the <paramref name="items"/>' jobs were left when the last write was done.
    /// </summary>
    private async Task<(List<HttpResponseMessage> Answers, int JobsLeft)> AlongsideFanOutAsync(
        IEnumerable<Func<Task<HttpResponseMessage>>> writes, int together, IReadOnlyCollection<long> items)
    {
        var answers = new List<HttpResponseMessage>();
        foreach (var group in writes.Chunk(together))
        {
            var chunks = Task.WhenAll(Task.Run(OneChunkAsync, Cancel), Task.Run(OneChunkAsync, Cancel));
            answers.AddRange(await Task.WhenAll(group.Select(write => Task.Run(write, Cancel))));
            await chunks;
        }

        var jobsLeft = await JobsLeftAsync(App, items);
        await App.DeliverHomesAsync(chunk: 25);
        return (answers, jobsLeft);
    }

    private async Task<int?> OneChunkAsync()
    {
        await using var worker = App.Db();
        return await HomeDelivery.DeliverNextAsync(worker.Context, 25, () => DateTime.UtcNow, Cancel);
    }

    /// <summary>Waits until <paramref name="item"/>'s fan-out has done a chunk (or is over), looking every millisecond or so.</summary>
    private async Task UnderWayAsync(long item)
    {
        await using var scope = App.Db();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await scope.Context.HomeFanOuts.AnyAsync(j => j.ItemId == item && j.After == 0, Cancel))
        {
            DateTime.UtcNow.Should().BeBefore(deadline, "the fan-out starts");
            await Task.Delay(1, Cancel);
        }
    }

    /// <summary>A worker that looks for jobs until stopped.</summary>
    private async Task DeliverUntilAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (await App.DeliverHomesAsync() == 0)
            {
                await Task.Delay(1, CancellationToken.None);
            }
        }
    }
}
