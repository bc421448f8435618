using System.Net.Http.Headers;
using Feed.Api.Cli;
using Feed.Api.Data;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Infrastructure;

/// <summary>
/// The whole app over HTTP: an engine's database (one per test class: <see cref="TestDatabase"/>)
/// × an <see cref="AppSetup"/> (settings, replaced services, environment, Kestrel or not). A class
/// fixture is a one-line declaration of those (Apps.cs); a test that needs an app of its own
/// starts one with <see cref="StartAsync(Engine, AppSetup?)"/>.
/// </summary>
public partial class FeedApp(TestDatabase database, AppSetup? setup = null) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "test-signing-key-of-at-least-thirty-two-characters";

    public FeedApp(Engine engine, AppSetup? setup = null)
        : this(TestDatabase.New(engine), setup)
    {
    }

    /// <summary>Every SQL command the app runs, counted.</summary>
    public CommandCounter Commands { get; } = new();

    public TestDatabase Database { get; } = database;

    public AppSetup Setup { get; } = setup ?? AppSetup.Default;

    public Engine Engine => Database.Engine;

    /// <summary>The local media store's folder.</summary>
    public string MediaFolder { get; } = Path.Combine(Path.GetTempPath(), $"feed-media-{Guid.NewGuid():N}");

    public DatabaseProvider Provider => Database.Provider;

    /// <summary>Why this engine cannot be tested here, or null when it can.</summary>
    public string? Unavailable => Database.Unavailable;

    /// <summary>A started app of a test's own (skips the test when the engine is unavailable).</summary>
    public static Task<FeedApp> StartAsync(Engine engine, AppSetup? setup = null) =>
        StartAsync(new FeedApp(engine, setup));

    /// <summary>A started app on <paramref name="database"/>.</summary>
    public static Task<FeedApp> StartAsync(TestDatabase database, AppSetup? setup = null) =>
        StartAsync(new FeedApp(database, setup));

    /// <summary>One more instance of the app on this app's database: its own process state, the same rows.</summary>
    public Task<FeedApp> StartAnotherInstanceAsync(AppSetup? setup = null) => StartAsync(Database.Borrow(), setup);

    private static async Task<FeedApp> StartAsync(FeedApp app)
    {
        if (app.Unavailable is { } why)
        {
            await app.DisposeAsync();
            Assert.Skip(why);
        }

        await app.InitializeAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Setup.Environment);
        builder.UseSetting("Database:Provider", Provider.ToString());
        builder.UseSetting("Database:ServerVersion", Database.ServerVersion);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:DemoData", "false");
        builder.UseSetting("Stream:PollInterval", "00:00:00.100"); // the live stream polls fast in tests
        // Fan-out runs when a test asks (DeliverHomesAsync), so a test's SQL commands are its own; FanOutTests start workers.
        builder.UseSetting("Home:FanOutWorkers", "0");
        // Media work too (MediaTestKit drives it), and the app's files in a folder of its own, deleted with it.
        builder.UseSetting("Media:Workers", "0");
        builder.UseSetting("AccountDeletion:Workers", "0"); // and account deletions (AccountDeletionTests drive them)
        builder.UseSetting("Media:Local:Path", MediaFolder);
        builder.UseSetting("PageCache:Enabled", "false"); // tests write behind the API's back; PageCacheTests turn it on
        builder.UseSetting("ConnectionStrings:Feed", Database.ConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("SeedJobs:Enabled", "true"); // off by default outside Development; SeedJobAccessTests turn it off

        // Tests page hard: limits are ProtectionTests' and SignInTests' business.
        foreach (var bucket in new[] { "User", "Anonymous", "Docs", "SignIn:PerName", "SignIn:PerAddress" })
        {
            builder.UseSetting($"RateLimiting:{bucket}:TokenLimit", "1000000");
            builder.UseSetting($"RateLimiting:{bucket}:TokensPerPeriod", "1000000");
        }

        foreach (var (key, value) in Setup.Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IInterceptor>(Commands);
            foreach (var change in Setup.ServiceChanges)
            {
                change(services);
            }
        });
    }

    public virtual async ValueTask InitializeAsync()
    {
        if (Unavailable is not null)
        {
            return; // the test class skips (FeedTest)
        }

        await Database.CreateAsync();
        if (Setup.RealServer)
        {
            UseKestrel(0);
            StartServer();
        }
        else
        {
            _ = Server; // starts the app: migrations run now, not inside the first test
        }
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
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(user, issuedAt));
        }

        return client;
    }

    /// <summary>Users made by the QA fakers, stored; their ids are set.</summary>
    public async Task<List<User>> AddUsersAsync(int count, int seed = 1, bool isAdmin = false)
    {
        await using var scope = Db();
        var users = new FeedFaker(seed).Users(count, DateTime.UtcNow)
            .Select(u => new User(UniqueName(u.Name), u.CreatedAt, isAdmin))
            .ToList();
        scope.Context.Users.AddRange(users);
        await scope.Context.SaveChangesAsync();
        return users;
    }

    private static string UniqueName(string name) => $"{name[..Math.Min(name.Length, 24)]}{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Items made by the QA fakers (bursts, equal timestamps), stored oldest first.</summary>
    public async Task<List<FeedItem>> AddItemsAsync(
        int count, IReadOnlyList<User> authors, DateTime newest, TimeSpan span, int seed = 1)
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

    /// <summary>
    /// Works off every fan-out job as the workers would (chunk by chunk, each a transaction): the homes
    /// are then complete.
    /// </summary>
    public async Task<int> DeliverHomesAsync(int chunk = 1_000)
    {
        await using var scope = Db();
        var reached = 0;
        var cancel = TestContext.Current.CancellationToken;
        while (await HomeDelivery.DeliverNextAsync(scope.Context, chunk, () => DateTime.UtcNow, cancel) is { } n)
        {
            reached += n;
        }

        return reached;
    }

    /// <summary>Runs a management verb (seed, digest, ...) on this app's database, as the command line would.</summary>
    public async Task<VerbRun> RunVerbAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var cancel = TestContext.Current.CancellationToken;
        var exitCode = await FeedCommands.InvokeAsync(Services, args, output, error, cancel);
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
        await Database.DisposeAsync();
        if (Directory.Exists(MediaFolder))
        {
            Directory.Delete(MediaFolder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
