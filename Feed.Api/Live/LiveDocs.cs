using System.Text.Json;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Live;

/// <summary>What the document says of the live room beyond its endpoints: its examples, the stream's events.</summary>
public static class LiveDocs
{
    public static void Declare(ApiNotes notes)
    {
        var edited = Posts.Kind.ResponseExamples[^1];
        var next = FeedCursor.Encode(new FeedPosition(Utc("2026-11-25T10:20:31.552190Z"), 8812), "changes:all");
        notes.PersonalisedByToken<FeedChangesResponse>()
            .Required("feed/new-count", "after")
            .Required("users/{id}/items/new-count", "after")
            .RequestHeader(
                "feed/stream",
                "Last-Event-ID",
                "The `id` of the last event received: the events after it are replayed first. Browsers' `EventSource` sends it " +
                    "when they reconnect; `since` says the same and wins when both are sent.",
                StreamId(8812))
            .Example(new NewItemCountResponse(12, false))
            .Example(new ItemCounts(1038, 14, 6, 3))
            .Example(new FeedChangesResponse([edited], [1040], [new ItemCounts(1038, 14, 6, 3)], next, false))
            .Stream(
                "Server-Sent Events: the `data` of `item` and `edited` is a `FeedItemResponse`; of `deleted`, " +
                "`{\"id\": <the item's id>}`; " +
                "of `counts`, `{\"id\", \"likeCount\", \"joinedCount\", \"commentCount\"}` (the item's counts now, at most once " +
                "per item per poll " +
                "of the log, a second); of `reconnect` (no `id`), `{\"reason\": \"behind\", \"detail\"}`: the stream replayed " +
                "more than its budget and ends; reconnect with `Last-Event-ID`.",
                EventStream);
    }

    /// <summary>The <c>id</c> of the example stream's event number <paramref name="seq"/>.</summary>
    private static string StreamId(long seq) =>
        FeedCursor.Encode(new FeedPosition(Posts.Kind.ResponseExamples[0].CreatedAt, seq), "stream:all");

    /// <summary>A few events of <c>/feed/stream</c> as a client reads them.</summary>
    private static string EventStream(JsonSerializerOptions json)
    {
        FeedItemResponse created = Posts.Kind.ResponseExamples[0], edited = Posts.Kind.ResponseExamples[^1];
        return $"""
            retry: 3000

            id: {StreamId(8811)}
            event: item
            data: {JsonSerializer.Serialize(created, json)}

            id: {StreamId(8812)}
            event: edited
            data: {JsonSerializer.Serialize(edited, json)}

            id: {StreamId(8813)}
            event: deleted
            data: {JsonSerializer.Serialize(new DeletedItemEvent(1040), json)}

            id: {StreamId(8815)}
            event: counts
            data: {JsonSerializer.Serialize(new ItemCounts(1038, 14, 6, 3), json)}

            : heartbeat

            """;
    }
}
