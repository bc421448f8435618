using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Feed.Tests.Infrastructure;

/// <summary>The app as it runs in production, with one extra route that fails the way a bug would.</summary>
public sealed class ProductionApp : SqliteAppBase
{
    public const string Secret = "SELECT secret FROM Users -- at Feed.Api.Secret()";

    protected override string Environment => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new FailingRoute()));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>Every log entry the app writes, with the scopes it was written in.</summary>
    public CapturedLogs Logs { get; } = new();

    private sealed class FailingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/fail", branch => branch.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }
}
