using System.ComponentModel;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Live;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Feed.Api.Plumbing.Protection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Feed.Api.Follows;

/// <summary>
/// <c>GET /home/stream</c>: Server-Sent Events of the items arriving in the caller's home. Every
/// event's <c>id</c> is the item's place in the home (a <c>refreshCursor</c> of <c>/home</c>), so a
/// client that reconnects with <c>Last-Event-ID</c> gets exactly what arrived meanwhile. A home is
/// its owner's alone, so each stream reads its own: one index range of at most a catch-up page
/// every poll interval, counted against the streams' caps per address and per instance.
/// </summary>
public static class HomeStream
{
    public static RouteGroupBuilder MapHomeStream(this RouteGroupBuilder group)
    {
        group.MapGet("/stream", StreamHomeAsync)
            .WithName("StreamHome")
            .WithSummary("Your live home (Server-Sent Events)")
            .WithDescription("""
                `text/event-stream` of the items arriving in your home (`types` as in `/home`), oldest first:
                `event: item` with the item as you see it. Every event's `id` is a `refreshCursor` of `/home`; reconnect with
                `Last-Event-ID` (browsers do) or `?since=<id>` and what arrived meanwhile comes first, none missed and none
                twice. Without either, the stream starts now. A `: heartbeat` comment comes every 15 s. Edits and deletions:
                `/feed/changes` or `/feed/stream`. Open streams count against the same caps as `/feed/stream` (429 past them).
                """)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesValidationProblem();
        return group;
    }

    public static async Task<IResult> StreamHomeAsync(
        [Description("Narrow the stream to these kinds, comma-separated.")] string? types,
        [Description("An event `id` to resume after (the same as the `Last-Event-ID` header).")] string? since,
        HttpContext http,
        FeedReadDbContext db,
        FeedStreamHub hub,
        HomeTimeline timeline,
        IOptions<StreamOptions> options,
        IOptions<JsonOptions> json,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        if (!FeedListing.TryParse(types, out var listing, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var scope = HomeReads.Scope(me, listing);
        var (name, given) = since is not null ? ("since", since) : ("Last-Event-ID", http.Request.Headers["Last-Event-ID"].ToString());
        FeedPosition? resume = null;
        if (!string.IsNullOrEmpty(given))
        {
            if (!FeedCursor.TryDecode(given, scope, out var decoded, out var error))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [error] });
            }

            resume = decoded;
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
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        using var sink = new EventSink(http, scope, settings, stop.Token);
        try
        {
            var covered = resume ?? await NewestAsync(db, me, listing, timeline, stop.Token);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await sink.TextAsync($"retry: {(int)settings.Retry.TotalMilliseconds}\n\n");
            var quiet = TimeSpan.Zero;
            var catchingUp = resume is not null;
            while (!stop.IsCancellationRequested)
            {
                var page = new PageRequest(scope, PageDirection.After, covered, settings.CatchUpPage, me);
                var slice = await timeline.ReadPageAsync(db, me, listing, page, stop.Token);
                foreach (var (row, position) in slice.Rows.Zip(slice.Positions).Reverse())
                {
                    var data = JsonSerializer.Serialize(FeedItemResponse.From(row.Entry, http.MediaUrls()), json.Value.SerializerOptions);
                    await sink.TextAsync($"id: {FeedCursor.Encode(position, scope)}\nevent: item\ndata: {data}\n\n", catchingUp);
                    covered = position;
                }

                if (sink.OverBudget)
                {
                    await sink.CloseBehindAsync(json.Value.SerializerOptions);
                    break;
                }

                if (slice.HasNewer)
                {
                    continue; // more than a page arrived: read on at once
                }

                catchingUp = false;
                db.ChangeTracker.Clear();
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

    /// <summary>Where a new stream starts: the newest item of the home now (a position before every item when it is empty).</summary>
    private static async Task<FeedPosition> NewestAsync(
        FeedDbContext db, long me, FeedListing listing, HomeTimeline timeline, CancellationToken cancellationToken)
    {
        var top = PageRequest.First(HomeReads.Scope(me, listing), 1, me);
        var first = await timeline.ReadPageAsync(db, me, listing, top, cancellationToken);
        return first.Positions is [var newest, ..] ? newest : new FeedPosition(DateTime.UnixEpoch, 0);
    }
}
