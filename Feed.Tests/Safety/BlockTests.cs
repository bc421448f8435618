using System.Net;
using Feed.Domain;
using Feed.Tests.Follows;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Safety;

public sealed class BlockTests_Sqlite(SqliteApp app) : BlockTests<SqliteApp>(app);

public sealed class BlockTests_MariaDb(MariaDbApp app) : BlockTests<MariaDbApp>(app);

/// <summary>Blocking and muting: idempotent writes, the caller's lists, follows ended, interactions refused, and races.</summary>
public abstract class BlockTests<TApp>(TApp app) : HomeTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Blocking_and_muting_twice_is_one_row_each_listed_newest_first_and_taking_back_twice_none()
    {
        var users = await App.AddUsersAsync(4, seed: 2911);
        var (me, a, b, c) = (users[0], users[1], users[2], users[3]);
        var client = App.ClientFor(me);

        var writes = new List<HttpResponseMessage>();
        foreach (var (user, verb) in new[] { (a, "block"), (a, "block"), (b, "block"), (c, "mute"), (c, "mute"), (a, "mute") })
        {
            writes.Add(await client.PutAsync($"/users/{user.Id}/{verb}", null, Cancel));
        }

        var blocks = await ReadJsonAsync(await client.GetAsync("/me/blocks?limit=1", Cancel));
        var allBlocks = await ListAsync(client, "/me/blocks?limit=1");
        var mutes = await ListAsync(client, "/me/mutes");
        var unblock = await client.DeleteAsync($"/users/{a.Id}/block", Cancel);
        var unblockAgain = await client.DeleteAsync($"/users/{a.Id}/block", Cancel);
        var unmute = await client.DeleteAsync($"/users/{c.Id}/mute", Cancel);

        writes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.NoContent);
        UserIds(blocks).Should().Equal(b.Id);
        blocks["nextCursor"].Should().NotBeNull();
        allBlocks.Should().Equal(b.Id, a.Id);
        mutes.Should().Equal(a.Id, c.Id);
        new[] { unblock, unblockAgain, unmute }.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.NoContent);
        (await ListAsync(client, "/me/blocks")).Should().Equal(b.Id);
        (await ListAsync(client, "/me/mutes")).Should().Equal(a.Id);
    }

    [Fact]
    public async Task Yourself_is_a_400_naming_id_an_unknown_user_a_404_and_anonymous_a_401()
    {
        var me = (await App.AddUsersAsync(1, seed: 2912))[0];
        var client = App.ClientFor(me);

        var self = await client.PutAsync($"/users/{me.Id}/block", null, Cancel);
        var selfMute = await client.PutAsync($"/users/{me.Id}/mute", null, Cancel);
        var unknown = await client.PutAsync("/users/987654321/block", null, Cancel);
        var unknownMute = await client.DeleteAsync("/users/987654321/mute", Cancel);
        var anonymous = await App.CreateClient().PutAsync($"/users/{me.Id}/block", null, Cancel);
        var anonymousList = await App.CreateClient().GetAsync("/me/blocks", Cancel);

        (await ErrorKeyAsync(self)).Should().Be("id");
        (await ErrorKeyAsync(selfMute)).Should().Be("id");
        foreach (var response in new[] { unknown, unknownMute })
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        anonymousList.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_block_ends_the_follows_both_ways_with_their_counts_and_homes()
    {
        var users = await App.AddUsersAsync(2, seed: 2913);
        var (me, them) = (users[0], users[1]);
        var mine = await CreateAsync(me);
        var theirs = await CreateAsync(them);
        await FollowAsync(me, them);
        await FollowAsync(them, me);

        var block = await App.ClientFor(me).PutAsync($"/users/{them.Id}/block", null, Cancel);

        block.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await using var scope = App.Db();
        (await scope.Context.Follows.CountAsync(f => f.FollowerId == me.Id || f.FollowerId == them.Id, Cancel)).Should().Be(0);
        var counts = await scope.Context.Users.Where(u => u.Id == me.Id || u.Id == them.Id)
            .Select(u => u.FollowerCount + u.FollowingCount).ToListAsync(Cancel);
        counts.Should().Equal(0, 0);
        (await StoredHomeAsync(me)).Should().Equal(mine);
        (await StoredHomeAsync(them)).Should().Equal(theirs);
    }

    [Fact]
    public async Task Across_a_block_neither_can_like_join_or_follow_the_other_a_403_problem_but_a_mute_refuses_nothing()
    {
        var users = await App.AddUsersAsync(3, seed: 2914);
        var (me, them, muted) = (users[0], users[1], users[2]);
        var myGame = await CreateAsync(me, FeedKinds.Game);
        var theirPost = await CreateAsync(them);
        var mutedPost = await CreateAsync(muted);
        (await App.ClientFor(them).PutAsync($"/users/{me.Id}/block", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await App.ClientFor(me).PutAsync($"/users/{muted.Id}/mute", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var refused = new[]
        {
            await App.ClientFor(me).PutAsync($"/feed/{theirPost}/like", null, Cancel),
            await App.ClientFor(them).PutAsync($"/feed/{myGame}/like", null, Cancel),
            await App.ClientFor(them).PutAsync($"/games/{myGame}/membership", null, Cancel),
            await App.ClientFor(me).PutAsync($"/users/{them.Id}/follow", null, Cancel),
            await App.ClientFor(them).PutAsync($"/users/{me.Id}/follow", null, Cancel),
        };
        var allowed = new[]
        {
            await App.ClientFor(me).PutAsync($"/feed/{mutedPost}/like", null, Cancel),
            await App.ClientFor(me).PutAsync($"/users/{muted.Id}/follow", null, Cancel),
            await App.ClientFor(muted).PutAsync($"/games/{myGame}/membership", null, Cancel),
        };

        foreach (var response in refused)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            ((string)(await ReadJsonAsync(response))["detail"]!).Should().Contain("block one another");
        }

        allowed.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        await using var scope = App.Db();
        (await scope.Context.Likes.CountAsync(l => l.ItemId == theirPost || l.ItemId == myGame, Cancel)).Should().Be(0);
        (await scope.Context.FeedItems.SingleAsync(i => i.Id == myGame, Cancel)).LikeCount.Should().Be(0);
    }

    [Fact]
    public async Task Many_clients_blocking_and_unblocking_at_once_leave_exactly_the_rows_asked_for()
    {
        var users = await App.AddUsersAsync(12, seed: 2915);
        var (target, blockers) = (users[0], users.Skip(1).ToList());
        var clients = blockers.Select(App.ClientFor).ToList();

        var blocks = await Task.WhenAll(clients.Concat(clients).Select(c => c.PutAsync($"/users/{target.Id}/block", null, Cancel)));
        var mutes = await Task.WhenAll(clients.Concat(clients).Select(c => c.PutAsync($"/users/{target.Id}/mute", null, Cancel)));
        var afterBlocks = await RowsAsync(target);
        var unblocks = await Task.WhenAll(clients.Concat(clients).Select(c => c.DeleteAsync($"/users/{target.Id}/block", Cancel)));
        var afterUnblocks = await RowsAsync(target);

        blocks.Concat(mutes).Concat(unblocks).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.NoContent);
        afterBlocks.Should().Be((11, 11));
        afterUnblocks.Should().Be((0, 11));
    }

    [Fact]
    public async Task A_block_racing_likes_and_follows_never_leaves_a_follow_and_every_like_it_let_through_was_counted()
    {
        var users = await App.AddUsersAsync(2, seed: 2916);
        var (me, them) = (users[0], users[1]);
        var posts = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            posts.Add(await CreateAsync(me));
        }

        var theirs = App.ClientFor(them);
        var likes = posts.Select(p => theirs.PutAsync($"/feed/{p}/like", null, Cancel)).ToList();
        var follows = Enumerable.Range(0, 6).Select(_ => theirs.PutAsync($"/users/{me.Id}/follow", null, Cancel)).ToList();
        var block = App.ClientFor(me).PutAsync($"/users/{them.Id}/block", null, Cancel);
        await Task.WhenAll(likes.Concat(follows).Append(block));

        (await block).StatusCode.Should().Be(HttpStatusCode.NoContent);
        likes.Concat(follows).Select(t => t.Result.StatusCode)
            .Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.Forbidden);
        await using var scope = App.Db();
        (await scope.Context.Follows.AnyAsync(f => f.FollowerId == them.Id && f.FolloweeId == me.Id, Cancel)).Should().BeFalse();
        var followers = await scope.Context.Users.Where(u => u.Id == me.Id).Select(u => u.FollowerCount).SingleAsync(Cancel);
        followers.Should().Be(0);
        var liked = likes.Count(t => t.Result.StatusCode == HttpStatusCode.OK);
        (await scope.Context.Likes.CountAsync(l => l.UserId == them.Id, Cancel)).Should().Be(liked);
        (await scope.Context.FeedItems.Where(i => posts.Contains(i.Id)).SumAsync(i => i.LikeCount, Cancel)).Should().Be(liked);
        (await theirs.PutAsync($"/feed/{posts[0]}/like", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_muted_author_leaves_the_feed_but_not_their_profile_and_comes_back_when_unmuted()
    {
        var users = await App.AddUsersAsync(2, seed: 2917);
        var (me, them) = (users[0], users[1]);
        var theirs = await CreateAsync(them);
        var mine = await CreateAsync(me);
        var client = App.ClientFor(me);

        (await client.PutAsync($"/users/{them.Id}/mute", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var feed = (await ScrollToEndAsync(client, "/feed?limit=100")).Ids;
        var profile = Ids(await ReadJsonAsync(await client.GetAsync($"/users/{them.Id}/items", Cancel)));
        (await client.DeleteAsync($"/users/{them.Id}/mute", Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var feedAfter = (await ScrollToEndAsync(client, "/feed?limit=100")).Ids;

        feed.Should().Contain(mine).And.NotContain(theirs);
        profile.Should().Equal(theirs);
        feedAfter.Should().Contain([mine, theirs]);
    }

    [Fact]
    public async Task A_muted_author_leaves_the_muters_home_gets_no_new_copies_nor_reads_and_is_back_in_it_when_unmuted()
    {
        var users = await App.AddUsersAsync(3, seed: 2919);
        var (me, them, other) = (users[0], users[1], users[2]);
        var theirs = await CreateAsync(them);
        var others = await CreateAsync(other);
        await FollowAsync(me, them);
        await FollowAsync(me, other);
        var client = App.ClientFor(me);

        (await client.PutAsync($"/users/{them.Id}/mute", null, Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var afterMute = await StoredHomeAsync(me);
        var theirNew = await CreateAsync(them);
        var othersNew = await CreateAsync(other);
        await App.DeliverHomesAsync();
        var stored = await StoredHomeAsync(me);
        var served = await HomeIdsAsync(me);
        await using (var scope = App.Db()) // read at read time (an author with very many followers): still left out
        {
            await scope.Context.Users.Where(u => u.Id == them.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.PulledSince, DateTime.UtcNow.AddDays(-1)), Cancel);
            await scope.Context.FeedItems.Where(i => i.AuthorId == them.Id) // past the settle, so they would be read
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.CreatedAt, i => i.CreatedAt.AddHours(-1)), Cancel);
        }

        var servedPulled = await HomeIdsAsync(me);
        await using (var scope = App.Db())
        {
            await scope.Context.Users.Where(u => u.Id == them.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.PulledSince, (DateTime?)null), Cancel);
        }

        (await client.DeleteAsync($"/users/{them.Id}/mute", Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var afterUnmute = await StoredHomeAsync(me);

        afterMute.Should().Equal(others);
        stored.Should().Equal(othersNew, others);
        served.Should().Equal(stored);
        servedPulled.Should().Equal(stored, "a muted author read at read time is not read");
        afterUnmute.Should().BeEquivalentTo([theirNew, theirs, othersNew, others], "unmuted, their latest are back as a follow's are");
        (await HomeIdsAsync(me)).Should().Equal(afterUnmute);
    }

    private async Task<(int Blocks, int Mutes)> RowsAsync(User target)
    {
        await using var scope = App.Db();
        return (await scope.Context.Blocks.CountAsync(b => b.BlockedId == target.Id, Cancel),
            await scope.Context.Mutes.CountAsync(m => m.MutedId == target.Id, Cancel));
    }

    /// <summary>A list of people followed with <c>nextCursor</c> to its end: the user ids in order.</summary>
    private static async Task<List<long>> ListAsync(HttpClient client, string url)
    {
        var ids = new List<long>();
        var next = url;
        while (next is not null && ids.Count < 1_000)
        {
            var page = await ReadJsonAsync(await client.GetAsync(next, Cancel));
            ids.AddRange(UserIds(page));
            next = page["nextCursor"] is { } cursor ? $"{url}{(url.Contains('?') ? '&' : '?')}before={cursor}" : null;
        }

        return ids;
    }

    private static IEnumerable<long> UserIds(System.Text.Json.Nodes.JsonObject page) =>
        page["items"]!.AsArray().Select(i => (long)i!["userId"]!);
}
