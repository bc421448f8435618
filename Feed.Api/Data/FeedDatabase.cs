using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Feed.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    MySql,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default, a file next to the app) or <c>MySql</c> (Pomelo).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The MySQL server's version, given rather than detected so that the app starts (and
    /// <c>dotnet ef</c> works) while the server is down: <c>8.4.0-mysql</c>, <c>10.11.0-mariadb</c>.
    /// </summary>
    public string ServerVersion { get; set; } = "8.4.0-mysql";

    /// <summary>Apply migrations at start-up. On by default for SQLite only; MySQL uses the <c>migrate</c> verb.</summary>
    public bool? MigrateOnStartup { get; set; }

    /// <summary>Fill an empty embedded database with demo items at start-up.</summary>
    public bool DemoData { get; set; } = true;
}

public static class FeedDatabase
{
    /// <summary>
    /// Registers the <see cref="FeedDbContext"/> of the configured provider. EF interceptors
    /// registered as <see cref="IInterceptor"/> services (the tests' command counter) join it.
    /// </summary>
    public static IHostApplicationBuilder AddFeedDatabase(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(options);
        var connectionString = builder.Configuration.GetConnectionString("Feed");
        var resilience = builder.Configuration.GetSection("Resilience").Get<ResilienceOptions>() ?? new ResilienceOptions();

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString ??= $"Data Source={Path.Combine(builder.Environment.ContentRootPath, "feed.db")}";
                builder.Services.AddDbContextPool<FeedDbContext, SqliteFeedDbContext>((services, o) => UseSqlite(o, connectionString).AddInterceptors(services.GetServices<IInterceptor>()));
                break;
            case DatabaseProvider.MySql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is MySql but ConnectionStrings:Feed is not set (environment: ConnectionStrings__Feed).");
                }

                connectionString = DatabaseOutages.WithConnectTimeout(connectionString, resilience.ConnectTimeout);
                builder.Services.AddDbContextPool<FeedDbContext, MySqlFeedDbContext>((services, o) => UseMySql(o, connectionString, options.ServerVersion).AddInterceptors(services.GetServices<IInterceptor>()));
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }

        AddReads(builder, options, builder.Configuration.GetConnectionString("FeedRead") ?? connectionString, resilience);
        return builder;
    }

    /// <summary>The service key of the context that feed reads (the GET endpoints) use: see <see cref="AddReads"/>.</summary>
    public const string Reads = "reads";

    /// <summary>
    /// Feed reads have a context and pool of their own: on <c>ConnectionStrings:FeedRead</c> when it
    /// is set (a read replica: same schema, read-only account, a little behind), else on the
    /// primary. On MySQL it retries transient failures (EF's MySQL execution strategy, within
    /// <see cref="ResilienceOptions"/>): a read is safe to run again. The writes' context has no
    /// retrying strategy, so a write is never run twice. Sign-in and health use the writes' context.
    /// </summary>
    private static void AddReads(IHostApplicationBuilder builder, DatabaseOptions options, string readConnectionString, ResilienceOptions resilience)
    {
        builder.Services.AddDbContextPool<FeedReadDbContext>((services, o) => (options.Provider switch
        {
            DatabaseProvider.MySql => UseMySql(
                o,
                DatabaseOutages.WithConnectTimeout(readConnectionString, resilience.ConnectTimeout),
                options.ServerVersion,
                mysql => mysql.ExecutionStrategy(dependencies => new DatabaseOutages.ReadRetryStrategy(dependencies, resilience))),
            _ => UseSqlite(o, readConnectionString),
        }).UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).AddInterceptors(services.GetServices<IInterceptor>()));
        builder.Services.AddKeyedScoped<FeedDbContext>(Reads, (services, _) => services.GetRequiredService<FeedReadDbContext>());
    }

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString);

    internal static DbContextOptionsBuilder UseMySql(
        DbContextOptionsBuilder builder, string connectionString, string serverVersion, Action<MySqlDbContextOptionsBuilder>? mysql = null) =>
        builder.UseMySql(connectionString, Microsoft.EntityFrameworkCore.ServerVersion.Parse(serverVersion), mysql);

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers never wait for a writer.</summary>
    public static async Task MigrateAsync(FeedDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}

/// <summary>For <c>dotnet ef</c> only: the SQLite context with a throwaway connection string.</summary>
public sealed class SqliteFeedDbContextFactory : IDesignTimeDbContextFactory<SqliteFeedDbContext>
{
    public SqliteFeedDbContext CreateDbContext(string[] args) =>
        new(((DbContextOptionsBuilder<SqliteFeedDbContext>)FeedDatabase.UseSqlite(
            new DbContextOptionsBuilder<SqliteFeedDbContext>(), "Data Source=design-time.db")).Options);
}

/// <summary>For <c>dotnet ef</c> only: the MySQL context; no server is contacted.</summary>
public sealed class MySqlFeedDbContextFactory : IDesignTimeDbContextFactory<MySqlFeedDbContext>
{
    public MySqlFeedDbContext CreateDbContext(string[] args) =>
        new(((DbContextOptionsBuilder<MySqlFeedDbContext>)FeedDatabase.UseMySql(
            new DbContextOptionsBuilder<MySqlFeedDbContext>(), "Server=localhost;Database=feed", new DatabaseOptions().ServerVersion)).Options);
}
