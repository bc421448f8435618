using System.Globalization;
using Feed.Api.Data;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Feed.Api.Seeding;

/// <summary>
/// SQLite: one prepared INSERT per table, reused for every row (<see cref="Insert"/>), in one transaction, on a connection
/// of its own (not pooled: its page cache is large). Into empty tables (a fresh file, or after the
/// reset) the rows go without their secondary indexes, which are built once, after the load (the
/// homes' after their delivery, which reads the others):
/// SQLite's sorted build is several times faster than updating seven B-trees row by row. The
/// DDL is in the transaction: a rolled-back seed leaves the indexes as they were, and readers
/// (WAL) see them throughout.
/// </summary>
internal sealed class SqliteSeedWriter : SeedWriter
{
    private const int CacheKiB = 256 * 1024;

    // The homes' indexes are left out while they are delivered, after the others are built (the delivery reads them).
    private static readonly string[] LoadedTables = ["Follows", "FeedItems", "Likes", "Memberships", "Comments", "Media"];
    private static readonly string[] DeliveredTables = ["HomeEntries"];

    private readonly sqlite3_stmt _user, _follow, _item, _like, _member, _comment, _media;
    private readonly List<string> _deferredIndexes = [];
    private bool _loading, _delivering;

    private SqliteSeedWriter(SqliteConnection connection, SqliteTransaction transaction, FeedItemColumns columns)
        : base(connection, transaction, columns)
    {
        _user = Insert(connection, "Users", UserColumns);
        _follow = Insert(connection, "Follows", FollowColumns);
        _item = Insert(connection, "FeedItems", [.. columns.Names]);
        _like = Insert(connection, "Likes", LikeColumns);
        _member = Insert(connection, "Memberships", MembershipColumns);
        _comment = Insert(connection, "Comments", CommentColumns);
        _media = Insert(connection, "Media", MediaColumns);
    }

    public static async Task<SeedWriter> OpenAsync(string connectionString, FeedItemColumns columns, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            Execute(connection, null, $"PRAGMA cache_size = -{CacheKiB}");
            return new SqliteSeedWriter(connection, (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken), columns);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected override string InsertIgnore => "INSERT OR IGNORE INTO";

    protected override string Concat(params string[] parts) => string.Join(" || ", parts);

    public override async Task WriteMediaAsync(IReadOnlyList<SeededMedia> media, CancellationToken cancellationToken)
    {
        DeferIndexes(ref _loading, LoadedTables);
        foreach (var m in media)
        {
            await RunAsync(_media, MediaValues(m), cancellationToken);
        }
    }

    public override async Task WriteUsersAsync(IReadOnlyList<SeededUser> users, CancellationToken cancellationToken)
    {
        foreach (var user in users)
        {
            await RunAsync(_user, UserValues(user), cancellationToken);
        }
    }

    public override async Task WriteFollowsAsync(IReadOnlyList<SeededFollow> follows, CancellationToken cancellationToken)
    {
        DeferIndexes(ref _loading, LoadedTables);
        foreach (var follow in follows)
        {
            await RunAsync(_follow, [follow.FollowerId, follow.FolloweeId, follow.CreatedAt], cancellationToken);
        }
    }

    public override async Task WriteItemsAsync(IReadOnlyList<SeededItem> items, CancellationToken cancellationToken)
    {
        DeferIndexes(ref _loading, LoadedTables);
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

            foreach (var comment in item.Comments)
            {
                await RunAsync(_comment, CommentValues(comment), cancellationToken);
            }
        }
    }

    public override Task<long> DeliverAsync(long first, long last, CancellationToken cancellationToken)
    {
        DeferIndexes(ref _delivering, DeliveredTables);
        return base.DeliverAsync(first, last, cancellationToken);
    }

    public override bool DefersIndexes => _deferredIndexes.Count > 0;

    public override Task IndexAsync(CancellationToken cancellationToken)
    {
        foreach (var index in _deferredIndexes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Execute((SqliteConnection)Connection, (SqliteTransaction)Transaction, index);
        }

        _deferredIndexes.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Before the first rows of a step go to <paramref name="tables"/>: their indexes are left out when they are empty.</summary>
    private void DeferIndexes(ref bool started, string[] tables)
    {
        if (!started)
        {
            started = true;
            _deferredIndexes.AddRange(DropIndexesOfEmptyTables(tables));
        }
    }

    /// <summary>
    /// Drops the secondary indexes of those of <paramref name="tables"/> that are empty now; returns the SQL that makes them again.
    /// </summary>
    private List<string> DropIndexesOfEmptyTables(string[] tables)
    {
        var connection = (SqliteConnection)Connection;
        var transaction = (SqliteTransaction)Transaction;
        var dropped = new List<(string Name, string Sql)>();
        foreach (var table in tables)
        {
            using var empty = connection.CreateCommand();
            empty.Transaction = transaction;
            empty.CommandText = $"SELECT NOT EXISTS (SELECT 1 FROM {table})";
            if ((long)empty.ExecuteScalar()! == 0)
            {
                continue;
            }

            using var indexes = connection.CreateCommand();
            indexes.Transaction = transaction;
            indexes.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $table AND sql IS NOT NULL";
            indexes.Parameters.AddWithValue("$table", table);
            using var reader = indexes.ExecuteReader();
            while (reader.Read())
            {
                dropped.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in dropped)
        {
            Execute(connection, transaction, $"DROP INDEX \"{name}\"");
        }

        return [.. dropped.Select(d => d.Sql)];
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var statement in new[] { _user, _follow, _item, _like, _member, _comment, _media })
        {
            statement.Dispose();
        }

        await base.DisposeAsync();
    }

    /// <summary>
    /// The INSERT of <paramref name="table"/>, prepared once on the connection's handle (the rows
    /// are bound by position straight into SQLite: Microsoft.Data.Sqlite's parameter objects cost
    /// as much as the insert itself at this rate).
    /// </summary>
    private static sqlite3_stmt Insert(SqliteConnection connection, string table, string[] columns)
    {
        var sql = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => $"?{i + 1}"))})";
        Check(connection, raw.sqlite3_prepare_v2(connection.Handle, sql, out var statement));
        return statement;
    }

    private Task RunAsync(sqlite3_stmt statement, object?[] values, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = (SqliteConnection)Connection;
        for (var i = 0; i < values.Length; i++)
        {
            var at = i + 1;
            Check(connection, values[i] switch
            {
                null => raw.sqlite3_bind_null(statement, at),
                long value => raw.sqlite3_bind_int64(statement, at, value),
                int value => raw.sqlite3_bind_int(statement, at, value),
                double value => raw.sqlite3_bind_double(statement, at, value),
                bool value => raw.sqlite3_bind_int(statement, at, value ? 1 : 0),
                string value => raw.sqlite3_bind_text(statement, at, value),
                // EF Core's SQLite format.
                DateTime value =>
                    raw.sqlite3_bind_text(statement, at, value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)),
                var value => throw new NotSupportedException($"The seed writer cannot bind a {value.GetType().Name}."),
            });
        }

        var done = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (done != raw.SQLITE_DONE)
        {
            Check(connection, done);
        }

        return Task.CompletedTask;
    }

    private static void Check(SqliteConnection connection, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(result, connection.Handle);
        }
    }
}
