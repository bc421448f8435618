using System.Globalization;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feed.Tests.Infrastructure;

// The apps test classes share as fixtures: each an engine × a setup, declared in one line
// (xunit makes a fixture from a type). Constants a test needs to know stand beside the setup.

public sealed class SqliteApp() : FeedApp(Engine.Sqlite);

public sealed class MariaDbApp() : FeedApp(Engine.MariaDb);

/// <summary>Authors with <see cref="Pulled.Above"/> followers are read into homes at read time, at once (no settle).</summary>
public sealed class PulledSqliteApp() : FeedApp(Engine.Sqlite, Pulled.Setup);

public sealed class PulledMariaDbApp() : FeedApp(Engine.MariaDb, Pulled.Setup);

public sealed class PageCachedSqliteApp() : FeedApp(Engine.Sqlite, PageCached.Setup);

public sealed class PageCachedMariaDbApp() : FeedApp(Engine.MariaDb, PageCached.Setup);

/// <summary>
/// MariaDB with a pool of one connection: every request of the API runs on the same server session,
/// whose counters a test can read.
/// </summary>
public sealed class SingleConnectionMariaDbApp() : FeedApp(new MariaDbDatabase(poolSize: 1));

/// <summary>The app behind Kestrel, whose request limits (Kestrel:Limits) only a real server applies.</summary>
public sealed class KestrelApp() : FeedApp(Engine.Sqlite, AppSetup.Default.OnKestrel());

/// <summary>
/// The app with small rate limits (a burst of 5, one more a second), one allowed web origin, and client addresses a request
/// may claim (<see cref="ClientAddressFromHeader"/>).
/// </summary>
public sealed class LimitedApp() : FeedApp(Engine.Sqlite, Limits)
{
    public const int Burst = 5;
    public const string WebOrigin = "https://app.example.com";

    private static AppSetup Limits => AppSetup.Default
        .WithRateLimit("User", Burst, 1, "00:00:01")
        .WithRateLimit("Anonymous", Burst, 1, "00:00:01")
        .WithRateLimit("Docs", Burst, 1, "00:00:01")
        .With("Cors:AllowedOrigins:0", WebOrigin)
        .WithServices(ClientAddressFromHeader.Register);
}

/// <summary>
/// The app with small sign-in limits (3 a minute per name, 10 per address), one hash at a time, and a
/// hasher that counts.
/// </summary>
public sealed class SignInLimitedApp() : FeedApp(Engine.Sqlite, Limits)
{
    public const int PerName = 3;
    public const int PerAddress = 10;

    public CountingHasher Hasher => Services.GetRequiredService<CountingHasher>();

    private static AppSetup Limits => AppSetup.Default
        .WithRateLimit("SignIn:PerName", PerName, PerName, "00:10:00")
        .WithRateLimit("SignIn:PerAddress", PerAddress, PerAddress, "00:10:00")
        .With("RateLimiting:SignIn:HashingConcurrency", "1")
        .With("RateLimiting:SignIn:HashingWait", "00:00:00.050")
        .WithServices(services => services
            .AddSingleton<CountingHasher>()
            .AddSingleton<IPasswordHasher<User>>(provider => provider.GetRequiredService<CountingHasher>()))
        .WithServices(ClientAddressFromHeader.Register);
}

/// <summary>The app behind Kestrel with a small cap on connections per address (20) and a 3 s first-request timeout.</summary>
public sealed class ConnectionCappedApp() : FeedApp(Engine.Sqlite, Caps)
{
    public const int PerAddress = 20;

    private static AppSetup Caps => AppSetup.Default.OnKestrel()
        .With("Connections:MaxPerAddress", $"{PerAddress}")
        .With("Connections:FirstRequestTimeout", "00:00:08"); // longer than a loaded machine takes to open 60 sockets
}

/// <summary>The app with a cap of three open streams per address, and client addresses a request may claim.</summary>
public sealed class StreamCappedApp() : FeedApp(Engine.Sqlite, AppSetup.Default
    .With("Stream:MaxPerAddress", $"{PerAddress}")
    .WithServices(ClientAddressFromHeader.Register))
{
    public const int PerAddress = 3;
}

/// <summary>The app as it runs in production, with one extra route that fails the way a bug would.</summary>
public sealed class ProductionApp() : FeedApp(Engine.Sqlite, AsInProduction)
{
    public const string Secret = "SELECT secret FROM Users -- at Feed.Api.Secret()";

    public static AppSetup AsInProduction { get; } = AppSetup.Default.In("Production")
        .WithServices(services => services.AddSingleton<IStartupFilter>(new FailingRoute("/fail", Secret)))
        .WithServices(services => services
            .AddSingleton<CapturedLogs>()
            .AddSingleton<ILoggerProvider>(provider => provider.GetRequiredService<CapturedLogs>()));

    /// <summary>Every log entry the app writes, with the scopes it was written in.</summary>
    public CapturedLogs Logs => Services.GetRequiredService<CapturedLogs>();
}

/// <summary>Authors with <see cref="Above"/> followers or more are read into homes at read time, without a settle.</summary>
public static class Pulled
{
    public const int Above = 3;

    public static AppSetup Setup { get; } = AppSetup.Default.With("Home:PullAbove", $"{Above}").With("Home:PullSettle", "00:00:00");
}

/// <summary>The app with its page cache on (as in production), cached pages kept <see cref="Duration"/>.</summary>
public static class PageCached
{
    public static readonly TimeSpan Duration = TimeSpan.FromMilliseconds(600);

    // The buckets refill once an hour, not every second: a test that reads the remaining count on
    // consecutive answers must not see a refill between them (a loaded machine did: two 999999s).
    public static AppSetup Setup { get; } = AppSetup.Default
        .With("PageCache:Enabled", "true")
        .With("PageCache:Duration", Duration.ToString("c", CultureInfo.InvariantCulture))
        .WithRateLimit("Anonymous", 1_000_000, 1_000_000, "01:00:00")
        .WithRateLimit("User", 1_000_000, 1_000_000, "01:00:00");
}

/// <summary>Apps whose database cannot serve: the app starts anyway, and says so.</summary>
public static class Unusable
{
    public static AppSetup NotMigrated { get; } = AppSetup.Default.With("Database:MigrateOnStartup", "false");

    /// <summary>MySQL at a port where no database answers: nothing listens (1), or a listener that never speaks.</summary>
    public static TestDatabase UnreachableMySql(int port) =>
        TestDatabase.At(DatabaseProvider.MySql, $"Server=127.0.0.1;Port={port};Database=feed;User=feed;Password=x");

    /// <summary>An unreachable database is given up on after a second.</summary>
    public static AppSetup Unreachable { get; } = NotMigrated.With("Resilience:ConnectTimeout", "00:00:01");
}

/// <summary>Idempotency keys capped small: five answered keys a user, bodies up to 2 KiB each and 4 KiB in all.</summary>
public static class IdempotencyCapped
{
    public const int Keys = 5, BodyBytes = 2048, BytesPerUser = 4096;

    public static AppSetup Setup { get; } = AppSetup.Default
        .With("Idempotency:MaxKeysPerUser", $"{Keys}")
        .With("Idempotency:MaxBodyBytes", $"{BodyBytes}")
        .With("Idempotency:MaxBodyBytesPerUser", $"{BytesPerUser}")
        .WithRateLimit("User", 1_000_000, 1_000_000, "01:00:00");
}

public sealed class IdempotencyCappedSqliteApp() : FeedApp(Engine.Sqlite, IdempotencyCapped.Setup);

public sealed class IdempotencyCappedMariaDbApp() : FeedApp(Engine.MariaDb, IdempotencyCapped.Setup);

/// <summary>
/// Behind Kestrel (which checks Content-Length), with a response pool that keeps at most <see cref="PoolFreeBytes"/> and an
/// instance budget of <see cref="HeldBytes"/> for bodies held for clients: a small page is held, a page of long posts is not.
/// </summary>
public static class ResponseBudget
{
    public const int PoolFreeBytes = 64 * 1024, HeldBytes = 256 * 1024;

    public static AppSetup Setup { get; } = AppSetup.Default.OnKestrel()
        .With("ResponseBuffers:MaxPoolFreeBytes", $"{PoolFreeBytes}")
        .With("ResponseBuffers:MaxHeldBytes", $"{HeldBytes}");
}

public sealed class ResponseBudgetSqliteApp() : FeedApp(Engine.Sqlite, ResponseBudget.Setup);

public sealed class ResponseBudgetMariaDbApp() : FeedApp(Engine.MariaDb, ResponseBudget.Setup);
