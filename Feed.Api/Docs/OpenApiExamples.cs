using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Api.Accounts;
using Feed.Api.Comments;
using Feed.Api.Follows;
using Feed.Api.Interactions;
using Feed.Api.Items;
using Feed.Api.Live;
using Feed.Api.Media;
using Feed.Api.Notifications;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using Feed.Api.Reports;
using Feed.Api.Safety;
using Feed.Api.Seeding;
using Feed.Api.SeedJobs;
using Feed.Api.Users;

namespace Feed.Api.Docs;

/// <summary>
/// What the features declare for the document, gathered: each feature's <c>…Docs.cs</c> beside its
/// endpoints says what its examples, tags, ids and cursors are; this only composes them, and adds
/// the problems every route may answer. The examples are real response and request objects,
/// serialized with the API's own JSON options, so they have the wire's shape by construction:
/// six-digit timestamps, <c>type</c> first, cursors that the API itself would issue for these items
/// (and accept back), and pages whose <c>nextCursor</c>, <c>refreshCursor</c> and <c>hasNewer</c> agree.
/// </summary>
public static partial class OpenApiExamples
{
    /// <summary>Every feature's declarations.</summary>
    public static ApiNotes Notes { get; } = Compose();

    private static ApiNotes Compose()
    {
        var notes = new ApiNotes();
        UsersDocs.Declare(notes);
        ItemsDocs.Declare(notes);
        InteractionsDocs.Declare(notes);
        CommentsDocs.Declare(notes);
        FollowsDocs.Declare(notes);
        SafetyDocs.Declare(notes);
        LiveDocs.Declare(notes);
        MediaDocs.Declare(notes);
        SeedJobsDocs.Declare(notes);
        ReportsDocs.Declare(notes);
        AccountsDocs.Declare(notes);
        NotificationsDocs.Declare(notes);

        // Sign-in's example is the demo user the embedded database starts with: it works on the first click there.
        notes.Example(new SignInRequest(DemoData.UserName, DemoData.Password));
        return notes
            .Example(Problems(StatusCodes.Status404NotFound))
            .Example(typeof(HttpValidationProblemDetails), Problems(StatusCodes.Status400BadRequest));
    }

    /// <summary>The example feed page's <c>nextCursor</c>: a cursor the API would accept as <c>/feed?before=</c>.</summary>
    public static string ExampleCursor => ItemsDocs.MixedPage.NextCursor!;

    /// <summary>A cursor the listing at <paramref name="path"/> (a route template) accepts: cursors belong to their listing.</summary>
    public static string CursorFor(string path) => FeedCursor.Encode(ItemsDocs.CursorPosition, Notes.CursorScopeOf(path)!);

    /// <summary><paramref name="value"/> as the API writes it.</summary>
    public static JsonNode? ToJson(object value, Type type, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToNode(value, type, options);
}
