using Feed.Api.Data;
using Feed.Api.Follows;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Seeding;

/// <summary>
/// A newcomer's first page is not empty: an empty embedded database is seeded by QA's seeder
/// (<see cref="Options"/>: people, likes, members, ids in time order, the newest item now), and a
/// demo user to sign in as (see README), who wrote some of the items, follows some people (so their
/// <c>/home</c> has items) and has a few followers. Same seed, same feed.
/// </summary>
public static class DemoData
{
    public const string UserName = "demo";

    /// <summary>The demo user's password: a development default for the embedded database only.</summary>
    public const string Password = "demo-password";

    public const int Seed = 42;

    /// <summary>The demo user wrote every this-many-th item.</summary>
    public const int DemoAuthorsEvery = 12;

    /// <summary>How many people the demo user follows: the most followed of the seeded ones.</summary>
    public const int DemoFollows = 8;

    /// <summary>How many seeded people follow the demo user (none of those the demo follows: someone to follow back).</summary>
    public const int DemoFollowers = 5;

    /// <summary>The demo feed: the seeder's, smaller, over the last two weeks up to <paramref name="now"/>.</summary>
    public static SeedOptions Options(DateTime now) => new()
    {
        Items = 400,
        Users = 40,
        Seed = Seed,
        LikesPerItem = 3,
        MembersPerItem = 4,
        FollowsPerUser = 6,
        Span = TimeSpan.FromDays(14),
        Until = now,
    };

    public static async Task SeedIfEmptyAsync(
        FeedDbContext db, IPasswordHasher<User> hasher, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken) || await db.FeedItems.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await FeedSeeder.SeedAsync(db, Options(now), progress: null, cancellationToken);
        var demo = await UserAccounts.CreateAsync(db, hasher, UserName, Password, isAdmin: false, now, cancellationToken);
        var demoId = demo.User!.Id;
        await AuthorAsync(db, demoId, cancellationToken);
        await FollowAsync(db, demoId, now, cancellationToken);
    }

    /// <summary>
    /// The demo user wrote every <see cref="DemoAuthorsEvery"/>-th item: those items move from their seeded author's home
    /// (and their followers') to the demo's.
    /// </summary>
    private static async Task AuthorAsync(FeedDbContext db, long demoId, CancellationToken cancellationToken)
    {
        var theirs = db.FeedItems.Where(i => i.Id % DemoAuthorsEvery == 0);
        await db.HomeEntries.Where(h => h.ItemId % DemoAuthorsEvery == 0).ExecuteDeleteAsync(cancellationToken);
        await theirs.ExecuteUpdateAsync(s => s.SetProperty(i => i.AuthorId, demoId), cancellationToken);
        db.HomeEntries.AddRange((await theirs.AsNoTracking().ToListAsync(cancellationToken)).Select(i => new HomeEntry
        {
            OwnerId = demoId,
            ItemId = i.Id,
            ArrivedAt = i.CreatedAt,
            AuthorId = demoId,
            Kind = i.Kind,
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The demo user follows the <see cref="DemoFollows"/> most followed people, and <see cref="DemoFollowers"/> others
    /// follow them, through the API's own follow (counters, and the homes filled with the followees' latest items).
    /// </summary>
    private static async Task FollowAsync(FeedDbContext db, long demoId, DateTime now, CancellationToken cancellationToken)
    {
        var people = await db.Users.Where(u => u.Id != demoId).OrderByDescending(u => u.FollowerCount).ThenBy(u => u.Id)
            .Select(u => u.Id).ToListAsync(cancellationToken);
        var home = new HomeOptions();
        foreach (var followee in people.Take(DemoFollows))
        {
            await FollowWrites.FollowAsync(db, demoId, followee, follow: true, home, now, cancellationToken);
        }

        foreach (var follower in people.Skip(DemoFollows).Order().Take(DemoFollowers))
        {
            await FollowWrites.FollowAsync(db, follower, demoId, follow: true, home, now, cancellationToken);
        }
    }
}
