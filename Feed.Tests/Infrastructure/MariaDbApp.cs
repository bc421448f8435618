using Feed.Api.Data;
using MySqlConnector;

namespace Feed.Tests.Infrastructure;

public class MariaDbApp : FeedApp
{
    private static readonly string MySqlServer = System.Environment.GetEnvironmentVariable("FEED_TEST_MYSQL") ?? "";
    private readonly string _database = $"feed_test_{Guid.NewGuid():N}"[..32];

    public override DatabaseProvider Provider => DatabaseProvider.MySql;

    public override string? Unavailable => string.IsNullOrWhiteSpace(MySqlServer)
        ? "FEED_TEST_MYSQL is not set: start a server with scripts/mariadb.sh and eval \"$(scripts/mariadb.sh env)\"."
        : null;

    protected override string ConnectionString =>
        new MySqlConnectionStringBuilder(MySqlServer) { Database = _database, AllowUserVariables = true }.ConnectionString;

    protected override string ServerVersion =>
        System.Environment.GetEnvironmentVariable("FEED_TEST_MYSQL_VERSION") ?? "10.11.0-mariadb";

    public override async ValueTask InitializeAsync()
    {
        if (Unavailable is null)
        {
            await ExecuteOnServerAsync($"CREATE DATABASE `{_database}`");
        }

        await base.InitializeAsync();
    }

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
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder(MySqlServer) { Database = "" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
