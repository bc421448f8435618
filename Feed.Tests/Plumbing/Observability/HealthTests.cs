using System.Net;

namespace Feed.Tests.Plumbing.Observability;

public sealed class HealthTests_Sqlite(SqliteApp app) : HealthTests<SqliteApp>(app);

public sealed class HealthTests_MariaDb(MariaDbApp app) : HealthTests<MariaDbApp>(app);

public abstract class HealthTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_migrated_database_makes_the_service_live_and_ready()
    {
        var client = App.CreateClient();

        var live = await client.GetAsync("/health/live", Cancel);
        var ready = await client.GetAsync("/health/ready", Cancel);

        live.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ready.Content.ReadAsStringAsync(Cancel)).Should().Be("Healthy");
    }

    [Fact]
    public async Task Wait_for_db_returns_at_once_when_the_database_answers()
    {
        var run = await App.RunVerbAsync("wait-for-db", "--timeout", "5");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("The database answers");
    }
}

/// <summary>The app started on a database it cannot use: alive (no restart helps), not ready.</summary>
public sealed class HealthWithoutDatabaseTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_unmigrated_database_is_live_but_not_ready() =>
        await LiveButNotReadyAsync(await FeedApp.StartAsync(Engine.Sqlite, Unusable.NotMigrated));

    [Fact]
    public async Task An_unreachable_database_is_live_but_not_ready() =>
        await LiveButNotReadyAsync(await FeedApp.StartAsync(Unusable.UnreachableMySql(port: 1), Unusable.Unreachable));

    private static async Task LiveButNotReadyAsync(FeedApp unusable)
    {
        await using var app = unusable;
        var client = app.CreateClient();

        (await client.GetAsync("/health/live", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/health/ready", Cancel)).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Fact]
    public async Task Wait_for_db_gives_up_after_its_timeout_with_the_reason()
    {
        await using var app = await FeedApp.StartAsync(Unusable.UnreachableMySql(port: 1), Unusable.Unreachable);

        var run = await app.RunVerbAsync("wait-for-db", "--timeout", "1");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith("The database did not answer within 1 s").And.Contain("Unable to connect");
        run.Error.Should().NotContain(" at ");
    }

    [Fact]
    public async Task Wait_for_db_refuses_a_timeout_that_is_not_a_number()
    {
        await using var app = await FeedApp.StartAsync(Unusable.UnreachableMySql(port: 1), Unusable.Unreachable);

        var run = await app.RunVerbAsync("wait-for-db", "--timeout", "soon");

        run.ExitCode.Should().NotBe(0);
        run.Error.Should().Contain("--timeout must be a number of seconds");
    }

    [Fact]
    public async Task A_database_that_accepts_connections_but_never_answers_gets_a_503_not_a_hang()
    {
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start(); // the kernel accepts connections; nothing ever speaks: a partition, not a refusal
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var app = await FeedApp.StartAsync(Unusable.UnreachableMySql(port), Unusable.Unreachable);
        var client = app.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30); // a hang fails the test here instead of after 100 s

        var read = await client.GetAsync("/feed", Cancel);
        var write = await app.ClientFor(new global::Feed.Domain.User("silent", DateTime.UtcNow))
            .PostAsync("/posts", System.Net.Http.Json.JsonContent.Create(new { title = "t", body = "b" }), Cancel);

        read.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        write.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        read.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
    }
}

public sealed class ReadinessCacheTests_Sqlite() : ReadinessCacheTests(Engine.Sqlite);

public sealed class ReadinessCacheTests_MariaDb() : ReadinessCacheTests(Engine.MariaDb);

/// <summary>Readiness probes answered from a recent result (kept an hour here, so the test depends on no timing).</summary>
public abstract class ReadinessCacheTests(Engine engine)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_flood_of_ready_probes_is_answered_from_a_recent_result_without_touching_the_database()
    {
        await using var app = await FeedApp.StartAsync(engine, AppSetup.Default.With("Health:ReadyResultFor", "01:00:00"));
        var client = app.CreateClient();
        (await client.GetAsync("/health/ready", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
        app.Commands.Reset();

        var flood = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/health/ready", Cancel)));

        flood.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        app.Commands.Count.Should().Be(0, "the first probe's result answers the others");
    }
}
