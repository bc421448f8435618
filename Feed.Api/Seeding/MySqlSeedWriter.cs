using Feed.Api.Data;
using Feed.Domain;
using MySqlConnector;

namespace Feed.Api.Seeding;

/// <summary>MySQL and MariaDB: <see cref="MySqlBulkCopy"/> (LOAD DATA LOCAL), one statement per table and batch.</summary>
internal sealed class MySqlSeedWriter : SeedWriter
{
    private readonly MySqlBulkCopy _users, _items, _likes, _members;

    private MySqlSeedWriter(MySqlConnection connection, MySqlTransaction transaction, FeedItemColumns columns)
        : base(connection, transaction, columns)
    {
        _users = BulkCopy(connection, transaction, "Users", UserColumns);
        _items = BulkCopy(connection, transaction, "FeedItems", [.. columns.Names]);
        _likes = BulkCopy(connection, transaction, "Likes", LikeColumns);
        _members = BulkCopy(connection, transaction, "Memberships", MembershipColumns);
    }

    public static async Task<SeedWriter> OpenAsync(string connectionString, FeedItemColumns columns, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder(connectionString) { AllowLoadLocalInfile = true }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // The seeder makes keys and references consistent by construction (ids from 1, authors
            // and likers among the seeded users, items before their likes), and the tables are
            // empty or reset: the engine need not check them row by row. Session-only.
            await using (var session = connection.CreateCommand())
            {
                session.CommandText = "SET SESSION foreign_key_checks = 0, unique_checks = 0";
                await session.ExecuteNonQueryAsync(cancellationToken);
            }

            return new MySqlSeedWriter(connection, await connection.BeginTransactionAsync(cancellationToken), columns);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task WriteUsersAsync(IReadOnlyList<(long Id, User User)> users, CancellationToken cancellationToken) =>
        LoadAsync(_users, users.Select(u => UserValues(u.Id, u.User)), cancellationToken);

    public override async Task WriteItemsAsync(IReadOnlyList<SeededItem> items, CancellationToken cancellationToken)
    {
        await LoadAsync(_items, items.Select(ItemValues), cancellationToken);
        await LoadAsync(_likes, items.SelectMany(i => i.Likes).Select(l => new object?[] { l.ItemId, l.UserId, l.CreatedAt }), cancellationToken);
        await LoadAsync(_members, items.SelectMany(i => i.Members).Select(m => new object?[] { m.ItemId, m.UserId, m.JoinedAt }), cancellationToken);
    }

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
            throw new InvalidOperationException(
                $"Loading {bulkCopy.DestinationTableName} wrote {result.RowsInserted} of {reader.RowsRead} rows: {string.Join("; ", result.Warnings.Select(w => w.Message))}");
        }
    }
}
