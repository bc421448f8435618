using Feed.Api.Data;
using Feed.Api.Media;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Data;

/// <summary>
/// A save inside a transaction sends its writes and nothing else (<see cref="MySqlPools.SavesInTransactions"/>): EF's
/// <c>SET AUTOCOMMIT = 1</c> before them let a write commit outside its transaction on a Galera cluster.
/// </summary>
public sealed class TransactionSaveTests_MariaDb(MariaDbApp app) : FeedTest<MariaDbApp>(app)
{
    [Fact]
    public async Task A_save_inside_a_transaction_sends_no_set_statement_and_commits_with_it()
    {
        var key = $"test/{Guid.NewGuid():N}";
        await using (var scope = App.Db())
        {
            var db = scope.Context;
            await using var transaction = await db.Database.BeginTransactionAsync(Cancel);
            var before = await SetStatementsAsync(db);
            MediaRemoval.Enqueue(db, [key], DateTime.UtcNow);
            await db.SaveChangesAsync(Cancel);
            var after = await SetStatementsAsync(db);
            var inside = await db.Database.SqlQueryRaw<long>("SELECT @@in_transaction AS `Value`").SingleAsync(Cancel);
            await transaction.CommitAsync(Cancel);

            (after - before).Should().Be(0, "the save's command is its INSERT alone, no SET AUTOCOMMIT before it");
            inside.Should().Be(1, "the save ran inside the transaction");
        }

        await using var check = App.Db();
        (await check.Context.MediaDeletions.CountAsync(d => d.Key == key, Cancel)).Should().Be(1, "it committed with its transaction");
    }

    /// <summary>How many SET statements this session has run (the server's own count, not the client's).</summary>
    private static Task<long> SetStatementsAsync(FeedDbContext db) => db.Database.SqlQueryRaw<long>(
        "SELECT CAST(VARIABLE_VALUE AS SIGNED) AS `Value` FROM information_schema.SESSION_STATUS " +
        "WHERE VARIABLE_NAME = 'Com_set_option'").SingleAsync(Cancel);
}
