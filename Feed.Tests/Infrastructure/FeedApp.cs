using System.Net.Http.Headers;
using Feed.Api.Cli;
using Feed.Api.Data;
using Feed.Api.Seeding;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Infrastructure;

/// <summary>
/// The whole app over HTTP on a real engine, with a database of its own (one per test class):
/// <see cref="SqliteApp"/> always, <see cref="MariaDbApp"/> when <c>FEED_TEST_MYSQL</c> names a
/// server (scripts/mariadb.sh; .ci/run sets it and fails when these tests did not run).
/// </summary>
public abstract class FeedApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-of-at-least-thirty-two-characters";

    /// <summary>Every SQL command the app runs, counted.</summary>
    public CommandCounter Commands { get; } = new();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Why this engine cannot be tested here, or null when it can.</summary>
    public virtual string? Unavailable => null;

    protected abstract string ConnectionString { get; }

    protected virtual string ServerVersion => "8.4.0-mysql";

    /// <summary>The app's database, for another instance or a replica's configuration.</summary>
    public string DatabaseConnectionString => ConnectionString;

    public string DatabaseServerVersion => ServerVersion;

    protected virtual string Environment => "Testing";

    /// <summary>Serve through Kestrel on a free port (its limits apply) rather than the in-memory test server.</summary>
    protected virtual bool RealServer => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ServerVersion", ServerVersion);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:DemoData", "false");
        builder.UseSetting("Stream:PollInterval", "00:00:00.100"); // the live stream polls fast in tests
        builder.UseSetting("PageCache:Enabled", "false"); // tests write behind the API's back; PageCacheTests turn it on
        builder.UseSetting("ConnectionStrings:Feed", ConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        foreach (var bucket in new[] { "User", "Anonymous", "Docs", "SignIn:PerName", "SignIn:PerAddress" }) // tests page hard: limits are ProtectionTests' and SignInTests' business
        {
            builder.UseSetting($"RateLimiting:{bucket}:TokenLimit", "1000000");
            builder.UseSetting($"RateLimiting:{bucket}:TokensPerPeriod", "1000000");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.AddSingleton<IInterceptor>(Commands));
    }

    /// <summary>Configuration a test adds before the app starts; it wins over the defaults above.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    public virtual ValueTask InitializeAsync()
    {
        if (Unavailable is null && RealServer)
        {
            UseKestrel(0);
            StartServer();
        }
        else if (Unavailable is null)
        {
            _ = Server; // starts the app: migrations run now, not inside the first test
        }

        return ValueTask.CompletedTask;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> _arranged = new();

    /// <summary>Runs <paramref name="arrange"/> once for this app (its database), however many tests ask.</summary>
    public Task ArrangeOnceAsync(string key, Func<Task> arrange) =>
        _arranged.GetOrAdd(key, _ => new Lazy<Task>(arrange)).Value;

    /// <summary>A context of the app's own configuration, for arranging and asserting.</summary>
    public ScopedDb Db() => new(Services.CreateScope());

    public HttpClient ClientFor(User? user) => ClientFor(user, DateTime.UtcNow);

    /// <summary>A client with <paramref name="user"/>'s token, issued at <paramref name="issuedAt"/>.</summary>
    public HttpClient ClientFor(User? user, DateTime issuedAt)
    {
        var client = CreateClient();
        if (user is not null)
        {
            var auth = Services.GetRequiredService<IOptions<AuthOptions>>().Value;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Issue(user, auth, issuedAt));
        }

        return client;
    }

    /// <summary>Users made by the QA fakers, stored; their ids are set.</summary>
    public async Task<List<User>> AddUsersAsync(int count, int seed = 1, bool isAdmin = false)
    {
        await using var scope = Db();
        var users = new FeedFaker(seed).Users(count, DateTime.UtcNow)
            .Select(u => new User($"{u.Name[..Math.Min(u.Name.Length, 24)]}{Guid.NewGuid().ToString("N")[..6]}", u.CreatedAt, isAdmin))
            .ToList();
        scope.Context.Users.AddRange(users);
        await scope.Context.SaveChangesAsync();
        return users;
    }

    /// <summary>Items made by the QA fakers (bursts, equal timestamps), stored oldest first.</summary>
    public async Task<List<FeedItem>> AddItemsAsync(int count, IReadOnlyList<User> authors, DateTime newest, TimeSpan span, int seed = 1)
    {
        await using var scope = Db();
        var items = new FeedFaker(seed).Items(count, authors.Select(a => a.Id).ToList(), newest, span).ToList();
        foreach (var chunk in items.Chunk(500))
        {
            scope.Context.FeedItems.AddRange(chunk);
            await scope.Context.SaveChangesAsync();
        }

        return items;
    }

    /// <summary>Runs a management verb (seed, digest, ...) on this app's database, as the command line would.</summary>
    public async Task<VerbRun> RunVerbAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await FeedCommands.InvokeAsync(Services, args, output, error, TestContext.Current.CancellationToken);
        return new VerbRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>The SHA-256 of everything in this app's database (see <see cref="FeedDigest"/>).</summary>
    public async Task<string> DigestAsync()
    {
        await using var scope = Db();
        return await FeedDigest.ComputeAsync(scope.Context, TestContext.Current.CancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
