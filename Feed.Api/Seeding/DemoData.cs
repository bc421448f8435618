using Feed.Api.Data;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Seeding;

/// <summary>
/// A newcomer's first page is not empty: an empty embedded database is seeded by QA's seeder
/// (<see cref="Options"/>: people, likes, members, ids in time order, the newest item now), and a
/// demo user to sign in as (see README), who wrote some of the items. Same seed, same feed.
/// </summary>
public static class DemoData
{
    public const string UserName = "demo";

    /// <summary>The demo user's password: a development default for the embedded database only.</summary>
    public const string Password = "demo-password";

    public const int Seed = 42;

    /// <summary>The demo user wrote every this-many-th item.</summary>
    public const int DemoAuthorsEvery = 12;

    /// <summary>The demo feed: the seeder's, smaller, over the last two weeks up to <paramref name="now"/>.</summary>
    public static SeedOptions Options(DateTime now) => new()
    {
        Items = 400,
        Users = 40,
        Seed = Seed,
        LikesPerItem = 3,
        MembersPerItem = 4,
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
        await db.FeedItems
            .Where(i => i.Id % DemoAuthorsEvery == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AuthorId, demoId), cancellationToken);
    }
}
