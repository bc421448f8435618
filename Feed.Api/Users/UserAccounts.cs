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

    /// <summary>
    /// A hash to check a password against when the name is unknown, so that an unknown name costs the same time as a wrong password
    /// (no enumeration by timing).
    /// </summary>
    private static readonly string NobodysHash = new PasswordHasher<User>().HashPassword(null!, Guid.NewGuid().ToString());

    /// <summary>
    /// The form a name is compared and limited in: <see cref="UserNames"/>' key, or the text itself, upper case, when it is no valid name.
    /// </summary>
    public static string Normalize(string name) =>
        UserNames.TryNormalize(name, out var normalized, out _) ? UserNames.Key(normalized) : name.ToUpperInvariant();

    /// <summary>
    /// The user with this name and password, or null. An unknown name, a user without a password, an
    /// account being deleted and a wrong password take the same work: one password hash checked.
    /// </summary>
    public static async Task<User?> SignInAsync(
        FeedDbContext db, IPasswordHasher<User> hasher, string name, string password, CancellationToken cancellationToken)
    {
        var key = Normalize(name);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedName == key, cancellationToken);
        if (user is null && db.Database.IsMySql())
        {
            // On a Galera cluster a sign-in right after the sign-up, on another node, was seen to miss
            // the new user now and then although the nodes read causally (wsrep_sync_wait = 1), and to
            // find it a moment later: one more look before "wrong name". An unknown name costs 100 ms
            // more; that tells nothing worth hiding (names are public: every item shows its author's).
            await Task.Delay(100, cancellationToken);
            user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedName == key, cancellationToken);
        }

        if (user is { DeletedAt: not null } || user?.PasswordHash is not { } hash)
        {
            // An account being deleted signs nobody in: answered as a wrong password, after the same work.
            hasher.VerifyHashedPassword(user!, NobodysHash, password);
            return null;
        }

        return hasher.VerifyHashedPassword(user, hash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    /// <summary>
    /// Creates a user with a hashed password, or says why not: the field at fault
    /// (<c>name</c>, <c>password</c>) and the reason, or that the name is taken (by any name with
    /// the same <see cref="UserNames.Key"/>). Sign-up, the <c>create-user</c> verb and the demo data all come here.
    /// </summary>
    public static async Task<NewUser> CreateAsync(
        FeedDbContext db,
        IPasswordHasher<User> hasher,
        string name,
        string password,
        bool isAdmin,
        DateTime now,
        CancellationToken cancellationToken)
    {
        if (!UserNames.TryNormalize(name, out var normalized, out var nameError))
        {
            return NewUser.Refused("name", nameError);
        }

        if (password.Length is < PasswordMinLength or > PasswordMaxLength)
        {
            return NewUser.Refused("password", $"A password has {PasswordMinLength} to {PasswordMaxLength} characters.");
        }

        var key = UserNames.Key(normalized);
        if (await db.Users.AnyAsync(u => u.NormalizedName == key, cancellationToken))
        {
            return NewUser.Taken(normalized);
        }

        var user = new User(normalized, now, isAdmin);
        user.SetPasswordHash(hasher.HashPassword(user, password));
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return new NewUser(user, null, null);
        }
        catch (DbUpdateException)
        {
            // Someone may have taken the name between the check and the insert: the unique index said no.
            db.Entry(user).State = EntityState.Detached;
            if (await db.Users.AnyAsync(u => u.NormalizedName == key, cancellationToken))
            {
                return NewUser.Taken(normalized);
            }

            throw;
        }
    }
}

/// <summary>
/// The user made, or the field at fault and why (<see cref="Field"/> null and <see cref="User"/> null: the name is taken).
/// </summary>
public sealed record NewUser(User? User, string? Field, string? Error)
{
    public static NewUser Refused(string field, string error) => new(null, field, error);

    public static NewUser Taken(string name) => new(null, null, $"The name '{name}' is taken. Choose another.");
}
