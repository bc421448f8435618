using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Users;

/// <summary>
/// User accounts, for sign-up, the <c>create-user</c> verb and the demo data alike: passwords are
/// hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> and never leave the server.
/// </summary>
public static class UserAccounts
{
    public const int PasswordMinLength = 8;
    public const int PasswordMaxLength = 128;

    /// <summary>Creates a user with a hashed password; null when the name is taken. The <c>create-user</c> verb uses it too.</summary>
    public static async Task<User?> CreateAsync(
        FeedDbContext db, IPasswordHasher<User> hasher, string name, string password, bool isAdmin, DateTime now, CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(u => u.Name == name, cancellationToken))
        {
            return null;
        }

        var user = new User(name, now, isAdmin);
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return user;
        }
        catch (DbUpdateException)
        {
            // Someone may have taken the name between the check and the insert: the unique index said no.
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AnyAsync(u => u.Name == name, cancellationToken))
            {
                return null;
            }

            throw;
        }
    }
}
