using MySqlConnector;

namespace Feed.Tests.Infrastructure;

/// <summary>MariaDB with a pool of one connection: every request of the API runs on the same server session, whose counters a test can read.</summary>
public sealed class SingleConnectionMariaDbApp : MariaDbApp
{
    protected override string ConnectionString =>
        new MySqlConnectionStringBuilder(base.ConnectionString) { MaximumPoolSize = 1 }.ConnectionString;
}
