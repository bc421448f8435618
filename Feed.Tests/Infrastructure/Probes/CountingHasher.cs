using Feed.Domain;
using Microsoft.AspNetCore.Identity;

namespace Feed.Tests.Infrastructure;

/// <summary>ASP.NET Core Identity's hasher, counting the passwords it checks and how many it checks at once.</summary>
public sealed class CountingHasher : IPasswordHasher<User>
{
    private readonly PasswordHasher<User> _hasher = new();
    private int _running;
    private int _mostAtOnce;
    private int _checked;

    public int Checked => _checked;

    public int MostAtOnce => _mostAtOnce;

    public string HashPassword(User user, string password) => Counted(() => _hasher.HashPassword(user, password));

    public PasswordVerificationResult VerifyHashedPassword(User user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref _checked);
        return Counted(() => _hasher.VerifyHashedPassword(user, hashedPassword, providedPassword));
    }

    private T Counted<T>(Func<T> hash)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _mostAtOnce, running);
        try
        {
            return hash();
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = target; value > seen; seen = target)
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
