using System.Data.Common;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Diagnostics;
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

    /// <summary>
    /// A connection that broke (the server went away, restarted, or a proxy dropped it) says the
    /// pool's idle connections are broken too: without a reset on taking one from the pool, each
    /// would fail once on first use. The pool is cleared, so the next request (a read's retry
    /// included) opens a new connection. Errors the server answered (a deadlock, a lock wait) leave it.
    /// </summary>
    public sealed class BrokenConnections : DbCommandInterceptor
    {
        public static readonly BrokenConnections Instance = new();

        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
            ClearIfBroken(command, eventData.Exception);

        public override Task CommandFailedAsync(
            DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            ClearIfBroken(command, eventData.Exception);
            return Task.CompletedTask;
        }

        private static void ClearIfBroken(DbCommand command, Exception exception)
        {
            if (command.Connection is MySqlConnection connection && IsBroken(exception))
            {
                MySqlConnection.ClearPool(connection);
            }
        }

        /// <summary>Whether <paramref name="exception"/> says the connection itself failed (not an error the server answered).</summary>
        public static bool IsBroken(Exception exception)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (e is IOException or SocketException or EndOfStreamException
                    || e is MySqlException
                    {
                        ErrorCode: MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown or MySqlErrorCode.UnknownCommand
                    })
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// Takes the <c>SET AUTOCOMMIT = 1;</c> that EF (Pomelo's <c>PrependEnsureAutocommit</c>) puts before every save that
    /// needs no transaction of its own off the saves that run inside one: there autocommit does not apply, and on a Galera
    /// cluster the extra statement let the save's write commit outside its transaction. A transaction that another node's
    /// commit aborts (brute force) while the two-statement command is under way fails, yet the <c>INSERT</c> after the
    /// <c>SET</c> can run alone, in autocommit, and commit, while the client is answered a duplicate key on that very row:
    /// a like's row without its counter's <c>+ 1</c>, answered 503 "nothing was saved", and the client's retry finds the
    /// row and changes nothing: an item's like count one under its likes. Measured with MySqlConnector on the cluster of
    /// scripts/cluster.sh: 2 to 5 such rows in 20 s of aborts with the prefix, none without. A save outside a transaction
    /// keeps it.
    /// </summary>
    public sealed class SavesInTransactions : DbCommandInterceptor
    {
        public static readonly SavesInTransactions Instance = new();

        private const string EnsureAutocommit = "SET AUTOCOMMIT = 1;";

        public override InterceptionResult<DbDataReader> ReaderExecuting(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Strip(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            Strip(command);
            return ValueTask.FromResult(result);
        }

        private static void Strip(DbCommand command)
        {
            if (command.Transaction is not null && command.CommandText.StartsWith(EnsureAutocommit, StringComparison.Ordinal))
            {
                command.CommandText = command.CommandText[EnsureAutocommit.Length..].TrimStart();
            }
        }
    }
}
