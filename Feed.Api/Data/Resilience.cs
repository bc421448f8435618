using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using MySqlConnector;

namespace Feed.Api.Data;

/// <summary>
/// A database that does not answer is an outage, not a bug: what counts as one
/// (<see cref="IsUnavailable"/>: the HTTP host answers it with 503), how long a connection attempt
/// may take, and the reads' retries (<see cref="ReadRetryStrategy"/>); writes are never retried.
/// Connection pools reconnect by themselves, so the service recovers without a restart.
/// </summary>
public static class Resilience
{
    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) says the database cannot be reached
    /// or is too busy right now: a refused or lost connection, a timeout, a server shutting down,
    /// a locked SQLite file. False for everything else, bugs included (those stay 500s).
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case MySqlException mysql when mysql.IsTransient
                    || mysql.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.ServerShutdown
                        or MySqlErrorCode.CommandTimeoutExpired
                        or MySqlErrorCode.QueryInterrupted // our command timeout, met by killing the query
                        or MySqlErrorCode.ConnectionCountError
                        or MySqlErrorCode.TooManyUserConnections
                        or MySqlErrorCode.UnknownCommand: // 1047: a Galera node that is not (yet) part of the primary component
                case SqliteException { SqliteErrorCode: 5 or 6 or 10 or 14 }: // BUSY, LOCKED, IOERR, CANTOPEN
                case TimeoutException or SocketException or IOException:
                case InvalidOperationException when LostItsTransaction(e):
                case RetryLimitExceededException:
                    return true;
                case DbException:
                    return e.InnerException is not null && IsUnavailable(e.InnerException);
            }
        }

        return false;
    }

    /// <summary>
    /// MySqlConnector's word for a command whose transaction died with its connection (a node killed
    /// mid-request, or its sessions cut by HAProxy; the connection opened again under the transaction):
    /// nothing of it committed. Known by its message, which links MySqlConnector's page: its Source is
    /// not MySqlConnector but System.Private.CoreLib (MySqlConnector makes it, then throws it from a faulted task).
    /// </summary>
    private static bool LostItsTransaction(Exception e) =>
        e.Message.Contains("not the connection's active transaction; see https://mysqlconnector.net/trans", StringComparison.Ordinal);

    /// <summary>The unique index of the change log's numbers (see FeedChangeConfiguration).</summary>
    public const string ChangeSeqIndex = "IX_FeedChanges_Seq";

    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) proves the transaction did not commit:
    /// a deadlock or a lock wait that ran out (on Galera also a certification failure, reported as a
    /// deadlock), or a change number another node took first. The engine rolled it back, so nothing of
    /// it was saved.
    /// </summary>
    public static bool IsDeadlock(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is MySqlException { ErrorCode: MySqlErrorCode.LockDeadlock or MySqlErrorCode.LockWaitTimeout })
            {
                return true;
            }

            // On a Galera cluster two nodes may number a change alike (each locks the counter only
            // locally): the one that loses meets the winner's row before its commit, so it did not commit.
            if (e is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry } duplicate
                && duplicate.Message.Contains(ChangeSeqIndex, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="exception"/> (or one it wraps) is a key or foreign-key failure that no
    /// endpoint expected: the statement wrote nothing, so its transaction did not commit. It happens
    /// when a write meets a seed that replaces the feed at the same moment: the seed numbers its own
    /// rows (so that SQLite and MySQL get the same feed) and its reset deletes the writer's account.
    /// Not retried in the server: the writer's account may be gone.
    /// </summary>
    public static bool IsLostRace(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // AutoIncrementReadFailed: the insert waited for the table's AUTO-INC lock, held by a seed's
            // bulk load, until the lock wait ran out.
            if (e is MySqlException
                {
                    ErrorCode: MySqlErrorCode.DuplicateKeyEntry
                        or MySqlErrorCode.NoReferencedRow
                        or MySqlErrorCode.NoReferencedRow2
                        or MySqlErrorCode.AutoIncrementReadFailed
                }
                or SqliteException { SqliteExtendedErrorCode: 787 }) // SQLITE_CONSTRAINT_FOREIGNKEY
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs a write transaction, and runs it again (up to <paramref name="attempts"/> times, after a
    /// short random pause) when it provably did not commit (<see cref="IsDeadlock"/>): a rolled-back
    /// transaction is safe to repeat, unlike a commit whose answer was lost, which is never retried.
    /// </summary>
    public static async Task<T> RetryDeadlocksAsync<T>(
        DbContext db, Func<Task<T>> transaction, CancellationToken cancellationToken, int attempts = 10)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await transaction();
            }
            catch (Exception e) when (attempt < attempts && IsDeadlock(e) && !WaitedOut(e))
            {
                // Exponential back-off with full jitter, at most 500 ms a pause (about 2 s in all):
                // on a Galera cluster a hot row (one item's likes from every node) fails certification
                // often, and retrying in step would only fail again.
                db.ChangeTracker.Clear();
                await AbandonTransactionAsync(db);
                await Task.Delay(Random.Shared.Next(1, Math.Min(500, 4 << attempt)), cancellationToken);
            }
        }
    }

    /// <summary>
    /// After a failed attempt, the transaction it left behind, if any: when ending it failed (its session died with it, as
    /// a Galera node's may), EF still holds it as the context's, and the next attempt would begin inside it ("already in a
    /// transaction"). It is let go, and the connection closed, so the pool resets the session before its next use.
    /// </summary>
    private static async Task AbandonTransactionAsync(DbContext db)
    {
        if (db.Database.CurrentTransaction is not { } left)
        {
            return;
        }

        try
        {
            await left.GetDbTransaction().DisposeAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            // the engine rolled it back already; the session is closed below
        }

        await db.Database.UseTransactionAsync(null);
        await db.Database.CloseConnectionAsync();
    }

    /// <summary>
    /// A lock wait that ran out (1205): someone holds the rows for long (a seed's transaction), so
    /// waiting again at once would only wait as long again; answered 503 with Retry-After instead.
    /// </summary>
    private static bool WaitedOut(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is MySqlException { ErrorCode: MySqlErrorCode.LockWaitTimeout })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The reads' execution strategy: opening the connection and running the command are retried
    /// by EF's MySQL retrying strategy (transient errors, exponential back-off, no retry started
    /// after <see cref="ResilienceOptions.ReadRetryBudget"/>). It reports
    /// <see cref="RetriesOnFailure"/> as false so that EF does not buffer every result before
    /// reading it (measured: a third of the feed's throughput); a failure in the middle of reading
    /// rows is therefore not retried, and answers 503.
    /// </summary>
    public sealed class ReadRetryStrategy(ExecutionStrategyDependencies dependencies, ResilienceOptions options) : IExecutionStrategy
    {
        public bool RetriesOnFailure => false;

        // The first attempt runs as it is: EF's retrying strategy, built for every query, cost a Random, an AsyncLocal
        // write and two state machines a page (the profile of issue 31); it is built only when that attempt failed in a way
        // it retries, and then makes the remaining attempts as it always did.
        public TResult Execute<TState, TResult>(
            TState state, Func<DbContext, TState, TResult> operation, Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded)
        {
            Retrying? retrying;
            try
            {
                return operation(dependencies.CurrentContext.Context, state);
            }
            catch (Exception e) when ((retrying = RetryingAfter(e)) is not null)
            {
            }

            return retrying.Execute(state, operation, verifySucceeded);
        }

        public async Task<TResult> ExecuteAsync<TState, TResult>(
            TState state,
            Func<DbContext, TState, CancellationToken, Task<TResult>> operation,
            Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded,
            CancellationToken cancellationToken = default)
        {
            Retrying? retrying;
            try
            {
                return await operation(dependencies.CurrentContext.Context, state, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && (retrying = RetryingAfter(e)) is not null)
            {
            }

            return await retrying.ExecuteAsync(state, operation, verifySucceeded, cancellationToken);
        }

        /// <summary>The strategy that makes the remaining attempts after <paramref name="failure"/>; null: rethrow it.</summary>
        private Retrying? RetryingAfter(Exception failure)
        {
            if (options.ReadRetries < 1 || dependencies.CurrentContext.Context.Database.CurrentTransaction is not null)
            {
                return null; // in a transaction the strategy never retried: the caller's transaction retries as a whole
            }

            var retrying = new Retrying(dependencies, options);
            return retrying.Retries(failure) ? retrying : null;
        }

        private sealed class Retrying(ExecutionStrategyDependencies dependencies, ResilienceOptions options)
            : MySqlRetryingExecutionStrategy(dependencies, options.ReadRetries - 1, options.ReadRetryMaxDelay, errorNumbersToAdd: null)
        {
            private readonly long _started = TimeProvider.System.GetTimestamp();

            public bool Retries(Exception exception) => ShouldRetryOn(exception);

            // IsBroken: a pooled connection the server closed: the pool is cleared, the retry opens a new one.
            protected override bool ShouldRetryOn(Exception exception) =>
                TimeProvider.System.GetElapsedTime(_started) < options.ReadRetryBudget
                && (base.ShouldRetryOn(exception) || MySqlPools.BrokenConnections.IsBroken(exception));
        }
    }
}
