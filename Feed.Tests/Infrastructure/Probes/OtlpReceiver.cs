using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Feed.Tests.Infrastructure;

/// <summary>A stand-in OTLP collector: keeps what is posted to /v1/traces, /v1/metrics and /v1/logs.</summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _received = new();

    private OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue((signal, body.ToArray()));
            return Results.Ok();
        });
    }

    public string Endpoint => _app.Urls.First();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        await receiver._app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    /// <summary>The strings of every payload of a signal (protobuf keeps names and values as UTF-8).</summary>
    public string Text(string signal) =>
        string.Join('\n', _received.Where(r => r.Signal == signal).Select(r => Encoding.UTF8.GetString(r.Body)));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
