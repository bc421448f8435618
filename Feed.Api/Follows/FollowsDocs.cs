using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Follows;

/// <summary>What the document says of follows and the home beyond their endpoints: examples, and the cursors of their listings.</summary>
public static class FollowsDocs
{
    // The user of the examples (김민지, 7) and the caller whose home the examples show (jordan.lee, 31).
    private const long UserId = 7, CallerId = 31;

    private static readonly FollowerResponse[] Followers =
    [
        new(31, "jordan.lee", Utc("2026-11-25T10:02:19.441208Z")),
        new(12, "alex.morgan", Utc("2026-11-24T21:40:07.006315Z")),
    ];

    public static void Declare(ApiNotes notes) => notes
        .Tag("Home", "Your timeline: your own items and those of the people you follow, with the paging of `/feed`.")
        .CursorScope("users/{id}/followers", user => $"followers:{user}")
        .CursorScope("users/{id}/following", user => $"following:{user}")
        .CursorScope("home", _ => $"home:{CallerId}:all")
        .Required("home/new-count", "after")
        .RequestHeader(
            "home/stream",
            "Last-Event-ID",
            "The `id` of the last event received: what arrived after it is sent first. `since` says the same and wins when both are sent.",
            FeedCursor.Encode(
                new FeedPosition(Posts.Kind.ResponseExamples[0].CreatedAt, Posts.Kind.ResponseExamples[0].Id), $"home:{CallerId}:all"))
        .Example(new FeedPage<FollowerResponse>(
            Followers,
            FeedCursor.Encode(new FeedPosition(Followers[^1].FollowedAt, Followers[^1].UserId), $"followers:{UserId}"),
            FeedCursor.Encode(new FeedPosition(Followers[0].FollowedAt, Followers[0].UserId), $"followers:{UserId}"),
            HasNewer: false))
        .Example(Followers[0])
        .Example(new FollowResponse(UserId, 129, true));
}
