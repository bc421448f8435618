namespace Feed.Tests.Infrastructure;

/// <summary>The app with its page cache on (as in production), cached pages kept <see cref="PageCachedApps.Duration"/>.</summary>
public static class PageCachedApps
{
    public static readonly TimeSpan Duration = TimeSpan.FromMilliseconds(600);

    public static void TurnOn(Dictionary<string, string> settings)
    {
        settings["PageCache:Enabled"] = "true";
        settings["PageCache:Duration"] = Duration.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class PageCachedSqliteApp : SqliteAppBase
{
    public override ValueTask InitializeAsync()
    {
        PageCachedApps.TurnOn(Settings);
        return base.InitializeAsync();
    }
}

public sealed class PageCachedMariaDbApp : MariaDbApp
{
    public override ValueTask InitializeAsync()
    {
        PageCachedApps.TurnOn(Settings);
        return base.InitializeAsync();
    }
}
