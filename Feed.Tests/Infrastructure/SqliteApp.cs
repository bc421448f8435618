using Feed.Api.Data;

namespace Feed.Tests.Infrastructure;

public sealed class SqliteApp : SqliteAppBase;

public abstract class SqliteAppBase : FeedApp
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"feed-test-{Guid.NewGuid():N}.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string ConnectionString => $"Data Source={_file}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }
}
