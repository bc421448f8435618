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
internal abstract partial class SeedWriter(DbConnection connection, DbTransaction transaction, FeedItemColumns columns) : IAsyncDisposable
{
    // The change log and idempotency keys go too (they describe the feed being replaced); the
    // change counter does not: its numbers only ever grow, so a stream client never sees one twice.
    private static readonly string[] Tables =
    [
        "IdempotentRequests", "FeedChanges", "HomeFanOuts", "HomeEntries", "Follows", "Memberships", "Likes", "Reports", "Notifications",
        "Comments", "FeedItems",
        "Blocks", "Mutes", "Sessions", "AccountDeletions", "Users",
    ];

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
        await RemoveMediaAsync(cancellationToken);
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

    public abstract Task WriteMediaAsync(IReadOnlyList<SeededMedia> media, CancellationToken cancellationToken);

    public abstract Task WriteUsersAsync(IReadOnlyList<SeededUser> users, CancellationToken cancellationToken);

    /// <summary>Writes follows (after the users they name).</summary>
    public abstract Task WriteFollowsAsync(IReadOnlyList<SeededFollow> follows, CancellationToken cancellationToken);

    /// <summary>Writes the items, then their likes, memberships and comments (a comment after the one it answers).</summary>
    public abstract Task WriteItemsAsync(IReadOnlyList<SeededItem> items, CancellationToken cancellationToken);

    /// <summary>Whether <see cref="IndexAsync"/> has indexes to build (SQLite, into tables that were empty).</summary>
    public virtual bool DefersIndexes => false;

    /// <summary>Builds what the bulk load left out (SQLite's secondary indexes), inside the transaction; nothing elsewhere.</summary>
    public virtual Task IndexAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The homes of the items with ids <paramref name="first"/> to <paramref name="last"/>, written (and indexed) before:
    /// each in its author's home and in each of its author's followers', arrived at its own time, in one
    /// <c>INSERT … SELECT</c> the database runs by itself (a range of the items joined with the follows by followee).
    /// A row already there is left as it is. The entries written.
    /// </summary>
    public virtual async Task<long> DeliverAsync(long first, long last, CancellationToken cancellationToken)
    {
        const string Item = $"i.`Id`, i.`CreatedAt`, i.`AuthorId`, i.`{FeedDbContext.Discriminator}` FROM `FeedItems` AS i";
        const string Range = "i.`Id` BETWEEN @first AND @last";
        await using var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandTimeout = 0;
        command.CommandText = $"{InsertIgnore} `HomeEntries` (`OwnerId`, `ItemId`, `ArrivedAt`, `AuthorId`, `Kind`) " +
            $"SELECT i.`AuthorId`, {Item} WHERE {Range} " +
            $"UNION ALL SELECT f.`FollowerId`, {Item} JOIN `Follows` AS f ON f.`FolloweeId` = i.`AuthorId` WHERE {Range}{DeliveryOrder}";
        foreach (var (name, value) in new[] { ("@first", first), ("@last", last) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The engine's INSERT that skips a row whose key is taken.</summary>
    protected abstract string InsertIgnore { get; }

    /// <summary>How <see cref="DeliverAsync"/> orders the entries it inserts (as the SELECT's ORDER BY), if at all.</summary>
    protected virtual string DeliveryOrder => "";

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
        [nameof(FeedItem.CommentCount)] = seeded.Comments.Count,
    });

    protected static readonly string[] UserColumns =
        ["Id", "Name", "NormalizedName", "IsAdmin", "CreatedAt", "SecurityStamp", "FollowerCount", "FollowingCount"];

    /// <summary>
    /// A user's row in the order of <see cref="UserColumns"/>: a new stamp each time, so old tokens
    /// never pass for a reseeded user; the counters of the follows seeded with them.
    /// </summary>
    protected static object?[] UserValues(SeededUser seeded) =>
    [
        seeded.Id, seeded.User.Name, seeded.User.NormalizedName, seeded.User.IsAdmin, seeded.User.CreatedAt, seeded.User.SecurityStamp,
        seeded.FollowerCount, seeded.FollowingCount,
    ];

    protected static readonly string[] MediaColumns =
    [
        "Id", "OwnerId", "CreatedAt", "Status", "Width", "Height", "Blurhash", "AltText", "FocusX", "FocusY", "Files", "StorageToken",
        "ItemId", "Position", "ClaimedUntil", "Attempts",
    ];

    /// <summary>A seeded media's row in the order of <see cref="MediaColumns"/>: ready, every rendition stored.</summary>
    protected static object?[] MediaValues(SeededMedia m) =>
    [
        m.Id, m.OwnerId, m.CreatedAt, nameof(MediaStatus.Ready), m.Picture.Width, m.Picture.Height, m.Picture.Blurhash,
        m.Picture.AltText, 0.0, 0.0, m.FilesText, m.Token, m.ItemId, m.Position, null, 0,
    ];

    protected static readonly string[] FollowColumns = ["FollowerId", "FolloweeId", "CreatedAt"];

    protected static readonly string[] LikeColumns = ["ItemId", "UserId", "CreatedAt"];

    protected static readonly string[] MembershipColumns = ["ItemId", "UserId", "JoinedAt"];

    protected static readonly string[] CommentColumns =
        ["Id", "ItemId", "AuthorId", "ReplyToId", "Text", "CreatedAt", "ThreadAt", "EditedAt", "ReplyCount"];

    /// <summary>A seeded comment's row in the order of <see cref="CommentColumns"/>: never edited, its replies counted.</summary>
    protected static object?[] CommentValues(SeededComment c) =>
        [c.Id, c.ItemId, c.AuthorId, c.ReplyToId, c.Text, c.CreatedAt, c.ThreadAt, null, c.ReplyCount];
}
