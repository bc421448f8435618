using Feed.Api.Data;
using MySqlConnector;

namespace Feed.Tests.Infrastructure;

/// <summary>
/// The database a test app runs on: a new one of its own (<see cref="New"/>: made when the app
/// starts, removed when it is disposed) or one someone else owns (<see cref="At"/>: used as it is).
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public const string DefaultServerVersion = "8.4.0-mysql";

    public abstract DatabaseProvider Provider { get; }

    public abstract string ConnectionString { get; }

    public virtual string ServerVersion => DefaultServerVersion;

    /// <summary>Why this database cannot be had here, or null when it can.</summary>
    public virtual string? Unavailable => null;

    public Engine Engine => Provider == DatabaseProvider.Sqlite ? Engine.Sqlite : Engine.MariaDb;

    /// <summary>Makes the database, before the app migrates it.</summary>
    public virtual Task CreateAsync() => Task.CompletedTask;

    /// <summary>Removes the database, after the app stopped.</summary>
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A new, empty database on <paramref name="engine"/>, of this app's own.</summary>
    public static TestDatabase New(Engine engine) => engine switch
    {
        Engine.Sqlite => new SqliteFile(),
        Engine.MariaDb => new MariaDbDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(engine)),
    };

    /// <summary>A database someone else owns (another app's, a server's of a test's own, a cluster node): never made or removed.</summary>
    public static TestDatabase At(DatabaseProvider provider, string connectionString, string serverVersion = DefaultServerVersion) =>
        new Borrowed(provider, connectionString, serverVersion);

    /// <summary>This database, for another app: it stays this one's to remove.</summary>
    public TestDatabase Borrow() => At(Provider, ConnectionString, ServerVersion);

    private sealed class Borrowed(DatabaseProvider provider, string connectionString, string serverVersion) : TestDatabase
    {
        public override DatabaseProvider Provider => provider;

        public override string ConnectionString => connectionString;

        public override string ServerVersion => serverVersion;
    }
}

/// <summary>A SQLite file in the temporary directory, deleted with its WAL files at the end.</summary>
public sealed class SqliteFile : TestDatabase
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"feed-test-{Guid.NewGuid():N}.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string ConnectionString => $"Data Source={_file}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }
}

/// <summary>
/// A database of its own on the MariaDB server <c>FEED_TEST_MYSQL</c> names, dropped at the end;
/// <paramref name="poolSize"/> caps the app's pool (1: every request runs on the same server session).
/// </summary>
public sealed class MariaDbDatabase(int? poolSize = null) : TestDatabase
{
    private static readonly string Server = System.Environment.GetEnvironmentVariable("FEED_TEST_MYSQL") ?? "";
    private readonly string _database = $"feed_test_{Guid.NewGuid():N}"[..32];

    public override DatabaseProvider Provider => DatabaseProvider.MySql;

    public override string? Unavailable => string.IsNullOrWhiteSpace(Server)
        ? "FEED_TEST_MYSQL is not set: start a server with scripts/mariadb.sh and eval \"$(scripts/mariadb.sh env)\"."
        : null;

    public override string ConnectionString
    {
        get
        {
            var builder = new MySqlConnectionStringBuilder(Server) { Database = _database, AllowUserVariables = true };
            if (poolSize is { } size)
            {
                builder.MaximumPoolSize = (uint)size;
            }

            return builder.ConnectionString;
        }
    }

    public override string ServerVersion =>
        System.Environment.GetEnvironmentVariable("FEED_TEST_MYSQL_VERSION") ?? "10.11.0-mariadb";

    public override Task CreateAsync() => ExecuteOnServerAsync($"CREATE DATABASE `{_database}`");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Unavailable is null)
        {
            MySqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS `{_database}`");
        }
    }

    private static async Task ExecuteOnServerAsync(string sql)
    {
        var server = new MySqlConnectionStringBuilder(Server) { Database = "" }.ConnectionString;
        await using var connection = new MySqlConnection(server);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
