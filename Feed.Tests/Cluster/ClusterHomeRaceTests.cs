using System.Diagnostics;

namespace Feed.Tests.Cluster;

/// <summary>Fan-out on the cluster when things go wrong: an instance killed in the middle of it, unfollows and deletes racing it.</summary>
[Collection(ClusterCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class ClusterHomeRaceTests_Cluster(Cluster cluster, ITestOutputHelper output)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly ClusterHome _home = new(cluster);

    [Fact]
    public async Task An_instance_killed_in_the_middle_of_a_fan_out_leaves_its_jobs_to_the_other_which_finishes_every_home_exactly()
    {
        var (_, author, token) = await cluster.SignUpAsync();
        var followers = await _home.PeopleAsync(2000);
        await _home.FollowInBulkAsync(followers, author);
        // Two instances left (api1, api2), two workers each: twelve items of 40 chunks keep all four busy.
        await Cluster.ScriptAsync("kill", "api3");
        try
        {
            var writer = cluster.ClientFor(token, cluster.Apis[0]);
            var items = new List<long>();
            for (var i = 0; i < 12; i++)
            {
                items.Add(await _home.PostAsync(writer, Cancel));
            }

            var total = items.Count * (followers.Count + 1);
            var ids = ClusterHome.In(items);
            var clock = Stopwatch.StartNew();
            long delivered;
            do
            {
                await Task.Delay(20, Cancel);
                delivered = await Cluster.ScalarAsync<long>(cluster.Nodes[0], $"SELECT COUNT(*) FROM HomeEntries WHERE ItemId IN ({ids})");
            }
            while (delivered < total / 10 && clock.Elapsed < TimeSpan.FromMinutes(1));

            await Cluster.ScriptAsync("kill", "api2");
            var pending = await Cluster.ScalarAsync<long>(cluster.Nodes[0], $"SELECT COUNT(*) FROM HomeFanOuts WHERE ItemId IN ({ids})");
            var begun = await Cluster.ScalarAsync<long>(cluster.Nodes[0],
                $"SELECT COUNT(*) FROM HomeFanOuts WHERE ItemId IN ({ids}) AND After > 0");
            output.WriteLine($"killed api2 after {clock.Elapsed.TotalSeconds:N1} s with {delivered} of {total} home entries written, " +
                $"{pending} jobs pending, {begun} of them half-done");
            pending.Should().BeGreaterThanOrEqualTo(4,
                "the kill came in the middle of the fan-out, with a job for each worker (else it proved nothing)");

            var took = await _home.FannedOutAsync(items, Cancel);
            output.WriteLine($"api1 alone finished the fan-out {took.TotalSeconds:N1} s after the kill");
            await _home.ExpectHomesAsync(author, items, [.. followers.Select(f => f.Id)]);
        }
        finally
        {
            await Cluster.ScriptAsync("start", "api2");
            await Cluster.ScriptAsync("start", "api3");
        }
    }

    [Fact]
    public async Task Unfollows_and_deletes_racing_a_fan_out_across_nodes_leave_no_unfollowed_or_deleted_item_in_any_home()
    {
        var (_, author, token) = await cluster.SignUpAsync();
        var followers = await _home.PeopleAsync(1000);
        await _home.FollowInBulkAsync(followers, author);
        var unfollowers = followers.Where((_, i) => i % 5 == 1).ToList();
        var conflictsBefore = await _home.ConflictsAsync();

        // A fifth of the followers, spread over the id range (so ahead of and behind each job's
        // cursor), unfollow through every instance and HAProxy: on three nodes at once. All the while
        // the author posts through api1 (every instance's workers deliver) and deletes through api2:
        // now an item whose fan-out is under way, now one whose fan-out has just begun.
        var writer = cluster.ClientFor(token, cluster.Apis[0]);
        var deleter = cluster.ClientFor(token, cluster.Apis[1]);
        var items = new List<long>();
        var deleted = new List<long>();
        var clock = Stopwatch.StartNew();
        var unfollowing = _home.FollowAsync(unfollowers, author, follow: false, parallel: 16, Cancel);
        while (!unfollowing.IsCompleted)
        {
            items.Add(await _home.PostAsync(writer, Cancel));
            var doomed = items.Count % 4 == 0 ? items[^3] : items.Count % 5 == 0 ? items[^1] : (long?)null;
            if (doomed is { } id && !deleted.Contains(id))
            {
                deleted.Add(id);
                await _home.DeleteAsync(deleter, id, Cancel);
            }

            await Task.Delay(300, Cancel);
        }

        var (refused, busy) = await unfollowing;
        var unfollowed = clock.Elapsed;
        var took = await _home.FannedOutAsync(items, Cancel);
        output.WriteLine($"{unfollowers.Count} of {followers.Count} followers unfollowed in {unfollowed.TotalSeconds:N1} s " +
            $"({busy} 503s sent again) while {items.Count} items were posted and {deleted.Count} deleted; no job left " +
            $"{took.TotalSeconds:N1} s later; {await _home.ConflictsAsync() - conflictsBefore} certification conflicts and aborts");
        refused.Should().BeEmpty();
        items.Should().HaveCountGreaterThanOrEqualTo(3, "posts and their fan-out went on while the unfollows ran");

        var staying = followers.Except(unfollowers).Select(f => f.Id).ToList();
        var gone = ClusterHome.In(unfollowers.Select(u => u.Id));
        foreach (var node in cluster.Nodes)
        {
            (await Cluster.ScalarAsync<long>(node, $"SELECT COUNT(*) FROM HomeEntries WHERE AuthorId = {author} AND OwnerId IN ({gone})"))
                .Should().Be(0, $"no unfollower's home holds the author's items on {node}");
            (await Cluster.ScalarAsync<long>(node, $"SELECT COUNT(*) FROM HomeEntries WHERE ItemId IN ({ClusterHome.In(deleted)})"))
                .Should().Be(0, $"a deleted item is in no home on {node}");
        }

        await _home.ExpectHomesAsync(author, [.. items.Except(deleted)], staying);
        await _home.ExpectFollowersAsync(author, staying);
    }

    [Fact]
    public async Task Follows_racing_a_fan_out_across_nodes_leave_every_item_in_every_new_followers_home()
    {
        var (_, author, token) = await cluster.SignUpAsync();
        var followers = await _home.PeopleAsync(150);
        var conflictsBefore = await _home.ConflictsAsync();

        // The followers follow through every instance and HAProxy while the author posts through
        // api1: each item reaches a follower by the follow's backfill (posted before) or by fan-out
        // (after); one that crosses a follow must still come by one of them.
        var writer = cluster.ClientFor(token, cluster.Apis[0]);
        var items = new List<long>();
        var following = _home.FollowAsync(followers, author, follow: true, parallel: 16, Cancel);
        while (!following.IsCompleted)
        {
            items.Add(await _home.PostAsync(writer, Cancel));
            await Task.Delay(200, Cancel);
        }

        var (refused, busy) = await following;
        var took = await _home.FannedOutAsync(items, Cancel);
        output.WriteLine($"{followers.Count} follows ({busy} 503s sent again) while {items.Count} items were posted; no job left " +
            $"{took.TotalSeconds:N1} s later; {await _home.ConflictsAsync() - conflictsBefore} certification conflicts and aborts");
        refused.Should().BeEmpty();
        items.Should().HaveCountGreaterThanOrEqualTo(3, "posts and their fan-out went on while the follows ran");
        await _home.ExpectHomesAsync(author, items, [.. followers.Select(f => f.Id)]);
    }
}
