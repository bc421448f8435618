using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Safety;

/// <summary>What the document says of blocks and mutes beyond their endpoints: examples, and the cursors of their lists.</summary>
public static class SafetyDocs
{
    // The caller of the examples (jordan.lee, 31).
    private const long CallerId = 31;

    private static readonly ListedUserResponse[] Listed =
    [
        new(12, "alex.morgan", Utc("2026-11-25T10:02:19.441208Z")),
        new(7, "김민지", Utc("2026-11-24T21:40:07.006315Z")),
    ];

    public static void Declare(ApiNotes notes) => notes
        .Tag("Safety", "Blocking and muting people: whose items you see, and who may like, join or follow yours.")
        .CursorScope("me/blocks", _ => $"blocks:{CallerId}")
        .CursorScope("me/mutes", _ => $"mutes:{CallerId}")
        .Example(new FeedPage<ListedUserResponse>(
            Listed,
            FeedCursor.Encode(new FeedPosition(Listed[^1].Since, Listed[^1].UserId), $"blocks:{CallerId}"),
            FeedCursor.Encode(new FeedPosition(Listed[0].Since, Listed[0].UserId), $"blocks:{CallerId}"),
            HasNewer: false))
        .Example(Listed[0]);
}
