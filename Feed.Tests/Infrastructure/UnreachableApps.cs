using Feed.Api.Data;
using Microsoft.AspNetCore.Hosting;

namespace Feed.Tests.Infrastructure;

/// <summary>The app on a SQLite file it does not migrate.</summary>
public sealed class UnmigratedSqliteApp : SqliteAppBase
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:MigrateOnStartup", "false");
    }
}

/// <summary>MySQL at a port where no database answers: nothing listens (1), or a listener that never speaks.</summary>
public sealed class UnreachableMySqlApp(int port) : FeedApp
{
    public override DatabaseProvider Provider => DatabaseProvider.MySql;

    protected override string ConnectionString => $"Server=127.0.0.1;Port={port};Database=feed;User=feed;Password=x";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Database:MigrateOnStartup", "false");
        builder.UseSetting("Resilience:ConnectTimeout", "00:00:01");
    }
}
