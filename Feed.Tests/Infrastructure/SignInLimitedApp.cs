using Feed.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Infrastructure;

/// <summary>The app with small sign-in limits (3 a minute per name, 10 per address), one hash at a time, and a hasher that counts.</summary>
public sealed class SignInLimitedApp : SqliteAppBase
{
    public const int PerName = 3;
    public const int PerAddress = 10;

    /// <summary>The client address a request claims (test harness only: the limits are per address).</summary>
    public const string AddressHeader = "X-Test-Client-Address";

    public CountingHasher Hasher { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (bucket, limit) in new[] { ("PerName", PerName), ("PerAddress", PerAddress) })
        {
            builder.UseSetting($"RateLimiting:SignIn:{bucket}:TokenLimit", $"{limit}");
            builder.UseSetting($"RateLimiting:SignIn:{bucket}:TokensPerPeriod", $"{limit}");
            builder.UseSetting($"RateLimiting:SignIn:{bucket}:ReplenishmentPeriod", "00:10:00");
        }

        builder.UseSetting("RateLimiting:SignIn:HashingConcurrency", "1");
        builder.UseSetting("RateLimiting:SignIn:HashingWait", "00:00:00.050");
        builder.ConfigureTestServices(services => services
            .AddSingleton<IPasswordHasher<User>>(Hasher)
            .AddSingleton<IStartupFilter>(new ClientAddressFromHeader()));
    }
}

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

/// <summary>Sets the connection's remote address from <see cref="SignInLimitedApp.AddressHeader"/>, before anything else runs.</summary>
internal sealed class ClientAddressFromHeader : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, following) =>
        {
            if (System.Net.IPAddress.TryParse(http.Request.Headers[SignInLimitedApp.AddressHeader], out var address))
            {
                http.Connection.RemoteIpAddress = address;
            }

            return following(http);
        });
        next(app);
    };
}
