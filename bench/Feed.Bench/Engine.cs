using System.Data.Common;
using System.Globalization;
using Feed.Api.Data;
using Feed.Api.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Feed.Bench;

public sealed record BenchSettings(
    int Items,
    int HttpSeconds,
    int Reps,
    string MySqlServer,
    string MySqlVersion,
    string OutputDirectory,
    string RepositoryRoot)
{
    /// <summary>Follows per seeded user in the feed benchmark's seed (FEED_BENCH_FOLLOWS_PER_USER; the seeder's default 20).</summary>
    public double FollowsPerUser { get; init; } = 20;

    /// <summary>The listings whose pages are timed at depth (FEED_BENCH_LISTINGS: mixed,post,game,team).</summary>
    public IReadOnlyList<string> Listings { get; init; } = ["mixed", "post", "game", "team"];

    public string SeedOptionsText => FollowsPerUser == 20 ? "default options" : $"default options but {FollowsPerUser} follows per user";

    public static BenchSettings FromEnvironment()
    {
        static string Get(string name, string fallback) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : fallback;
        var root = Get("FEED_BENCH_ROOT", Directory.GetCurrentDirectory());
        return new(
            int.Parse(Get("FEED_BENCH_ITEMS", "1000000"), CultureInfo.InvariantCulture),
            int.Parse(Get("FEED_BENCH_HTTP_SECONDS", "10"), CultureInfo.InvariantCulture),
            int.Parse(Get("FEED_BENCH_REPS", "40"), CultureInfo.InvariantCulture),
            Get("FEED_TEST_MYSQL", "") is { Length: > 0 } server
                ? server
                : throw new InvalidOperationException("FEED_TEST_MYSQL is not set: run bench/run.sh."),
            Get("FEED_TEST_MYSQL_VERSION", "10.11.0-mariadb"),
            Path.GetFullPath(Get("FEED_BENCH_OUT", Path.Combine(root, "docs"))),
            root)
        {
            FollowsPerUser = double.Parse(Get("FEED_BENCH_FOLLOWS_PER_USER", "20"), CultureInfo.InvariantCulture),
            Listings = Get("FEED_BENCH_LISTINGS", "mixed,post,game,team").Split(','),
        };
    }
}

/// <summary>One database under test: MariaDB (a fresh <c>feed_bench</c> database) or a fresh SQLite file.</summary>
public sealed class Engine
{
    private Engine(
        BenchSettings settings,
        string name,
        DatabaseProvider provider,
        string connectionString,
        string serverVersion,
        Func<Task> create)
    {
        Settings = settings;
        Name = name;
        Provider = provider;
        ConnectionString = connectionString;
        ServerVersion = serverVersion;
        CreateAsync = create;
    }

    public BenchSettings Settings { get; }

    public string Name { get; }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public string ServerVersion { get; }

    private Func<Task> CreateAsync { get; }

    public CommandCounter Commands { get; } = new();

    public static Engine MariaDb(BenchSettings settings, string database = "feed_bench")
    {
        var connectionString = new MySqlConnectionStringBuilder(settings.MySqlServer) { Database = database }.ConnectionString;
        return new Engine(settings, "MariaDB", DatabaseProvider.MySql, connectionString, settings.MySqlVersion, async () =>
        {
            var server = new MySqlConnectionStringBuilder(settings.MySqlServer) { Database = "" }.ConnectionString;
            await using var connection = new MySqlConnection(server);
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS {database}; CREATE DATABASE {database}", connection);
            await command.ExecuteNonQueryAsync();
        });
    }

    public static Engine Sqlite(BenchSettings settings, string name = "feed-bench")
    {
        var file = Path.Combine(Path.GetTempPath(), $"{name}.db");
        return new Engine(settings, "SQLite", DatabaseProvider.Sqlite, $"Data Source={file}", "", () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }

            return Task.CompletedTask;
        });
    }

    public IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["Database:Provider"] = Provider.ToString();
        builder.Configuration["Database:ServerVersion"] = ServerVersion;
        builder.Configuration["ConnectionStrings:Feed"] = ConnectionString;
        builder.AddFeedDatabase();
        builder.Services.AddSingleton<IInterceptor>(Commands);
        return builder.Build();
    }

    /// <summary>
    /// A fresh database, migrated and seeded with the QA seeder (seed 42, default mix and interactions;
    /// <paramref name="options"/>, when given, instead of the default options with the settings' items).
    /// </summary>
    public async Task<SeedFigures> SeedAsync(IHost host, SeedOptions? options = null)
    {
        await CreateAsync();
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        await FeedDatabase.MigrateAsync(db, CancellationToken.None);
        var progress = new ConsoleProgress();
        var result = await FeedSeeder.SeedAsync(
            db,
            options ?? new SeedOptions { Items = Settings.Items, FollowsPerUser = Settings.FollowsPerUser },
            progress,
            CancellationToken.None);
        Console.WriteLine($"  seeded {result.Rows:N0} rows in {result.Elapsed.TotalSeconds:N1} s: {result.RowsPerSecond:N0} rows/s");
        await using (var command = db.Database.GetDbConnection().CreateCommand())
        {
            await db.Database.OpenConnectionAsync();
            command.CommandText = Provider == DatabaseProvider.MySql ? "ANALYZE TABLE FeedItems, Users, Likes, Memberships" : "ANALYZE";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
        }

        return new SeedFigures(Name, await VersionAsync(db), result);
    }

    private async Task<string> VersionAsync(FeedDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        await db.Database.OpenConnectionAsync();
        command.CommandText = Provider == DatabaseProvider.MySql ? "SELECT VERSION()" : "SELECT sqlite_version()";
        return $"{Name} {await command.ExecuteScalarAsync()}";
    }
}

internal sealed class ConsoleProgress : IProgress<SeedProgress>
{
    public void Report(SeedProgress value)
    {
        if (value.Items % 100_000 == 0 || value.Items == value.TotalItems)
        {
            Console.WriteLine($"  {value.Items:N0} items, {value.Rows:N0} rows, {value.RowsPerSecond:N0} rows/s");
        }
    }
}

public sealed record SeedFigures(string Engine, string Version, SeedResult Result);

/// <summary>Counts the SQL commands EF sends.</summary>
public sealed class CommandCounter : DbCommandInterceptor
{
    private int _count;

    public int Count => _count;

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        Interlocked.Increment(ref _count);
        return result;
    }
}
