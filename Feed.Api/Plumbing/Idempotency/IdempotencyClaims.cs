using System.Data.Common;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Plumbing.Wire;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using MySqlConnector;

namespace Feed.Api.Plumbing.Idempotency;

/// <summary>A keyed write about to run: its claim row, written in the write's own transaction (<see cref="IdempotencyClaims"/>).</summary>
public sealed class PendingIdempotentWrite(IdempotentRequest claim)
{
    public IdempotentRequest Claim { get; } = claim;

    /// <summary>The transaction the claim was written in, until it commits or rolls back.</summary>
    public DbTransaction? WrittenIn { get; set; }

    /// <summary>The claim committed with the write: the work is done, only its answer is left to store.</summary>
    public bool Committed { get; set; }
}

/// <summary>
/// Another request with the same key committed first (or is committing): this one rolled back, and
/// replays that one's answer.
/// </summary>
public sealed class IdempotencyClaimTakenException() : Exception("Another request with this Idempotency-Key claimed it first.");

/// <summary>
/// Writes a keyed write's claim row in the first transaction the write begins, so the claim and the
/// work commit together or not at all: a server that dies before the commit leaves no claim (a retry
/// runs the write afresh), one that dies after it leaves a claim that says the work was done (a
/// retry never runs it twice). A claim row already there — another request with the same key
/// committed first — is a duplicate key: this transaction stops (<see cref="IdempotencyClaimTakenException"/>).
/// </summary>
public sealed class IdempotencyClaims(IHttpContextAccessor accessor) : DbTransactionInterceptor
{
    public override async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        // Each transaction of the write until one commits (a deadlock's retry begins a new one: the rolled-back one took its claim along).
        if (accessor.HttpContext?.Features.Get<PendingIdempotentWrite>() is not { Committed: false } pending
            || eventData.Context is not FeedDbContext || eventData.Context is FeedReadDbContext)
        {
            return result;
        }

        var claim = pending.Claim;
        await using var insert = connection.CreateCommand();
        insert.Transaction = result;
        insert.CommandText = "INSERT INTO `IdempotentRequests` (`UserId`, `Key`, `RequestHash`, `CreatedAt`, `ExpiresAt`) " +
            "VALUES (@user, @key, @hash, @created, @expires)";
        Add(insert, "@user", claim.UserId);
        Add(insert, "@key", claim.Key);
        Add(insert, "@hash", claim.RequestHash);
        Add(insert, "@created", claim.CreatedAt);
        Add(insert, "@expires", claim.ExpiresAt);
        try
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e)
        {
            // EF has not taken this transaction on yet: end it here, or the connection keeps it open
            // (a deadlock's retry would find a transaction already there; InnoDB would keep a shared
            // lock on a duplicate key, holding up the first request storing its answer on that row).
            try
            {
                await result.RollbackAsync(CancellationToken.None);
            }
            catch (Exception) when (connection.State != System.Data.ConnectionState.Open)
            {
                // The connection died (a node killed): nothing is left to roll back; the first error says what happened.
            }

            await result.DisposeAsync();
            // The key's row exists (a duplicate key, not another constraint).
            if (e is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry }
                or SqliteException { SqliteExtendedErrorCode: 1555 or 2067 })
            {
                throw new IdempotencyClaimTakenException();
            }

            throw;
        }

        pending.WrittenIn = result;
        return result;
    }

    public override Task TransactionCommittedAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Pending(transaction) is { } pending)
        {
            pending.Committed = true;
            pending.WrittenIn = null;
        }

        return Task.CompletedTask;
    }

    public override Task TransactionRolledBackAsync(
        DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(transaction);
        return Task.CompletedTask;
    }

    public override Task TransactionFailedAsync(
        DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(transaction);
        return Task.CompletedTask;
    }

    private PendingIdempotentWrite? Pending(DbTransaction transaction) =>
        accessor.HttpContext?.Features.Get<PendingIdempotentWrite>() is { } pending && ReferenceEquals(pending.WrittenIn, transaction)
            ? pending
            : null;

    /// <summary>Rolled back (or disposed without a commit, which rolls back): the claim went with it.</summary>
    private void Forget(DbTransaction transaction)
    {
        if (Pending(transaction) is { } pending)
        {
            pending.WrittenIn = null;
        }
    }

    /// <summary>
    /// Stores a success's answer on the claim (which committed with the work, or is added now when
    /// the work began no transaction); forgets a claim that committed with a refused request, so the
    /// client may fix it and reuse the key. After the work: not cancelled with the request.
    /// </summary>
    public static async Task KeepAsync(
        FeedDbContext db, PendingIdempotentWrite pending, object? chosen, JsonSerializerOptions json, IdempotencyOptions caps)
    {
        var claim = pending.Claim;
        var mine = db.IdempotentRequests.Where(r => r.UserId == claim.UserId && r.Key == claim.Key);
        if (chosen is not IStatusCodeHttpResult { StatusCode: >= 200 and < 300 and var status })
        {
            if (pending.Committed)
            {
                await mine.ExecuteDeleteAsync(CancellationToken.None);
            }

            return;
        }

        var body = chosen is IValueHttpResult { Value: { } value }
            ? JsonSerializer.SerializeToUtf8Bytes(value, HandlerResults.DeclaredType(chosen, value), json)
            : null;
        body = await IdempotencyCaps.BodyToKeepAsync(db, claim.UserId, body, caps); // a large answer keeps status and Location only
        var contentType = body is null ? null : "application/json; charset=utf-8";
        var location = chosen.GetType().GetProperty("Location")?.GetValue(chosen) as string;
        if (pending.Committed)
        {
            await Resilience.RetryDeadlocksAsync(db, async () => await mine.ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status)
                .SetProperty(r => r.ResponseBody, body).SetProperty(r => r.ContentType, contentType)
                .SetProperty(r => r.Location, location), CancellationToken.None), CancellationToken.None);
            return;
        }

        claim.Status = status;
        claim.ResponseBody = body;
        claim.ContentType = contentType;
        claim.Location = location;
        await Resilience.RetryDeadlocksAsync(db, async () =>
        {
            db.IdempotentRequests.Add(claim);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateException e) when (!Resilience.IsDeadlock(e))
            {
                // A concurrent repeat kept its answer first: that one stands.
            }

            return true;
        }, CancellationToken.None);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
