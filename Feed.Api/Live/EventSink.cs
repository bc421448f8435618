using System.Text;
using System.Text.Json;

namespace Feed.Api.Live;

/// <summary>
/// One stream's way out: every write must be taken by the client within
/// <see cref="StreamOptions.WriteTimeout"/> (else <see cref="TimedOut"/>, and the caller aborts the
/// connection), and what the stream replays from the log by itself (its catch-up, not the hub's shared
/// batches) is counted against <see cref="StreamOptions.CatchUpBudget"/>: a stream past it is too far
/// behind, and is closed with a <c>reconnect</c> event saying so; the client resumes with <c>Last-Event-ID</c>.
/// </summary>
public sealed class EventSink(HttpContext http, string scope, StreamOptions options, CancellationToken stop) : IDisposable
{
    public const string Reconnect = "reconnect";

    private readonly CancellationTokenSource _deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);

    /// <summary>Bytes of events this stream replayed from the log by itself.</summary>
    public long CatchUpBytes { get; private set; }

    public bool OverBudget => CatchUpBytes > options.CatchUpBudget;

    /// <summary>A write was not taken in time: the client reads too slowly, or not at all.</summary>
    public bool TimedOut => _deadline.IsCancellationRequested && !stop.IsCancellationRequested;

    /// <summary>Writes an event without flushing (the caller flushes once after a batch or a page).</summary>
    public async Task EventAsync(FeedEvent e, bool catchingUp)
    {
        var written = await Deadlined(token => e.WriteAsync(http.Response.Body, scope, token));
        if (catchingUp)
        {
            CatchUpBytes += written;
        }
    }

    public async Task TextAsync(string text, bool catchingUp = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await Deadlined(async token =>
        {
            await http.Response.Body.WriteAsync(bytes, token);
            return 0;
        });
        await FlushAsync();
        if (catchingUp)
        {
            CatchUpBytes += bytes.Length;
        }
    }

    public Task FlushAsync() => Deadlined(async token =>
    {
        await http.Response.Body.FlushAsync(token);
        return 0;
    });

    /// <summary>Ends a stream that fell too far behind with the reason, as an event without an id (the client's last id stands).</summary>
    public Task CloseBehindAsync(JsonSerializerOptions json)
    {
        var reason = new ReconnectEvent(
            "behind",
            $"This stream replayed more than {options.CatchUpBudget:N0} bytes of missed events in one connection. " +
            "Reconnect with Last-Event-ID (EventSource does) to go on where it stopped.");
        return TextAsync($"event: {Reconnect}\ndata: {JsonSerializer.Serialize(reason, json)}\n\n");
    }

    private async Task<int> Deadlined(Func<CancellationToken, Task<int>> write)
    {
        _deadline.CancelAfter(options.WriteTimeout);
        var written = await write(_deadline.Token);
        _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        return written;
    }

    public void Dispose() => _deadline.Dispose();
}

/// <summary>Why the server closes a stream; <see cref="Reason"/> is <c>behind</c>.</summary>
public sealed record ReconnectEvent(string Reason, string Detail);
