namespace Feed.Tests.Infrastructure;

/// <summary>The app with a cap of three open streams per address.</summary>
public sealed class StreamCappedApp : SqliteAppBase
{
    public const int PerAddress = 3;

    public override ValueTask InitializeAsync()
    {
        Settings["Stream:MaxPerAddress"] = $"{PerAddress}";
        return base.InitializeAsync();
    }
}
