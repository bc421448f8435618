using System.Data.Common;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Seeding;

/// <summary>
/// Writes seeded rows in bulk on a connection of its own, inside one transaction: disposing it
/// without <see cref="CommitAsync"/> rolls everything back (also the reset). All values travel
/// as parameters or through the bulk loader, never spliced into SQL.
/// </summary>
internal abstract class SeedWriter(DbConnection connection, DbTransaction transaction, FeedItemColumns columns) : IAsyncDisposable
{
    // The change log and idempotency keys go too (they describe the feed being replaced); the
    // change counter does not: its numbers only ever grow, so a stream client never sees one twice.
    private static readonly string[] Tables =
        ["IdempotentRequests", "FeedChanges", "HomeFanOuts", "HomeEntries", "Follows", "Memberships", "Likes", "FeedItems", "Users"];

    protected DbConnection Connection { get; } = connection;

    protected DbTransaction Transaction { get; } = transaction;

    public static async Task<SeedWriter> OpenAsync(FeedDbContext db, CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The feed's context has no connection string.");
        var columns = FeedItemColumns.Of(db);
        return db.Database.IsMySql()
            ? await MySqlSeedWriter.OpenAsync(connectionString, columns, cancellationToken)
            : await SqliteSeedWriter.OpenAsync(connectionString, columns, cancellationToken);
    }

    /// <summary>
    /// Deletes the feed: idempotency keys, the change log, the homes and follows, memberships, likes, items, users (children
    /// first); marks the change log swept up to its head.
    /// </summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        foreach (var table in Tables)
        {
            await using var command = Connection.CreateCommand();
            command.Transaction = Transaction;
            command.CommandText = $"DELETE FROM {table}";
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        // Every change before the reset is gone: a token from before it is a 410 (reload), see ChangeLogReads.
        await using var swept = Connection.CreateCommand();
        swept.Transaction = Transaction;
        swept.CommandText = "UPDATE FeedSequences SET Value = (SELECT v FROM (SELECT Value AS v FROM FeedSequences " +
            "WHERE Name = 'changes') c) WHERE Name = 'swept'";
        await swept.ExecuteNonQueryAsync(cancellationToken);
    }

    public abstract Task WriteUsersAsync(IReadOnlyList<(long Id, User User)> users, CancellationToken cancellationToken);

    /// <summary>Writes the items, then their likes and memberships.</summary>
    public abstract Task WriteItemsAsync(IReadOnlyList<SeededItem> items, CancellationToken cancellationToken);

    /// <summary>Whether <see cref="IndexAsync"/> has indexes to build (SQLite, into tables that were empty).</summary>
    public virtual bool DefersIndexes => false;

    /// <summary>Builds what the bulk load left out (SQLite's secondary indexes), inside the transaction; nothing elsewhere.</summary>
    public virtual Task IndexAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public virtual async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    /// <summary>The feed table's columns, every kind's, from the EF model.</summary>
    protected FeedItemColumns Items { get; } = columns;

    /// <summary>
    /// An item's row: its columns as the model maps them, with the seeded id and the counters its
    /// likes and members make.
    /// </summary>
    protected object?[] ItemValues(SeededItem seeded) => Items.Values(seeded.Item, new Dictionary<string, object?>
    {
        [nameof(FeedItem.Id)] = seeded.Id,
        [nameof(FeedItem.LikeCount)] = seeded.Likes.Count,
        [nameof(JoinableItem.JoinedCount)] = seeded.Members.Count,
    });

    protected static readonly string[] UserColumns = ["Id", "Name", "NormalizedName", "IsAdmin", "CreatedAt", "SecurityStamp"];

    /// <summary>
    /// A user's row in the order of <see cref="UserColumns"/>: a new stamp each time, so old tokens
    /// never pass for a reseeded user.
    /// </summary>
    protected static object?[] UserValues(long id, User user) =>
        [id, user.Name, user.NormalizedName, user.IsAdmin, user.CreatedAt, user.SecurityStamp];

    protected static readonly string[] LikeColumns = ["ItemId", "UserId", "CreatedAt"];

    protected static readonly string[] MembershipColumns = ["ItemId", "UserId", "JoinedAt"];
}
