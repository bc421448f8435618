using Feed.Api.Data;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Seeding;

/// <summary>
/// A newcomer's first page is not empty: an empty embedded database gets a few hundred items by a
/// handful of users, and a demo user to sign in as (see README). Same seed, same feed.
/// </summary>
public static class DemoData
{
    public const string UserName = "demo";

    /// <summary>The demo user's password: a development default for the embedded database only.</summary>
    public const string Password = "demo-password";

    public const int Seed = 42;

    public static async Task SeedIfEmptyAsync(FeedDbContext db, IPasswordHasher<User> hasher, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(cancellationToken) || await db.FeedItems.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var demo = await UserAccounts.CreateAsync(db, hasher, UserName, Password, isAdmin: false, now, cancellationToken);
        var faker = new FeedFaker(Seed);
        var users = faker.Users(12, now).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync(cancellationToken);

        var authors = users.Select(u => u.Id).Append(demo.User!.Id).ToList();
        db.FeedItems.AddRange(faker.Items(300, authors, now, TimeSpan.FromDays(14)));
        await db.SaveChangesAsync(cancellationToken);
    }
}
