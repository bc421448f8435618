using Feed.Api.Data;
using Feed.Domain;
using Microsoft.Data.Sqlite;

namespace Feed.Api.Seeding;

/// <summary>SQLite: one prepared INSERT per table, reused for every row, in one transaction.</summary>
internal sealed class SqliteSeedWriter : SeedWriter
{
    private readonly SqliteCommand _user, _item, _like, _member;

    private SqliteSeedWriter(SqliteConnection connection, SqliteTransaction transaction, FeedItemColumns columns)
        : base(connection, transaction, columns)
    {
        _user = Insert(connection, transaction, "Users", UserColumns);
        _item = Insert(connection, transaction, "FeedItems", [.. columns.Names]);
        _like = Insert(connection, transaction, "Likes", LikeColumns);
        _member = Insert(connection, transaction, "Memberships", MembershipColumns);
    }

    public static async Task<SeedWriter> OpenAsync(string connectionString, FeedItemColumns columns, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new SqliteSeedWriter(connection, (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken), columns);
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
            await RunAsync(_user, UserValues(id, user), cancellationToken);
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
