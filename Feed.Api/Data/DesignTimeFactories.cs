using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Feed.Api.Data;

/// <summary>For <c>dotnet ef</c> only: the SQLite context with a throwaway connection string.</summary>
public sealed class SqliteFeedDbContextFactory : IDesignTimeDbContextFactory<SqliteFeedDbContext>
{
    public SqliteFeedDbContext CreateDbContext(string[] args) =>
        new(((DbContextOptionsBuilder<SqliteFeedDbContext>)FeedDatabase.UseSqlite(
            new DbContextOptionsBuilder<SqliteFeedDbContext>(), "Data Source=design-time.db")).Options);
}

/// <summary>For <c>dotnet ef</c> only: the MySQL context; no server is contacted.</summary>
public sealed class MySqlFeedDbContextFactory : IDesignTimeDbContextFactory<MySqlFeedDbContext>
{
    public MySqlFeedDbContext CreateDbContext(string[] args) =>
        new(((DbContextOptionsBuilder<MySqlFeedDbContext>)FeedDatabase.UseMySql(
            new DbContextOptionsBuilder<MySqlFeedDbContext>(),
            "Server=localhost;Database=feed",
            new DatabaseOptions().ServerVersion)).Options);
}
