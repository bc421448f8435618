using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Data;

/// <summary><see cref="Resilience.RetryDeadlocksAsync"/> runs a transaction that provably did not commit again, in a fresh one.</summary>
public sealed class DeadlockRetryTests_MariaDb(MariaDbApp app) : FeedTest<MariaDbApp>(app)
{
    /// <summary>A deadlock as the engine reports it (1213), raised on demand.</summary>
    private const string Deadlock = "SIGNAL SQLSTATE '40001' SET MYSQL_ERRNO = 1213, MESSAGE_TEXT = 'Deadlock found (raised by the test)'";

    [Fact]
    public async Task A_deadlocked_transaction_that_could_not_be_ended_is_retried_in_a_fresh_one()
    {
        await using var scope = App.Db();
        var db = scope.Context;
        var attempts = 0;

        var result = await Resilience.RetryDeadlocksAsync(db, async () =>
        {
            attempts++;
            // Not disposed when the first attempt fails: as when ending it failed on a Galera node whose session died.
            var transaction = await db.Database.BeginTransactionAsync(Cancel);
            var inside = await db.Database.SqlQueryRaw<long>("SELECT @@in_transaction AS `Value`").SingleAsync(Cancel);
            if (attempts == 1)
            {
                await db.Database.ExecuteSqlRawAsync(Deadlock, Cancel);
            }

            await transaction.CommitAsync(Cancel);
            await transaction.DisposeAsync();
            return inside;
        }, Cancel);

        attempts.Should().Be(2, "the deadlock was retried once");
        result.Should().Be(1, "the retry ran in a transaction of its own");
        db.Database.CurrentTransaction.Should().BeNull();
    }
}
