using System.Text.Json.Nodes;

namespace Feed.Tests.Infrastructure;

/// <summary>One Server-Sent Event as a client reads it.</summary>
public sealed record ServerEvent(string? Id, string Type, JsonNode? Data);

/// <summary>A client of <c>/feed/stream</c>: opens it, and reads events until it has enough.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStream(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public HttpResponseMessage Response => _response;

    public static async Task<EventStream> OpenAsync(HttpClient client, string url, string? lastEventId, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        return new EventStream(response, await response.Content.ReadAsStreamAsync(cancellationToken));
    }

    /// <summary>
    /// The next <paramref name="count"/> events (comments and retry lines skipped); fails after
    /// <paramref name="timeout"/>.
    /// </summary>
    public async Task<List<ServerEvent>> ReadAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var events = new List<ServerEvent>();
        string? id = null, type = null, data = null;
        while (events.Count < count)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var seen = string.Join(", ", events.Select(e => $"{e.Type} {e.Data?["id"]}"));
                throw new TimeoutException($"Only {events.Count} of {count} events in {timeout.TotalSeconds} s: {seen}.");
            }

            if (line is null)
            {
                throw new InvalidOperationException($"The stream ended after {events.Count} of {count} events.");
            }
            if (line.Length == 0)
            {
                if (type is not null)
                {
                    events.Add(new ServerEvent(id, type, data is null ? null : JsonNode.Parse(data)));
                }

                (id, type, data) = (null, null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
