using System.Net;
using System.Net.Sockets;

namespace Feed.Tests.Plumbing.Protection;

/// <summary>
/// Idle sockets from one address cannot lock everyone else out (real Kestrel, loopback addresses
/// 127.0.0.1 and 127.0.0.2).
/// </summary>
public sealed class ConnectionTests(ConnectionCappedApp app) : FeedTest<ConnectionCappedApp>(app)
{
    [Fact]
    public async Task Idle_sockets_from_one_address_are_capped_and_closed_and_another_address_is_still_served()
    {
        var port = App.CreateClient().BaseAddress!.Port;
        var idle = new List<Socket>();
        var resetWhileConnecting = 0; // over the cap, the server may close a socket before the client's connect returns
        for (var i = 0; i < ConnectionCappedApp.PerAddress * 3; i++)
        {
            try
            {
                idle.Add(await ConnectAsync(IPAddress.Loopback, port));
            }
            catch (SocketException)
            {
                resetWhileConnecting++;
            }
        }

        var other = await GetFeedAsync(IPAddress.Parse("127.0.0.2"), port);
        var same = await GetFeedAsync(IPAddress.Loopback, port);
        var closedEarly = await CountClosedAsync(idle, TimeSpan.FromMilliseconds(500));
        var closedLater = closedEarly;
        for (var waited = 0; waited < 80 && closedLater < idle.Count; waited++)
        {
            closedLater = await CountClosedAsync(idle, TimeSpan.FromMilliseconds(250));
        }

        var afterwards = await GetFeedAsync(IPAddress.Loopback, port);

        other.Should().Be(HttpStatusCode.OK, "another address is served while one holds idle sockets");
        same.Should().BeNull("the address is at its cap: its next connection is closed at once");
        (closedEarly + resetWhileConnecting)
            .Should().BeGreaterThanOrEqualTo(ConnectionCappedApp.PerAddress * 2, "the sockets over the cap are closed at once");
        closedLater.Should().Be(idle.Count, "a socket that sends nothing is closed after the first-request timeout");
        afterwards.Should().Be(HttpStatusCode.OK, "the address is served again once its sockets are gone");
        idle.ForEach(s => s.Dispose());
    }

    [Fact]
    public async Task An_answer_to_an_oversized_body_closes_the_connection_so_the_client_does_not_reuse_it()
    {
        // Kestrel will not drain a body over the limit: it closes the socket after answering. Unless the answer says
        // so, a client reuses the socket for its next request, which then fails unanswered (seen in the fuzz step).
        using var client = new HttpClient { BaseAddress = App.CreateClient().BaseAddress };
        var big = await client.PostAsync("/posts", Json(new string('x', 200_000)), Cancel);
        var small = await client.PostAsync("/posts", Json("a title"), Cancel);
        var next = await client.GetAsync("/feed?limit=1", Cancel);

        big.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "no token: refused before the body is read");
        big.Headers.ConnectionClose.Should().BeTrue("the body over the limit is not drained: the connection ends");
        small.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        small.Headers.ConnectionClose.Should().NotBe(true, "a body within the limit is drained and the connection kept");
        next.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static StringContent Json(string title) =>
        new($"{{\"title\":\"{title}\",\"body\":\"b\"}}", System.Text.Encoding.UTF8, "application/json");

    private static async Task<Socket> ConnectAsync(IPAddress from, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(from, 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), Cancel);
        return socket;
    }

    /// <summary>How many of the sockets the server has closed: a read returns 0 bytes (or fails) within <paramref name="wait"/>.</summary>
    private static async Task<int> CountClosedAsync(List<Socket> sockets, TimeSpan wait)
    {
        var closed = await Task.WhenAll(sockets.Select(async socket =>
        {
            using var timeout = new CancellationTokenSource(wait);
            try
            {
                return await socket.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token) == 0;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            catch (SocketException)
            {
                return true;
            }
        }));
        return closed.Count(c => c);
    }

    /// <summary>GET /feed over a new connection from <paramref name="from"/>; null when the server closed it unanswered.</summary>
    private static async Task<HttpStatusCode?> GetFeedAsync(IPAddress from, int port)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            return (await client.GetAsync("/feed?limit=1", Cancel)).StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null; // closed before the handler read its ends (seen under load): as unanswered as a refused request
        }
    }
}
