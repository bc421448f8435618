using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Feed.Api.Data;

namespace Feed.Tests.Infrastructure;

/// <summary>A MariaDB server of this test's own: scripts/mariadb.sh with a temporary directory and a free port.</summary>
public sealed class OwnMariaDb : IAsyncDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"feed-outage-{Guid.NewGuid():N}");
    private readonly int _port = FreePort();
    private static readonly string Script = Path.Combine(RepositoryRoot(), "scripts", "mariadb.sh");

    public string ConnectionString => $"Server=127.0.0.1;Port={_port};Database=feed;User=feed;Password=feed-test-password";

    public string Version { get; private set; } = "10.11.0-mariadb";

    /// <summary>Its database, for an app: the server stays this test's to stop.</summary>
    public TestDatabase Database => TestDatabase.At(DatabaseProvider.MySql, ConnectionString, Version);

    public static async Task<OwnMariaDb> StartAsync()
    {
        var server = new OwnMariaDb();
        await server.StartAgainAsync();
        var env = await server.RunAsync("env");
        var version = env.Split('\n').Single(l => l.Contains("FEED_TEST_MYSQL_VERSION", StringComparison.Ordinal));
        server.Version = version.Split('\'')[1];
        return server;
    }

    public async Task StartAgainAsync() => await RunAsync("start");

    public async Task StopAsync() => await RunAsync("stop");

    private async Task<string> RunAsync(string verb)
    {
        var start = new ProcessStartInfo("bash", [Script, verb]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["FEED_MARIADB_DIR"] = _directory;
        start.Environment["FEED_MARIADB_PORT"] = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        process.ExitCode.Should().Be(0, $"scripts/mariadb.sh {verb}: {await error}");
        return await output;
    }

    public async ValueTask DisposeAsync()
    {
        await RunAsync("stop");
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "mariadb.sh")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("scripts/mariadb.sh not found above the test assembly.");
    }
}
