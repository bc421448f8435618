using System.Data.Common;
using MySqlConnector;

namespace Feed.Api.Data;

/// <summary>How the API's MySQL connection pools are set up.</summary>
public static class MySqlPools
{
    /// <summary>
    /// The MySQL connection string of the API's pools: <see cref="ResilienceOptions.ConnectTimeout"/>
    /// when it names no connect timeout, and no reset of a connection taken from the pool
    /// (<c>ConnectionReset=false</c>) unless it asks for one. A reset costs a round trip (and
    /// MySqlConnector's <c>SET NAMES</c> after it, another) on every request; it is only needed
    /// when a connection may come back with session state, and none does: no code on these pools
    /// sets a session variable, a user variable, a temporary table, a lock or an isolation level,
    /// and a transaction left open is rolled back when its connection returns. The one session
    /// change in the product, the seed writer's, is made on a connection of its own, never pooled
    /// (<c>MySqlSeedWriter</c>). Tested by <c>SessionStateTests</c>.
    /// </summary>
    public static string ForApiPool(string connectionString, TimeSpan connectTimeout)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()).ToHashSet();
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (!given.Contains("CONNECTTIMEOUT") && !given.Contains("CONNECTIONTIMEOUT"))
        {
            builder.ConnectionTimeout = (uint)Math.Max(1, Math.Ceiling(connectTimeout.TotalSeconds));
        }

        if (!given.Contains("CONNECTIONRESET"))
        {
            builder.ConnectionReset = false;
        }

        return builder.ConnectionString;
    }
}
