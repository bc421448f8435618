using Feed.Api.Data;

namespace Feed.Tests.Infrastructure;

/// <summary>One more instance of the app on <paramref name="first"/>'s database: its own process state, the same rows.</summary>
public sealed class AnotherInstance(FeedApp first) : FeedApp
{
    public override DatabaseProvider Provider => first.Provider;

    protected override string ConnectionString => first.DatabaseConnectionString;

    protected override string ServerVersion => first.DatabaseServerVersion;
}
