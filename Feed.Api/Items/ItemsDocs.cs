using System.Text.Json.Nodes;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Documentation;
using Feed.Domain;
using Microsoft.OpenApi;

namespace Feed.Api.Items;

/// <summary>
/// What the document says of items beyond their endpoints, from the one list of kinds: each kind's
/// tag, ids, cursors and examples (<see cref="ItemKind.Declare"/>), the mixed feed's examples (the
/// newest example of each kind), and the <c>types</c> parameter of every listing that takes one.
/// </summary>
public static class ItemsDocs
{
    /// <summary>The example of the mixed feed's first page: each kind's newest example, in the list's order.</summary>
    public static FeedPage<FeedItemResponse> MixedPage => Page([.. ItemKinds.All.Select(k => k.Examples[0])], FeedListing.Of().Scope);

    /// <summary>Where the example cursors point: after the oldest item of the mixed page, as its <c>nextCursor</c> does.</summary>
    public static FeedPosition CursorPosition => Position(MixedPage.Items[^1]);

    /// <summary>The kinds that users join, as the introduction names them (their members, <c>?types=game,team</c>).</summary>
    public static IReadOnlyList<ItemKind> Joinable => [.. ItemKinds.All.Where(k => k.ItemType.IsAssignableTo(typeof(JoinableItem)))];

    public static void Declare(ApiNotes notes)
    {
        var mixed = MixedPage;
        notes.Tag("Feed", "The mixed feed of every kind, one item by id whatever its kind, and likes.")
            .PathId("", "The item's id, whatever its kind.", mixed.Items[0].Id)
            .CursorScope("", _ => FeedListing.Of().Scope)
            .CursorScope("users/{id}/items", author => (FeedListing.Of() with { AuthorId = author }).Scope)
            .PersonalisedByToken<FeedItemResponse>()
            .PersonalisedByToken<FeedItemsResponse>()
            .Parameter("types", DescribeTypes)
            .Required("feed/items", "ids")
            .Example(mixed.Items[0])
            .Example(ItemExamples.Minji)
            .Example(mixed)
            .Example(new FeedItemsResponse([.. mixed.Items.Take(2)], [1040]));
        foreach (var kind in ItemKinds.All)
        {
            kind.Declare(notes);
        }
    }

    /// <summary>A first page (nothing newer) that goes on: its cursors are the ones the API would issue for these items.</summary>
    public static FeedPage<T> Page<T>(IReadOnlyList<T> items, string scope)
        where T : FeedItemResponse =>
        new(items, FeedCursor.Encode(Position(items[^1]), scope), FeedCursor.Encode(Position(items[0]), scope), HasNewer: false);

    /// <summary>The words of a listing's <c>types</c> say "comma-separated"; the kinds and the schema come from the list.</summary>
    private static void DescribeTypes(OpenApiParameter parameter)
    {
        var said = parameter.Description ?? "Narrow the feed to these kinds";
        var cut = said.IndexOf(", comma-separated", StringComparison.Ordinal);
        var kinds = string.Join(", ", FeedKinds.All.Select(kind => $"`{kind}`"));
        parameter.Description = $"{(cut < 0 ? said.TrimEnd('.') : said[..cut])}, comma-separated: {kinds}.";

        // The handler reads one comma-separated string; described as what it means: a set of kinds.
        parameter.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. FeedKinds.All.Select(kind => (JsonNode)kind)] },
        };
        parameter.Style = ParameterStyle.Form;
        parameter.Explode = false;
        // Switched off: a first click reads every kind, and its cursors (those of the unfiltered listing) stay valid.
        SwitchedOff.Example(parameter, new JsonArray([.. Joinable.Select(kind => (JsonNode)kind.Name)]), "The kinds users join");
    }

    private static FeedPosition Position(FeedItemResponse item) => new(item.CreatedAt, item.Id);
}
