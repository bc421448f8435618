using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Live;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Plumbing.Protection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Notifications;

/// <summary>
/// <c>GET /me/notifications/stream</c>: Server-Sent Events of the caller's own notifications. Every event's <c>id</c> is
/// the group's <c>seq</c>, which the recipient's counter gives in commit order, so a client that reconnects with
/// <c>Last-Event-ID</c> gets exactly the groups above it, each once at its newest place. A list is its owner's alone:
/// each stream polls its own <c>(RecipientId, Seq)</c> range every <see cref="StreamOptions.PollInterval"/> (one index
/// probe when nothing came), at most a catch-up page a read, and counts against the streams' caps per address and
/// per instance; a replay past <see cref="StreamOptions.CatchUpBudget"/> ends with a <c>reconnect</c> event.
/// </summary>
public static class NotificationStream
{
    public const string Event = "notification";

    public static RouteGroupBuilder MapNotificationStream(this RouteGroupBuilder group)
    {
        group.MapGet("/stream", StreamNotificationsAsync)
            .WithName("StreamNotifications")
            .WithSummary("Your live notifications (Server-Sent Events)")
            .WithDescription("""
                `text/event-stream` of your notifications as they gather, oldest first: `event: notification` with the
                group as `GET /me/notifications` shows it, its `id` the group's `seq`. A group that gathers another action
                comes again with its new `seq` and count (replace it by its `id`). Reconnect with `Last-Event-ID` (browsers
                do) or `?lastEventId=<seq>` and the groups above it come first, none missed and none twice, then the live
                ones; without either the stream starts now. Takebacks (an unlike) are not sent: the list shows them. A
                `: heartbeat` comment comes every 15 s. Open streams count against the caps of `/feed/stream` (429 past them).
                """)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem();
        return group;
    }

    public static async Task<IResult> StreamNotificationsAsync(
        [Description("The `seq` to resume after (the same as the `Last-Event-ID` header, which it overrides).")] string? lastEventId,
        HttpContext http,
        FeedDbContext db,
        FeedStreamHub hub,
        IOptions<StreamOptions> options,
        IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        var (name, given) = lastEventId is not null
            ? ("lastEventId", lastEventId)
            : ("Last-Event-ID", http.Request.Headers["Last-Event-ID"].ToString());
        long? resume = null;
        if (!string.IsNullOrEmpty(given))
        {
            if (!long.TryParse(given, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    [name] = ["Pass the id of the last event received unchanged: a notification's seq, in plain digits."],
                });
            }

            resume = seq;
        }

        if (http.Response.Body == Stream.Null)
        {
            return TypedResults.Text("", "text/event-stream"); // HEAD: the headers, no stream
        }

        var address = ClientAddresses.Key(http.Connection.RemoteIpAddress);
        if (!hub.TryTakeSlot(address))
        {
            return new TooManyRequestsProblem(
                "Too many open streams from this address or on this server. Close one, or try again later.", TimeSpan.FromSeconds(10));
        }

        var settings = options.Value;
        var scope = NotificationReads.Scope(me);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var sink = new EventSink(http, scope, settings, stop.Token);
        try
        {
            var covered = resume ?? await NotificationReads.LastSeqAsync(db, me, stop.Token);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await sink.TextAsync($"retry: {(int)settings.Retry.TotalMilliseconds}\n\n");
            var urls = http.MediaUrls();
            var quiet = TimeSpan.Zero;
            var catchingUp = resume is not null;
            while (!stop.IsCancellationRequested)
            {
                var page = new PageRequest(scope, PageDirection.After, NotificationReads.PositionOf(covered), settings.CatchUpPage, me);
                var slice = await NotificationReads.ReadPageAsync(db, page, stop.Token);
                foreach (var row in slice.Rows.Reverse())
                {
                    var data = JsonSerializer.Serialize(row.ToResponse(urls), json.Value.SerializerOptions);
                    await sink.TextAsync($"id: {row.Group.Seq}\nevent: {Event}\ndata: {data}\n\n", catchingUp);
                    covered = row.Group.Seq;
                }

                covered = Math.Max(covered, slice.NewerEdge?.Id ?? covered); // past groups read but hidden from the caller

                if (sink.OverBudget)
                {
                    await sink.CloseBehindAsync(json.Value.SerializerOptions);
                    break;
                }

                if (slice.HasNewer)
                {
                    continue; // more than a page came: read on at once
                }

                catchingUp = false;
                await Task.Delay(settings.PollInterval, stop.Token);
                quiet = slice.Rows.Count > 0 ? TimeSpan.Zero : quiet + settings.PollInterval;
                if (quiet >= settings.Heartbeat)
                {
                    await sink.TextAsync(": heartbeat\n\n");
                    quiet = TimeSpan.Zero;
                }
            }
        }
        catch (OperationCanceledException) when (sink.TimedOut)
        {
            http.Abort(); // the client took nothing for a whole write deadline
        }
        catch (OperationCanceledException)
        {
            // the client left, or the server is stopping
        }
        finally
        {
            hub.ReleaseSlot(address);
        }

        return Results.Empty;
    }
}
