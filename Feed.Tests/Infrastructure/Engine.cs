namespace Feed.Tests.Infrastructure;

/// <summary>
/// The engines every behaviour runs on: SQLite always, MariaDB when <c>FEED_TEST_MYSQL</c> names a
/// server (scripts/mariadb.sh; .ci/run sets it and fails when these tests did not run).
/// </summary>
public enum Engine
{
    Sqlite,
    MariaDb,
}
