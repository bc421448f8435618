using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using static Feed.Api.Plumbing.Documentation.ExampleTime;

namespace Feed.Api.Interactions;

/// <summary>What the document says of likes and members beyond their endpoints: examples, and the cursors of their listings.</summary>
public static class InteractionsDocs
{
    // The items of the examples: the Korean post (1042, 12 likes) and the game (1041, 4 members).
    private const long PostId = 1042, GameId = 1041;

    private static readonly MemberResponse[] Members =
    [
        new(31, "jordan.lee", Utc("2026-11-25T10:02:19.441208Z")),
        new(7, "김민지", Utc("2026-11-25T09:58:03.117560Z")),
    ];

    private static readonly LikerResponse[] Likers =
    [
        new(12, "alex.morgan", Utc("2026-11-25T10:11:42.930114Z")),
        new(31, "jordan.lee", Utc("2026-11-25T09:52:10.208871Z")),
    ];

    public static void Declare(ApiNotes notes) => notes
        .CursorScope("games/{id}/members", item => $"members:{item}")
        .CursorScope("teams/{id}/members", item => $"members:{item}")
        .CursorScope("feed/{id}/likes", item => $"likes:{item}")
        .Example(Page(Members, $"members:{GameId}", m => new FeedPosition(m.JoinedAt, m.UserId)))
        .Example(Members[0])
        .Example(Page(Likers, $"likes:{PostId}", l => new FeedPosition(l.LikedAt, l.UserId)))
        .Example(Likers[0])
        .Example(new LikeResponse(PostId, 12, true))
        .Example(new MembershipResponse(GameId, 5, true));

    /// <summary>A first page (nothing newer) that goes on: its cursors are the ones the API would issue.</summary>
    private static FeedPage<T> Page<T>(IReadOnlyList<T> items, string scope, Func<T, FeedPosition> position) =>
        new(items, FeedCursor.Encode(position(items[^1]), scope), FeedCursor.Encode(position(items[0]), scope), HasNewer: false);
}
