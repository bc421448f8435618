using System.Security.Cryptography;
using Feed.Api.Data;
using Feed.Api.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Bench;

/// <summary>
/// The API as it runs in production (Release, Production environment, real Kestrel on
/// <paramref name="port"/>) on <paramref name="engine"/>'s database, hosted in this process (the home
/// benchmark; the feed's HTTP benchmark runs the API as its own process, HttpLoad). The page cache is
/// off unless <paramref name="pageCache"/>. Rate limiting is
/// off: wrk is one address sending thousands of requests a second, and we measure the feed, not the limiter.
/// <paramref name="settings"/> adds or overrides configuration (the home benchmark's <c>Home:*</c>).
/// </summary>
// The factory finds the app by any type of its assembly: Feed.Api's Program is hidden by this project's own.
internal sealed class BenchApi(Engine engine, int port, bool pageCache = false, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<FeedDbContext>
{
    private long _served;

    public Uri Address => new($"http://127.0.0.1:{port}");

    /// <summary>Requests the API has begun to serve (wrk's count leaves out those in flight or timed out when it stops).</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>A bearer token for the user, as <c>POST /auth/token</c> would give (seeded users have no password).</summary>
    public async Task<string> TokenAsync(long userId)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var auth = scope.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = DateTime.UtcNow;
        var session = await Sessions.StartAsync(db, user, "Feed.Bench", auth, now, CancellationToken.None); // writes need a live session
        return Tokens.Issue(user, session.SessionId, auth, now);
    }

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
        builder.UseSetting("Auth:AccessTokenLifetime", "12:00:00"); // a benchmark may outlast the 15-minute default
        builder.UseSetting("RateLimiting:Enabled", "false");
        builder.UseSetting("PageCache:Enabled", pageCache ? "true" : "false"); // on by default; off where the database's work is measured
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new Counting(this)));
    }

    private sealed class Counting(BenchApi api) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                Interlocked.Increment(ref api._served);
                return rest(context);
            });
            next(app);
        };
    }
}
