using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Feed.Api.Notifications;

/// <summary>
/// <c>/me/notifications</c>: what others did to what is the caller's, grouped (one "Mina and 14 others liked your post"
/// a subject, kind and day), newest first, with an unread count, a read marker and a live stream. Read from the
/// primary (<see cref="FeedDbContext"/>): a badge and its marker must agree at once, and each read is one short range
/// of the caller's own index.
/// </summary>
public static class NotificationsApi
{
    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/me/notifications").WithTags("Notifications").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        group.MapGet("", GetNotifications)
            .WithName(nameof(GetNotifications))
            .WithSummary("Your notifications, newest first")
            .WithDescription("""
                What others did to what is yours, grouped: one entry per item (your comment, for a reply) and kind and UTC
                day, however many people (`actorCount`, `actor` the latest of them). Newest first by `seq`, paged as
                `/feed` (`limit`, `before` to scroll down, `after` to refresh gap-free, `Link`, `hasNewer`); the cursors
                are yours alone. A group that gathers a new action moves to the top (its `seq` rises): scrolling down
                never shows one twice, and the next refresh finds the moved one (replace it by `id`). An undone like,
                join or follow takes its action back out (the count drops; a group left empty goes). Groups naming
                someone you block, who blocks you or whom you muted are left out (a page may then be short: follow
                `nextCursor`, never infer the end from a short page). One SQL command a page, at any depth.
                """);

        group.MapGet("/unread-count", GetUnreadNotificationCount)
            .WithName(nameof(GetUnreadNotificationCount))
            .WithSummary("How many notifications are unread")
            .WithDescription($"Groups with a `seq` above your read marker, counted up to {NotificationReads.UnreadCap}: " +
                "`more` true means show \"99+\". One index range, stopped at the cap.");

        group.MapPost("/read", MarkNotificationsRead)
            .WithName(nameof(MarkNotificationsRead))
            .WithSummary("Mark notifications read")
            .WithDescription("Moves your read marker up to `upTo` (a group's `seq`; without it, everything so far) and answers " +
                "the unread count then. The marker never moves down nor past your newest group: sending an older `seq` " +
                "changes nothing, and sending the same twice is harmless. A group that gathers a new action later is unread again.")
            .ProducesValidationProblem();

        group.MapNotificationStream();
        return app;
    }

    public static async Task<Results<Ok<FeedPage<NotificationResponse>>, ValidationProblem>> GetNotifications(
        [AsParameters] PageParameters parameters, FeedDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        if (!parameters.TryRead(NotificationReads.Scope(me), me, out var page, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var slice = await NotificationReads.ReadPageAsync(db, page, cancellationToken);
        var urls = http.MediaUrls();
        return TypedResults.Ok(slice.ToPage(page, http, row => row.ToResponse(urls)));
    }

    public static async Task<Ok<UnreadCountResponse>> GetUnreadNotificationCount(
        FeedDbContext db, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await NotificationReads.UnreadAsync(db, http.User.RequiredUserId(), cancellationToken));

    public static async Task<Ok<UnreadCountResponse>> MarkNotificationsRead(
        MarkReadRequest? request, FeedDbContext db, HttpContext http, CancellationToken cancellationToken)
    {
        var me = http.User.RequiredUserId();
        await NotificationReads.MarkReadAsync(db, me, request?.UpTo, cancellationToken);
        return TypedResults.Ok(await NotificationReads.UnreadAsync(db, me, cancellationToken));
    }
}
