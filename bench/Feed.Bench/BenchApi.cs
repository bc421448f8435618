using System.Security.Cryptography;
using Feed.Api.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Bench;

/// <summary>
/// The API as it runs in production (Release, Production environment, real Kestrel on
/// <paramref name="port"/>) on <paramref name="engine"/>'s database, with one thing added from
/// outside the product: the raw baseline's route (<see cref="RawFeedBaseline"/>). The page cache is
/// off unless <paramref name="pageCache"/>. Rate limiting is
/// off: wrk is one address sending thousands of requests a second, and we measure the feed, not the limiter.
/// </summary>
// The factory finds the app by any type of its assembly: Feed.Api's Program is hidden by this project's own.
internal sealed class BenchApi(Engine engine, int port, bool pageCache = false) : WebApplicationFactory<FeedDbContext>
{
    public Uri Address => new($"http://127.0.0.1:{port}");

    /// <summary>Starts serving; returns when Kestrel listens.</summary>
    public BenchApi Start()
    {
        UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, port));
        StartServer();
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("Database:Provider", engine.Provider.ToString());
        builder.UseSetting("Database:ServerVersion", engine.ServerVersion);
        builder.UseSetting("ConnectionStrings:Feed", engine.ConnectionString);
        builder.UseSetting("Auth:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)));
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.UseSetting("PageCache:Enabled", pageCache ? "true" : "false"); // on by default; off where the database's work is measured
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, RawFeedBaseline>());
    }
}
