using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using static Feed.Api.Items.ItemExamples;

namespace Feed.Api.Comments;

/// <summary>What the document says of comments beyond their endpoints: their tag, ids, cursors and examples.</summary>
public static class CommentsDocs
{
    // Under the Korean post (1042): 김민지's comment, alex.morgan's reply under it.
    private const long PostId = 1042;

    private static readonly CommentResponse[] Thread =
    [
        new(5001, PostId, null, "저도 가고 싶어요! 몇 시에 출발해요?", At("2026-11-25T09:50:12.204518Z"), null, Minji, 1),
        new(5003, PostId, 5001, "Count me in too — Saturday works.", At("2026-11-25T10:03:40.771902Z"), null, Alex, 0),
    ];

    public static void Declare(ApiNotes notes) => notes
        .PersonalisedByToken<CommentResponse>() // a token leaves out the comments of people blocked or muted
        .PersonalisedByToken<CommentPage>()
        .Tag("Comments", "Answer an item, or a comment under it (one level of replies); read a conversation oldest first.")
        .PathId("comments", "The comment's id.", 5001)
        .CursorScope("feed/{id}/comments", CommentReads.ConversationScope)
        .CursorScope("comments/{id}/replies", CommentReads.RepliesScope)
        .Example(new CreateCommentRequest("같이 가요! Count me in.", null))
        .Example(new EditCommentRequest("같이 가요! Count me in — Saturday 10 am?"))
        .Example(Thread[0])
        .Example(new CommentPage(
            Thread,
            FeedCursor.Encode(new FeedPosition(Thread[0].CreatedAt, Thread[^1].Id), CommentReads.ConversationScope(PostId)),
            HasMore: false,
            PreviousCursor: null));
}
