using Feed.Api.Items;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Follows;

// What the fan-out tests arrange and how they look at the homes: on the class's app or on an app of a test's own.
public abstract partial class FanOutTests<TApp>
{
    /// <summary>An author and <paramref name="followers"/> users following them (ids ascending).</summary>
    protected static async Task<(User Author, List<User> Followers)> AuthorWithFollowersAsync(FeedApp app, int followers, int seed)
    {
        var users = await app.AddUsersAsync(followers + 1, seed);
        var fans = users.Skip(1).OrderBy(u => u.Id).ToList();
        await FollowAllAsync(app, users[0], fans);
        return (users[0], fans);
    }

    /// <summary>
    /// Follows stored at once, as a seed stores them (thousands through the API would only slow the test), with the
    /// counters the API moves; the homes are left alone: the followee has no items yet.
    /// </summary>
    protected static async Task FollowAllAsync(FeedApp app, User followee, IReadOnlyCollection<User> followers)
    {
        await using var scope = app.Db();
        var ids = followers.Select(f => f.Id).ToList();
        scope.Context.Follows.AddRange(ids.Select(id => new Follow(id, followee.Id, DateTime.UtcNow)));
        await scope.Context.SaveChangesAsync(Cancel);
        await scope.Context.Users.Where(u => u.Id == followee.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowerCount, u => u.FollowerCount + ids.Count), Cancel);
        await scope.Context.Users.Where(u => ids.Contains(u.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.FollowingCount, u => u.FollowingCount + 1), Cancel);
    }

    /// <summary>
    /// <paramref name="count"/> items of every kind in turn by <paramref name="author"/>, each written as the API writes
    /// it (with its place in the author's home and its fan-out job); their ids, oldest first.
    /// </summary>
    protected static async Task<List<long>> PostAsync(FeedApp app, User author, int count, int seed)
    {
        var faker = new FeedFaker(seed);
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            await using var scope = app.Db();
            var item = faker.Item(FeedKinds.All[i % FeedKinds.All.Count], author.Id, DateTime.UtcNow);
            await ItemWrites.AddAsync(scope.Context, item, Cancel);
            ids.Add(item.Id);
        }

        return ids;
    }

    /// <summary>A post's request body, from the fakers.</summary>
    protected static object PostBody(int seed)
    {
        var post = new FeedFaker(seed).Post(1, DateTime.UtcNow);
        return new { title = post.Title, body = post.Body };
    }

    /// <summary>Every home row of these items: (owner, item), as many as there are.</summary>
    protected static async Task<List<(long Owner, long Item)>> HomeRowsAsync(FeedApp app, IReadOnlyCollection<long> items)
    {
        await using var scope = app.Db();
        var ids = items.ToList();
        var rows = await scope.Context.HomeEntries.Where(h => ids.Contains(h.ItemId))
            .Select(h => new { h.OwnerId, h.ItemId }).ToListAsync(Cancel);
        return rows.Select(r => (r.OwnerId, r.ItemId)).ToList();
    }

    /// <summary>Every owner with every item.</summary>
    protected static HashSet<(long Owner, long Item)> Pairs(IEnumerable<User> owners, IReadOnlyCollection<long> items) =>
        owners.SelectMany(o => items.Select(i => (o.Id, i))).ToHashSet();

    /// <summary>The homes hold each expected (owner, item) once, and no other row of these items.</summary>
    protected static void ShouldHoldExactly(
        List<(long Owner, long Item)> rows, HashSet<(long Owner, long Item)> expected, string because)
    {
        var twice = rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).Take(10).ToList();
        twice.Should().BeEmpty("each item is in a home once ({0})", because);
        expected.Except(rows).Take(10).ToList().Should()
            .BeEmpty("none is missing: {0} ({1} of {2} there)", because, rows.Count, expected.Count);
        rows.Except(expected).Take(10).ToList().Should().BeEmpty("no home holds what it should not: {0}", because);
    }

    /// <summary>The fan-out jobs of these items still in the database.</summary>
    protected static async Task<int> JobsLeftAsync(FeedApp app, IReadOnlyCollection<long> items)
    {
        await using var scope = app.Db();
        var ids = items.ToList();
        return await scope.Context.HomeFanOuts.CountAsync(j => ids.Contains(j.ItemId), Cancel);
    }

    /// <summary>
    /// Waits until <paramref name="done"/> holds or <paramref name="patience"/> has passed, and says which: a wait for
    /// background work with a generous bound, never a measure of its speed.
    /// </summary>
    protected static async Task<bool> EventuallyAsync(Func<Task<bool>> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(25, Cancel);
        }

        return true;
    }
}
