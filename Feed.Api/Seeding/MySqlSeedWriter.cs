using Feed.Api.Data;
using MySqlConnector;

namespace Feed.Api.Seeding;

/// <summary>
/// MySQL and MariaDB: <see cref="MySqlBulkCopy"/> (LOAD DATA LOCAL), one statement per table and batch.
/// On a Galera cluster the one transaction is replicated in fragments (streaming replication,
/// <see cref="GaleraFragmentRows"/> rows each), so it stays one transaction — all or nothing, on every
/// node — without one write set of millions of rows; a write set Galera still refuses
/// (<c>wsrep_max_ws_rows</c>, <c>wsrep_max_ws_size</c>) is a <see cref="SeedRefusedException"/> that says so, nothing written.
/// </summary>
internal sealed class MySqlSeedWriter : SeedWriter
{
    /// <summary>The rows in each replicated fragment of a seed on Galera.</summary>
    public const int GaleraFragmentRows = 10_000;

    private readonly MySqlBulkCopy _users, _follows, _items, _likes, _members, _comments, _media;
    private readonly bool _galera;

    private MySqlSeedWriter(MySqlConnection connection, MySqlTransaction transaction, FeedItemColumns columns, bool galera)
        : base(connection, transaction, columns)
    {
        _galera = galera;
        _users = BulkCopy(connection, transaction, "Users", UserColumns);
        _follows = BulkCopy(connection, transaction, "Follows", FollowColumns);
        _items = BulkCopy(connection, transaction, "FeedItems", [.. columns.Names]);
        _likes = BulkCopy(connection, transaction, "Likes", LikeColumns);
        _members = BulkCopy(connection, transaction, "Memberships", MembershipColumns);
        _comments = BulkCopy(connection, transaction, "Comments", CommentColumns);
        _media = BulkCopy(connection, transaction, "Media", MediaColumns);
    }

    public static async Task<SeedWriter> OpenAsync(string connectionString, FeedItemColumns columns, CancellationToken cancellationToken)
    {
        // Its own connection, never pooled: the session settings below end with it and cannot reach
        // a connection of the API's pools, which are not reset between requests (MySqlPools.ForApiPool).
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString)
        {
            AllowLoadLocalInfile = true,
            Pooling = false,
        }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // The seeder makes keys and references consistent by construction (ids from 1, authors
            // and likers among the seeded users, items before their likes), and the tables are
            // empty or reset: the engine need not check them row by row. Session-only.
            var galera = await IsGaleraAsync(connection, cancellationToken);
            await using (var session = connection.CreateCommand())
            {
                session.CommandText = "SET SESSION foreign_key_checks = 0, unique_checks = 0" +
                    (galera ? $", wsrep_trx_fragment_unit = 'rows', wsrep_trx_fragment_size = {GaleraFragmentRows}" : "");
                await session.ExecuteNonQueryAsync(cancellationToken);
            }

            return new MySqlSeedWriter(connection, await connection.BeginTransactionAsync(cancellationToken), columns, galera);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override string InsertIgnore => "INSERT IGNORE INTO";

    protected override string Concat(params string[] parts) => $"CONCAT({string.Join(", ", parts)})";

    public override Task WriteMediaAsync(IReadOnlyList<SeededMedia> media, CancellationToken cancellationToken) =>
        media.Count == 0 ? Task.CompletedTask : RefusedByGalera(() => LoadAsync(_media, media.Select(MediaValues), cancellationToken));

    // By owner, then time: the homes' three secondary indexes all begin with the owner, so a statement sweeps each
    // once in order instead of jumping between owners row by row. 100,000 items and 10,000 users (2.1 M entries),
    // in pairs on a busy machine: 138 s against 260 s unordered, and 85 s against 222 s.
    protected override string DeliveryOrder => " ORDER BY 1, 3, 2";

    public override Task WriteUsersAsync(IReadOnlyList<SeededUser> users, CancellationToken cancellationToken) =>
        RefusedByGalera(() => LoadAsync(_users, users.Select(UserValues), cancellationToken));

    public override Task WriteFollowsAsync(IReadOnlyList<SeededFollow> follows, CancellationToken cancellationToken) =>
        RefusedByGalera(() => LoadAsync(
            _follows, follows.Select(f => new object?[] { f.FollowerId, f.FolloweeId, f.CreatedAt }), cancellationToken));

    public override async Task<long> DeliverAsync(long first, long last, CancellationToken cancellationToken)
    {
        long delivered = 0;
        await RefusedByGalera(async () => delivered = await base.DeliverAsync(first, last, cancellationToken));
        return delivered;
    }

    public override Task WriteItemsAsync(IReadOnlyList<SeededItem> items, CancellationToken cancellationToken) =>
        RefusedByGalera(async () =>
        {
            var likeRows = items.SelectMany(i => i.Likes).Select(l => new object?[] { l.ItemId, l.UserId, l.CreatedAt });
            var memberRows = items.SelectMany(i => i.Members).Select(m => new object?[] { m.ItemId, m.UserId, m.JoinedAt });
            await LoadAsync(_items, items.Select(ItemValues), cancellationToken);
            await LoadAsync(_likes, likeRows, cancellationToken);
            await LoadAsync(_members, memberRows, cancellationToken);
            await LoadAsync(_comments, items.SelectMany(i => i.Comments).Select(CommentValues), cancellationToken);
        });

    public override Task CommitAsync(CancellationToken cancellationToken) => RefusedByGalera(() => base.CommitAsync(cancellationToken));

    private static async Task<bool> IsGaleraAsync(MySqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW VARIABLES LIKE 'wsrep_on'"; // empty on MySQL and on MariaDB without Galera's provider
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && reader.GetString(1) == "ON";
    }

    /// <summary>On Galera, an error that names a write-set limit becomes the reason the seed was refused.</summary>
    private async Task RefusedByGalera(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (MySqlException e) when (_galera && NamesAWriteSetLimit(e))
        {
            throw new SeedRefusedException(
                $"The Galera cluster refused the seed's transaction ({e.Message}). Nothing was written: a seed is one transaction, " +
                $"replicated in fragments of {GaleraFragmentRows:N0} rows; " +
                "raise wsrep_max_ws_rows / wsrep_max_ws_size, or seed fewer items.");
        }
    }

    private static bool NamesAWriteSetLimit(MySqlException e) =>
        e.Message.Contains("wsrep", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("write set", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("writeset", StringComparison.OrdinalIgnoreCase);

    private static MySqlBulkCopy BulkCopy(MySqlConnection connection, MySqlTransaction transaction, string table, string[] columns)
    {
        var bulkCopy = new MySqlBulkCopy(connection, transaction) { DestinationTableName = table, BulkCopyTimeout = 0 };
        for (var i = 0; i < columns.Length; i++)
        {
            bulkCopy.ColumnMappings.Add(new MySqlBulkCopyColumnMapping(i, columns[i]));
        }

        return bulkCopy;
    }

    private static async Task LoadAsync(MySqlBulkCopy bulkCopy, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        using var reader = new RowReader(rows, bulkCopy.ColumnMappings.Count);
        var result = await bulkCopy.WriteToServerAsync(reader, cancellationToken);
        if (result.Warnings.Count > 0 || result.RowsInserted != reader.RowsRead)
        {
            // LOAD DATA reports truncation and the like as warnings; seeded data must arrive exactly.
            var warnings = string.Join("; ", result.Warnings.Select(w => w.Message));
            throw new InvalidOperationException(
                $"Loading {bulkCopy.DestinationTableName} wrote {result.RowsInserted} of {reader.RowsRead} rows: {warnings}");
        }
    }
}
