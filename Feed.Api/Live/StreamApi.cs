using System.ComponentModel;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Plumbing.Protection;
using Microsoft.Extensions.Options;

namespace Feed.Api.Live;

/// <summary>
/// <c>GET /feed/stream</c>: Server-Sent Events of new, edited and deleted items. Every event's
/// <c>id</c> is its place in the change log, so a client that reconnects with
/// <c>Last-Event-ID</c> first gets exactly what it missed, then the live events.
/// </summary>
public static class StreamApi
{
    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feed/stream", StreamAsync)
            .WithTags("Feed")
            .WithName("StreamFeed")
            .WithSummary("The live feed (Server-Sent Events)")
            .WithDescription("""
                `text/event-stream` of the listing's changes (`types` as in `/feed`), in commit order:
                `event: item` (a new item, as an anonymous caller sees it), `event: edited` (the item as it is now),
                `event: deleted` (`{"id": 42}`). Every event has an `id`; reconnect with `Last-Event-ID` (browsers do) or
                `?since=<id>` and the events after it are replayed first, none missed and none twice, then the live ones
                follow. Without either, the stream starts now. A `: heartbeat` comment comes every 15 s; `retry:` says
                when to reconnect. At most 20 open streams per address and 5,000 per instance (429 past them). With a
                token, events of authors you block, who block you or whom you muted are left out (as they stood when the
                stream started: reconnect after a block or mute; up to 1,000 of each).
                """)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<IResult> StreamAsync(
        [Description("Narrow the stream to these kinds, comma-separated.")] string? types,
        [Description("An event `id` to resume after (the same as the `Last-Event-ID` header).")] string? since,
        HttpContext http,
        FeedReadDbContext db,
        FeedStreamHub hub,
        IOptions<StreamOptions> options,
        IOptions<ChangeLogOptions> changeLog,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        if (!FeedListing.TryParse(types, out var listing, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var scope = $"stream:{listing.Scope}";
        var (name, position) = since is not null ? ("since", since) : ("Last-Event-ID", http.Request.Headers["Last-Event-ID"].ToString());
        FeedPosition? resume = null;
        if (!string.IsNullOrEmpty(position))
        {
            if (!FeedCursor.TryDecode(position, scope, out var decoded, out var error))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [error] });
            }

            resume = decoded;
        }

        if (resume is { } from && await ChangeLogReads.TooFarBehindAsync(db, from.Id, changeLog.Value, cancellationToken))
        {
            // What it missed is no longer all there, or too much to replay: it must reload, not resume with a hole.
            return ChangesApi.Gone(changeLog.Value);
        }

        if (http.Response.Body == Stream.Null)
        {
            return TypedResults.Text("", "text/event-stream"); // HEAD (served as GET without a body): the headers, no stream
        }

        var subscriber = hub.TrySubscribe(listing, ClientAddresses.Key(http.Connection.RemoteIpAddress)); // IPv6 by its /64
        if (subscriber is null)
        {
            return new TooManyRequestsProblem(
                "Too many open streams from this address or on this server. Close one, or try again later.", TimeSpan.FromSeconds(10));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var sink = new EventSink(http, scope, options.Value, stop.Token);
        var serializer = json.Value.SerializerOptions;
        var hidden = await HiddenAsync(http, db, cancellationToken);
        var catchUp = new CatchUp(db, listing, changeLog.Value, options.Value.CatchUpPage, serializer, http.MediaUrls(), sink, hidden);
        try
        {
            // A position past the head was never issued by this log (forged, or from before a restore): start from now.
            // The hub starts from the head a subscriber saw, never from a client's position: one old or odd id cannot hold it back.
            var head = await ChangeLogReads.HeadAsync(db, stop.Token);
            subscriber.Start = head;
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx: do not buffer the stream
            await sink.TextAsync($"retry: {(int)options.Value.Retry.TotalMilliseconds}\n\n");
            var covered = await catchUp.RunAsync(resume is { } at ? Math.Min(at.Id, head) : head, stop.Token);
            while (covered is { } seen && !stop.IsCancellationRequested)
            {
                covered = await FollowAsync(subscriber, listing, hidden, sink, catchUp, seen, options.Value.Heartbeat, stop.Token);
            }
        }
        catch (OperationCanceledException) when (sink.TimedOut)
        {
            // The client took none of it for a whole write deadline: nothing can reach it, so the connection goes.
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StreamApi))
                .LogInformation("A stream's client read nothing for {Timeout}; its connection is closed.", options.Value.WriteTimeout);
            http.Abort();
        }
        catch (OperationCanceledException)
        {
            // the client left, or the server is stopping: the stream ends cleanly
        }
        finally
        {
            hub.Unsubscribe(subscriber);
        }

        return Results.Empty;
    }

    /// <summary>
    /// Waits for the hub's next batches (a heartbeat when none comes) and writes their events after
    /// <paramref name="covered"/>; answers how far the stream now covers, or null when it was closed
    /// for falling too far behind.
    /// </summary>
    private static async Task<long?> FollowAsync(
        StreamSubscriber subscriber, FeedListing listing, IReadOnlySet<long> hidden, EventSink sink, CatchUp catchUp, long covered,
        TimeSpan heartbeat, CancellationToken stop)
    {
        using (var beat = CancellationTokenSource.CreateLinkedTokenSource(stop))
        {
            beat.CancelAfter(heartbeat);
            try
            {
                await subscriber.Batches.Reader.WaitToReadAsync(beat.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                await sink.TextAsync(": heartbeat\n\n");
                return covered;
            }
        }

        while (subscriber.Batches.Reader.TryRead(out var batch))
        {
            if (batch.To <= covered)
            {
                continue;
            }

            if (batch.From > covered)
            {
                // Missed batches (a slow reader loses the oldest): read the gap, within the stream's budget.
                if (await catchUp.RunAsync(covered, stop) is not { } caughtUp)
                {
                    return null;
                }

                covered = caughtUp;
            }

            foreach (var e in batch.Events.Where(e => e.Seq > covered && Wants(listing, e) && !hidden.Contains(e.AuthorId)))
            {
                await sink.EventAsync(e, catchingUp: false);
            }

            covered = Math.Max(covered, batch.To);
        }

        await sink.FlushAsync();
        return covered;
    }

    /// <summary>
    /// The authors a signed-in subscriber is not sent (those they block, who block them, and those they muted), as at the
    /// stream's start (one command); none for an anonymous one. A block or mute made later applies from the next connection.
    /// </summary>
    private static async Task<IReadOnlySet<long>> HiddenAsync(HttpContext http, FeedDbContext db, CancellationToken cancellationToken) =>
        http.User.FeedUserId() is { } me ? await new Hiding(me, Mutes: true).AuthorsAsync(db, cancellationToken) : new HashSet<long>();

    private static bool Wants(FeedListing listing, FeedEvent e) => listing.Kinds.Count == 0 || listing.Kinds.Contains(e.Kind);
}
