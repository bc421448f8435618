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

    /// <summary>A hash to check a password against when the name is unknown, so that an unknown name costs the same time as a wrong password (no enumeration by timing).</summary>
    private static readonly string NobodysHash = new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString());

    /// <summary>The form a name is compared and limited in: trimmed, compatibility-normalised (NFKC), upper case.</summary>
    public static string Normalize(string name) => name.Trim().Normalize(System.Text.NormalizationForm.FormKC).ToUpperInvariant();

    /// <summary>
    /// The user with this name and password, or null. An unknown name, a user without a password
    /// and a wrong password take the same work: one password hash checked.
    /// </summary>
    public static async Task<User?> SignInAsync(FeedDbContext db, IPasswordHasher<User> hasher, string name, string password, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Name == name, cancellationToken);
        if (user?.PasswordHash is not { } hash)
        {
            hasher.VerifyHashedPassword(user!, NobodysHash, password);
            return null;
        }

        return hasher.VerifyHashedPassword(user, hash, password) == PasswordVerificationResult.Failed ? null : user;
    }

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
