using System.Net;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Follows;

public sealed class FanOutTests_Sqlite(SqliteApp app) : FanOutTests<SqliteApp>(app);

public sealed class FanOutTests_MariaDb(MariaDbApp app) : FanOutTests<MariaDbApp>(app);

/// <summary>
/// Follows and fan-out under load and failure: many clients at once, thousands of followers in small
/// chunks, a chunk cut off or done twice, deletes, unfollows and follows racing a fan-out
/// (FanOutTests.Races.cs), and the hosted workers of one or two instances (FanOutTests.Workers.cs).
/// Every home is checked row by row: each (owner, item) it should hold, once, and nothing else.
/// </summary>
public abstract partial class FanOutTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Fifty_users_following_one_user_at_once_twice_make_exactly_fifty_follows_and_unfollowing_at_once_makes_none()
    {
        var users = await App.AddUsersAsync(51, seed: 271);
        var (star, fans) = (users[0], users.Skip(1).ToList());
        var items = await PostAsync(App, star, 3, seed: 271);
        var clients = fans.Select(App.ClientFor).ToList();
        var path = $"/users/{star.Id}/follow";

        var follows = await Task.WhenAll(clients.Concat(clients).Select(c => c.PutAsync(path, null, Cancel)));
        var afterFollows = await FollowStateAsync(star, fans);
        var homesAfterFollows = await HomeRowsAsync(App, items);
        var unfollows = await Task.WhenAll(clients.Concat(clients).Select(c => c.DeleteAsync(path, Cancel)));
        var afterUnfollows = await FollowStateAsync(star, fans);
        var homesAfterUnfollows = await HomeRowsAsync(App, items);

        follows.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        (await Task.WhenAll(follows.Select(ReadJsonAsync))).Max(a => (int)a["followerCount"]!).Should().Be(50);
        afterFollows.Should().Be(new FollowState(50, 50, "1×50"));
        ShouldHoldExactly(homesAfterFollows, Pairs(fans.Append(star), items), "a follow's backfill brings the followee's items in");
        unfollows.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        (await Task.WhenAll(unfollows.Select(ReadJsonAsync))).Min(a => (int)a["followerCount"]!).Should().Be(0);
        afterUnfollows.Should().Be(new FollowState(0, 0, "0×50"));
        ShouldHoldExactly(homesAfterUnfollows, Pairs([star], items), "an unfollow takes the followee's items out");
    }

    [Fact]
    public async Task Two_users_following_each_other_at_the_same_moment_again_and_again_keep_both_counts_exact()
    {
        var users = await App.AddUsersAsync(2, seed: 272);
        var (a, b) = (App.ClientFor(users[0]), App.ClientFor(users[1]));
        var statuses = new List<HttpStatusCode>();
        var states = new List<string>();

        for (var round = 0; round < 20; round++)
        {
            var follows = await Task.WhenAll(
                Task.Run(() => a.PutAsync($"/users/{users[1].Id}/follow", null, Cancel), Cancel),
                Task.Run(() => b.PutAsync($"/users/{users[0].Id}/follow", null, Cancel), Cancel));
            states.Add(await MutualStateAsync(users[0], users[1]));
            var unfollows = await Task.WhenAll(
                Task.Run(() => a.DeleteAsync($"/users/{users[1].Id}/follow", Cancel), Cancel),
                Task.Run(() => b.DeleteAsync($"/users/{users[0].Id}/follow", Cancel), Cancel));
            states.Add(await MutualStateAsync(users[0], users[1]));
            statuses.AddRange(follows.Concat(unfollows).Select(r => r.StatusCode));
        }

        statuses.Should().HaveCount(80).And.OnlyContain(s => s == HttpStatusCode.OK, "a deadlock between the two is run again");
        states.Should().Equal(Enumerable.Range(0, 20).SelectMany(_ => new[] { "1 1 1 1 rows 2", "0 0 0 0 rows 0" }));
    }

    [Fact]
    public async Task An_author_with_thousands_of_followers_reaches_every_home_once_per_item_in_small_chunks()
    {
        var (author, followers) = await AuthorWithFollowersAsync(App, 2_500, seed: 273);
        var items = await PostAsync(App, author, 4, seed: 273);

        await App.DeliverHomesAsync(chunk: 100);

        ShouldHoldExactly(await HomeRowsAsync(App, items), Pairs(followers.Append(author), items), "every follower gets every item");
        (await JobsLeftAsync(App, items)).Should().Be(0);
    }

    /// <summary>The followee's follower count and follows rows, and how many of the followers follow how many ("1×50").</summary>
    private sealed record FollowState(int FollowerCount, int Rows, string FollowingCounts);

    private async Task<FollowState> FollowStateAsync(User followee, IReadOnlyList<User> followers)
    {
        await using var scope = App.Db();
        var ids = followers.Select(f => f.Id).ToList();
        var count = await scope.Context.Users.Where(u => u.Id == followee.Id).Select(u => u.FollowerCount).SingleAsync(Cancel);
        var rows = await scope.Context.Follows.CountAsync(f => f.FolloweeId == followee.Id, Cancel);
        var following = await scope.Context.Users.Where(u => ids.Contains(u.Id)).Select(u => u.FollowingCount).ToListAsync(Cancel);
        var tally = following.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
        return new FollowState(count, rows, string.Join(" ", tally));
    }

    /// <summary>Both users' follower and following counts, and the follows rows between them.</summary>
    private async Task<string> MutualStateAsync(User a, User b)
    {
        await using var scope = App.Db();
        var counts = await scope.Context.Users.Where(u => u.Id == a.Id || u.Id == b.Id).OrderBy(u => u.Id)
            .Select(u => new { u.FollowerCount, u.FollowingCount }).ToListAsync(Cancel);
        var rows = await scope.Context.Follows.CountAsync(
            f => (f.FollowerId == a.Id && f.FolloweeId == b.Id) || (f.FollowerId == b.Id && f.FolloweeId == a.Id), Cancel);
        return $"{string.Join(" ", counts.Select(c => $"{c.FollowerCount} {c.FollowingCount}"))} rows {rows}";
    }
}
