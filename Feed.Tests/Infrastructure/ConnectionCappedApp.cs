namespace Feed.Tests.Infrastructure;

/// <summary>The app behind Kestrel with a small cap on connections per address (20) and a 3 s first-request timeout.</summary>
public sealed class ConnectionCappedApp : SqliteAppBase
{
    public const int PerAddress = 20;

    protected override bool RealServer => true;

    public override ValueTask InitializeAsync()
    {
        Settings["Connections:MaxPerAddress"] = $"{PerAddress}";
        Settings["Connections:FirstRequestTimeout"] = "00:00:03";
        return base.InitializeAsync();
    }
}
