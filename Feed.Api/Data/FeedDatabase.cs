using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace Feed.Api.Data;

public static class FeedDatabase
{
    /// <summary>
    /// Registers <see cref="FeedDbContext"/> (writes) and <see cref="FeedReadDbContext"/> (the GET
    /// endpoints) of the configured provider, each with its own pool. EF interceptors registered
    /// as <see cref="IInterceptor"/> services (the tests' command counter) join both.
    /// </summary>
    public static IHostApplicationBuilder AddFeedDatabase(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        builder.Services.AddOptions<ResilienceOptions>().BindConfiguration(ResilienceOptions.Section);
        builder.Services.AddOptions<ChangeLogOptions>().BindConfiguration(ChangeLogOptions.Section) // every write sweeps the log
            .Validate(o => o.Retention > TimeSpan.Zero, "Changes:Retention must be positive.").ValidateOnStart();

        // The provider decides which context class (and so which migrations) is registered: read
        // here, from the same section and class as the options above.
        var provider = (builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new()).Provider;
        var primary = builder.Configuration.GetConnectionString("Feed");
        var reads = builder.Configuration.GetConnectionString("FeedRead");
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                primary ??= $"Data Source={Path.Combine(builder.Environment.ContentRootPath, "feed.db")}";
                builder.Services.AddDbContextPool<FeedDbContext, SqliteFeedDbContext>((services, o) =>
                    UseSqlite(o, primary).AddInterceptors(services.GetServices<IInterceptor>()));
                AddReads(builder, primary, reads, (services, o, connectionString) => UseSqlite(o, connectionString).UseReads(services));
                break;
            case DatabaseProvider.MySql:
                if (string.IsNullOrWhiteSpace(primary))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is MySql but ConnectionStrings:Feed is not set (environment: ConnectionStrings__Feed).");
                }

                builder.Services.AddDbContextPool<FeedDbContext, MySqlFeedDbContext>((services, o) =>
                    UseMySql(o, services, primary).AddInterceptors(services.GetServices<IInterceptor>()));
                AddReads(builder, primary, reads, UseMySqlReads);
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{provider}'.");
        }

        return builder;
    }

    /// <summary>
    /// The reads' contexts, pooled: on the primary; or, with a replica, with the connection string
    /// chosen per request — the primary's for a caller who just wrote (<see cref="RecentWriters"/>),
    /// else the replica's. MySqlConnector and SQLite keep a pool per connection string.
    /// </summary>
    private static void AddReads(
        IHostApplicationBuilder builder,
        string primary,
        string? reads,
        Func<IServiceProvider, DbContextOptionsBuilder, string, DbContextOptionsBuilder> use)
    {
        if (reads is null)
        {
            builder.Services.AddDbContextPool<FeedReadDbContext>((services, o) => use(services, o, primary));
            return;
        }

        builder.Services.AddSingleton<RecentWriters>();
        builder.Services.AddScoped<ReadConsistency>();
        builder.Services.AddPooledDbContextFactory<FeedReadDbContext>((services, o) => use(services, o, reads));
        builder.Services.AddScoped(services =>
        {
            var db = services.GetRequiredService<IDbContextFactory<FeedReadDbContext>>().CreateDbContext();
            var target = services.GetRequiredService<ReadConsistency>().FromPrimary ? primary : reads;
            db.Database.SetConnectionString(db.Database.IsMySql()
                ? MySqlPools.ForApiPool(target, services.GetRequiredService<IOptions<ResilienceOptions>>().Value.ConnectTimeout)
                : target);
            return db;
        });
    }

    /// <summary>
    /// The reads' context: on <c>ConnectionStrings:FeedRead</c> when it is set (a read replica: same
    /// schema, read-only account, a little behind), else on the primary; no tracking; on MySQL it
    /// retries transient failures (a read is safe to run again). The writes' context has no
    /// retrying strategy, so a write is never run twice. Sign-in and health use the writes' context.
    /// </summary>
    private static DbContextOptionsBuilder UseReads(this DbContextOptionsBuilder builder, IServiceProvider services) =>
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).AddInterceptors(services.GetServices<IInterceptor>());

    private static DbContextOptionsBuilder UseMySqlReads(
        IServiceProvider services, DbContextOptionsBuilder builder, string connectionString) =>
        UseMySql(builder, services, connectionString, mysql => mysql.ExecutionStrategy(dependencies =>
                new Resilience.ReadRetryStrategy(dependencies, services.GetRequiredService<IOptions<ResilienceOptions>>().Value)))
            .UseReads(services);

    /// <summary>
    /// The API's MySQL options. A save sends one row's statement a command (<c>MaxBatchSize(1)</c>): on a Galera cluster a
    /// transaction that another node's commit aborts while a command of several statements is under way reports the abort
    /// once, and the command's later statements can then run alone, in autocommit, and commit (measured on scripts/cluster.sh
    /// with two-INSERT commands: 12 and 7 lone second rows in 20 s runs of 12,000 and 7,600 aborts). Saves of several rows
    /// are rare here, so the round trips this adds are few.
    /// </summary>
    private static DbContextOptionsBuilder UseMySql(
        DbContextOptionsBuilder builder,
        IServiceProvider services,
        string connectionString,
        Action<MySqlDbContextOptionsBuilder>? mysql = null)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var resilience = services.GetRequiredService<IOptions<ResilienceOptions>>().Value;
        Action<MySqlDbContextOptionsBuilder> options = o =>
        {
            o.MaxBatchSize(1);
            mysql?.Invoke(o);
        };
        return UseMySql(builder, MySqlPools.ForApiPool(connectionString, resilience.ConnectTimeout), database.ServerVersion, options)
            .AddInterceptors(MySqlPools.BrokenConnections.Instance, MySqlPools.SavesInTransactions.Instance);
    }

    internal static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString);

    internal static DbContextOptionsBuilder UseMySql(
        DbContextOptionsBuilder builder,
        string connectionString,
        string serverVersion,
        Action<MySqlDbContextOptionsBuilder>? mysql = null) =>
        builder.UseMySql(connectionString, ServerVersion.Parse(serverVersion), mysql);

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
