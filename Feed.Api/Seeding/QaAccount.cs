using System.Security.Cryptography;
using Feed.Api.Data;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;

namespace Feed.Api.Seeding;

/// <summary>The account QA signs in with after seeding (a seeded user has no password): made by the verb and by seed jobs.</summary>
public static class QaAccount
{
    /// <summary>
    /// Makes the user (an admin when <paramref name="isAdmin"/>); null when done, else why not (a taken name, a short password …).
    /// </summary>
    public static async Task<string?> CreateAsync(
        FeedDbContext db, IServiceProvider services, string name, string password, bool isAdmin, CancellationToken cancellationToken)
    {
        var made = await UserAccounts.CreateAsync(
            db,
            services.GetRequiredService<IPasswordHasher<User>>(),
            name,
            password,
            isAdmin,
            services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
            cancellationToken);
        return made.User is null ? made.Error : null;
    }

    /// <summary>A password of 16 letters and digits from a cryptographic source.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);
}
