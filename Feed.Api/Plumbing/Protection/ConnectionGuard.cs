using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Feed.Api.Plumbing.Protection;

/// <summary>
/// The <c>Connections</c> section: what one client address may hold open. The rate limiter only
/// sees requests; sockets that never send one would otherwise hold Kestrel's connection limit for
/// every client until the keep-alive timeout.
/// </summary>
public sealed class ConnectionOptions
{
    public const string Section = "Connections";

    /// <summary>
    /// Open connections per client address (an IPv6 client's /64); more are closed at once. Behind a proxy every
    /// connection comes from the proxy: raise this, and cap per client there.
    /// </summary>
    public int MaxPerAddress { get; set; } = 100;

    /// <summary>A new connection that has sent no byte within this time is closed.</summary>
    public TimeSpan FirstRequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Kestrel connection middleware: counts connections per address, and closes silent ones.</summary>
public sealed class ConnectionGuard(IOptions<ConnectionOptions> options)
{
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    public static void Configure(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen =>
        {
            var guard = listen.ApplicationServices.GetRequiredService<ConnectionGuard>();
            listen.Use(next => connection => guard.RunAsync(connection, next));
        });

    private async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var address = ClientAddresses.Group((connection.RemoteEndPoint as IPEndPoint)?.Address); // an IPv6 client by its /64
        if (address is null)
        {
            await next(connection);
            return;
        }

        var limits = options.Value;
        try
        {
            if (_open.AddOrUpdate(address, 1, (_, n) => n + 1) > limits.MaxPerAddress)
            {
                connection.Abort(new ConnectionAbortedException("Too many open connections from this address."));
                return;
            }

            if (await FirstBytesArriveAsync(connection, limits.FirstRequestTimeout))
            {
                await next(connection);
            }
        }
        finally
        {
            if (_open.AddOrUpdate(address, 0, (_, n) => n - 1) <= 0)
            {
                _open.TryRemove(new KeyValuePair<IPAddress, int>(address, 0));
            }
        }
    }

    /// <summary>
    /// Waits for the connection's first bytes without consuming them; false (and the connection closed) when none came in time.
    /// </summary>
    private static async Task<bool> FirstBytesArriveAsync(ConnectionContext connection, TimeSpan timeout)
    {
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        silence.CancelAfter(timeout);
        try
        {
            var read = await connection.Transport.Input.ReadAsync(silence.Token);
            connection.Transport.Input.AdvanceTo(read.Buffer.Start, read.Buffer.Start);
            return !read.IsCompleted || !read.Buffer.IsEmpty;
        }
        catch (OperationCanceledException)
        {
            connection.Abort(new ConnectionAbortedException("No request within the first-request timeout."));
            return false;
        }
    }
}
