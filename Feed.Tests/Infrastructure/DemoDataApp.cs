namespace Feed.Tests.Infrastructure;

/// <summary>The embedded default as it starts in <paramref name="environment"/>, with <c>Database:DemoData</c> unset unless given.</summary>
public sealed class DemoDataApp(string environment, string? demoData = null) : SqliteAppBase
{
    protected override string Environment => environment;

    public override ValueTask InitializeAsync()
    {
        Settings["Database:DemoData"] = demoData ?? "";
        return base.InitializeAsync();
    }
}
