using System.Data.Common;
using Feed.Domain;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;

namespace Feed.Api.Data.Seeding;

/// <summary>
/// Writes seeded rows in bulk on a connection of its own, inside one transaction: disposing it
/// without <see cref="CommitAsync"/> rolls everything back (also the reset). All values travel
/// as parameters or through the bulk loader, never spliced into SQL.
/// </summary>
internal abstract class SeedWriter(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    private static readonly string[] Tables = ["Memberships", "Likes", "FeedItems", "Users"];

    protected DbConnection Connection { get; } = connection;

    protected DbTransaction Transaction { get; } = transaction;

    public static async Task<SeedWriter> OpenAsync(FeedDbContext db, CancellationToken cancellationToken)
    {
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The feed's context has no connection string.");
        return db.Database.IsMySql()
            ? await MySqlSeedWriter.OpenAsync(connectionString, cancellationToken)
            : await SqliteSeedWriter.OpenAsync(connectionString, cancellationToken);
    }

    /// <summary>Deletes the feed: memberships, likes, items, users (children first).</summary>
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
    }

    public abstract Task WriteUsersAsync(IReadOnlyList<(long Id, User User)> users, CancellationToken cancellationToken);

    /// <summary>Writes the items, then their likes and memberships.</summary>
    public abstract Task WriteItemsAsync(IReadOnlyList<SeededItem> items, CancellationToken cancellationToken);

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }

    /// <summary>The item's columns in the order of <see cref="ItemColumns"/>.</summary>
    protected static object?[] ItemValues(SeededItem seeded)
    {
        var item = seeded.Item;
        return
        [
            seeded.Id, item.CreatedAt, item.AuthorId, seeded.Likes.Count, item.Kind,
            item is JoinableItem ? seeded.Members.Count : null,
            (item as Game)?.GameName, (item as Game)?.GameLocation, (item as Team)?.RoomName,
            (item as Post)?.Title, (item as Post)?.Body,
        ];
    }

    protected static readonly string[] ItemColumns =
    [
        "Id", "CreatedAt", "AuthorId", "LikeCount", FeedDbContext.Discriminator, "JoinedCount",
        "GameName", "GameLocation", "RoomName", "Title", "Body",
    ];

    protected static readonly string[] UserColumns = ["Id", "Name", "IsAdmin", "CreatedAt"];

    protected static readonly string[] LikeColumns = ["ItemId", "UserId", "CreatedAt"];

    protected static readonly string[] MembershipColumns = ["ItemId", "UserId", "JoinedAt"];
}

/// <summary>MySQL and MariaDB: <see cref="MySqlBulkCopy"/> (LOAD DATA LOCAL), one statement per table and batch.</summary>
internal sealed class MySqlSeedWriter : SeedWriter
{
    private readonly MySqlBulkCopy _users, _items, _likes, _members;

    private MySqlSeedWriter(MySqlConnection connection, MySqlTransaction transaction)
        : base(connection, transaction)
    {
        _users = BulkCopy(connection, transaction, "Users", UserColumns);
        _items = BulkCopy(connection, transaction, "FeedItems", ItemColumns);
        _likes = BulkCopy(connection, transaction, "Likes", LikeColumns);
        _members = BulkCopy(connection, transaction, "Memberships", MembershipColumns);
    }

    public static async Task<SeedWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
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

            return new MySqlSeedWriter(connection, await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task WriteUsersAsync(IReadOnlyList<(long Id, User User)> users, CancellationToken cancellationToken) =>
        LoadAsync(_users, users.Select(u => new object?[] { u.Id, u.User.Name, u.User.IsAdmin, u.User.CreatedAt }), cancellationToken);

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

    /// <summary>Rows as MySqlBulkCopy reads them, streamed: no DataTable in between.</summary>
    private sealed class RowReader(IEnumerable<object?[]> rows, int fieldCount) : DbDataReader
    {
        private readonly IEnumerator<object?[]> _rows = rows.GetEnumerator();

        public long RowsRead { get; private set; }

        public override int FieldCount => fieldCount;

        public override bool Read()
        {
            var more = _rows.MoveNext();
            RowsRead += more ? 1 : 0;
            return more;
        }

        public override object GetValue(int ordinal) => _rows.Current[ordinal] ?? DBNull.Value;

        public override int GetValues(object[] values)
        {
            for (var i = 0; i < fieldCount; i++)
            {
                values[i] = GetValue(i);
            }

            return fieldCount;
        }

        public override bool IsDBNull(int ordinal) => _rows.Current[ordinal] is null;

        public override string GetName(int ordinal) => $"c{ordinal}";

        public override int GetOrdinal(string name) => int.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);

        public override Type GetFieldType(int ordinal) => typeof(object);

        public override string GetDataTypeName(int ordinal) => "object";

        public override object this[int ordinal] => GetValue(ordinal);

        public override object this[string name] => GetValue(GetOrdinal(name));

        public override bool GetBoolean(int ordinal) => (bool)GetValue(ordinal);

        public override byte GetByte(int ordinal) => (byte)GetValue(ordinal);

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

        public override char GetChar(int ordinal) => (char)GetValue(ordinal);

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();

        public override DateTime GetDateTime(int ordinal) => (DateTime)GetValue(ordinal);

        public override decimal GetDecimal(int ordinal) => (decimal)GetValue(ordinal);

        public override double GetDouble(int ordinal) => (double)GetValue(ordinal);

        public override float GetFloat(int ordinal) => (float)GetValue(ordinal);

        public override Guid GetGuid(int ordinal) => (Guid)GetValue(ordinal);

        public override short GetInt16(int ordinal) => (short)GetValue(ordinal);

        public override int GetInt32(int ordinal) => (int)GetValue(ordinal);

        public override long GetInt64(int ordinal) => (long)GetValue(ordinal);

        public override string GetString(int ordinal) => (string)GetValue(ordinal);

        public override bool HasRows => true;

        public override bool IsClosed => false;

        public override int RecordsAffected => -1;

        public override int Depth => 0;

        public override bool NextResult() => false;

        public override System.Collections.IEnumerator GetEnumerator() => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _rows.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

/// <summary>SQLite: one prepared INSERT per table, reused for every row, in one transaction.</summary>
internal sealed class SqliteSeedWriter : SeedWriter
{
    private readonly SqliteCommand _user, _item, _like, _member;

    private SqliteSeedWriter(SqliteConnection connection, SqliteTransaction transaction)
        : base(connection, transaction)
    {
        _user = Insert(connection, transaction, "Users", UserColumns);
        _item = Insert(connection, transaction, "FeedItems", ItemColumns);
        _like = Insert(connection, transaction, "Likes", LikeColumns);
        _member = Insert(connection, transaction, "Memberships", MembershipColumns);
    }

    public static async Task<SeedWriter> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new SqliteSeedWriter(connection, (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task WriteUsersAsync(IReadOnlyList<(long Id, User User)> users, CancellationToken cancellationToken)
    {
        foreach (var (id, user) in users)
        {
            await RunAsync(_user, [id, user.Name, user.IsAdmin, user.CreatedAt], cancellationToken);
        }
    }

    public override async Task WriteItemsAsync(IReadOnlyList<SeededItem> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await RunAsync(_item, ItemValues(item), cancellationToken);
            foreach (var like in item.Likes)
            {
                await RunAsync(_like, [like.ItemId, like.UserId, like.CreatedAt], cancellationToken);
            }

            foreach (var member in item.Members)
            {
                await RunAsync(_member, [member.ItemId, member.UserId, member.JoinedAt], cancellationToken);
            }
        }
    }

    private static SqliteCommand Insert(SqliteConnection connection, SqliteTransaction transaction, string table, string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.Add(new SqliteParameter($"$p{i}", null));
        }

        command.Prepare();
        return command;
    }

    private static Task RunAsync(SqliteCommand command, object?[] values, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture), // EF Core's SQLite format
                var value => value,
            };
        }

        command.ExecuteNonQuery(); // synchronous on purpose: SQLite has no async I/O, the async path only adds overhead
        return Task.CompletedTask;
    }
}
