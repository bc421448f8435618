namespace Feed.Api.Data;

public enum DatabaseProvider
{
    Sqlite,
    MySql,
}

/// <summary>The <c>Database</c> configuration section; the defaults are here and nowhere else.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (default, a file next to the app) or <c>MySql</c> (Pomelo).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The MySQL server's version, given rather than detected so that the app starts (and
    /// <c>dotnet ef</c> works) while the server is down: <c>8.4.0-mysql</c>, <c>10.11.0-mariadb</c>.
    /// </summary>
    public string ServerVersion { get; set; } = "8.4.0-mysql";

    /// <summary>Apply migrations at start-up. On by default for SQLite only; MySQL uses the <c>migrate</c> verb.</summary>
    public bool? MigrateOnStartup { get; set; }

    /// <summary>
    /// Fill an empty embedded database with demo items and the <c>demo</c> user at start-up:
    /// unset, in Development only, so a deployment never has an account whose password is public;
    /// <c>true</c> or <c>false</c> to say so explicitly.
    /// </summary>
    public bool? DemoData { get; set; }

    /// <summary>
    /// With a read replica (<c>ConnectionStrings:FeedRead</c>): how long after a user's write their
    /// reads go to the primary, so they see their own writes however far the replica lags.
    /// </summary>
    public TimeSpan ReadYourWritesWindow { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the app applies its own migrations (at start-up, and before seeding).</summary>
    public bool MigratesItself => MigrateOnStartup ?? Provider == DatabaseProvider.Sqlite;
}
