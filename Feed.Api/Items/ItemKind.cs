using Feed.Api.Data;
using Feed.Api.Plumbing.Documentation;
using Feed.Domain;

namespace Feed.Api.Items;

/// <summary>
/// A kind of item as the API serves it, whatever its types: its name (the discriminator and the
/// wire's <c>type</c>), its routes and operation names, the prose and examples of the document.
/// Each kind's file (<c>Posts.cs</c> …) declares one <see cref="ItemKind{TItem, TResponse, TCreate, TEdit}"/>;
/// <see cref="ItemKinds.All"/> lists them.
/// </summary>
public abstract class ItemKind
{
    /// <summary>One of <see cref="FeedKinds.All"/>: <c>post</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How the kind is made, for the create operation's summary: <c>Write a post</c>.</summary>
    public required string CreateSummary { get; init; }

    /// <summary>What the signed-in user does, for its description: <c>writes a post</c>.</summary>
    public required string Creates { get; init; }

    /// <summary>The kind's own fields in a few words, for the introduction: <c>a title and a body</c>.</summary>
    public required string Fields { get; init; }

    /// <summary>The kind's tag's description.</summary>
    public required string TagDescription { get; init; }

    /// <summary>
    /// Its listing, its routes' first segment and (capitalised) its tag: <c>posts</c>. Declared, not
    /// derived: English plurals are not all a trailing s, and this one is on the wire.
    /// </summary>
    public required string Plural { get; init; }

    public string Route => "/" + Plural;

    public string Tag => char.ToUpperInvariant(Plural[0]) + Plural[1..];

    /// <summary>The name in operation ids: <c>Post</c> (GetPost, GetPosts, CreatePost, EditPost).</summary>
    public string Title => char.ToUpperInvariant(Name[0]) + Name[1..];

    /// <summary>The name with its article, as the document's prose says it: <c>a post</c>, <c>an event</c>.</summary>
    public required string WithArticle { get; init; }

    public abstract Type ItemType { get; }

    public abstract Type ResponseType { get; }

    /// <summary>The kind's examples for the document, the newest first (at least one).</summary>
    public abstract IReadOnlyList<FeedItemResponse> Examples { get; }

    /// <summary>What the document says of the kind: its tag, its ids, its cursors, examples of its types.</summary>
    public abstract void Declare(ApiNotes notes);

    /// <summary><paramref name="entry"/>, whose item is of this kind, as the API answers it.</summary>
    public abstract FeedItemResponse Respond(FeedEntry entry);

    /// <summary>The create, read, list and edit endpoints of the kind.</summary>
    public abstract RouteGroupBuilder Map(IEndpointRouteBuilder app);

    /// <summary>
    /// The edit fake live traffic makes to <paramref name="item"/> (by its author): some of the
    /// fields of <paramref name="fresh"/>, a new item of the same kind from the faker.
    /// </summary>
    public abstract Task<Revision> ReviseAsync(
        FeedDbContext db, FeedItem item, FeedItem fresh, DateTime at, CancellationToken cancellationToken);
}

/// <summary>
/// A kind's types and what the endpoints do with them: made from a create request, edited by an
/// edit request, answered as a response.
/// </summary>
public sealed partial class ItemKind<TItem, TResponse, TCreate, TEdit> : ItemKind
    where TItem : FeedItem
    where TResponse : FeedItemResponse
    where TCreate : class
    where TEdit : class
{
    /// <summary>The new item a create request asks for, by its author, at a time.</summary>
    public required Func<TCreate, long, DateTime, TItem> Create { get; init; }

    /// <summary>Whether an edit request changes anything (a field given), and how it changes the item.</summary>
    public required Func<TEdit, bool> Changes { get; init; }

    public required Action<TItem, TEdit, DateTime> Edit { get; init; }

    public required Func<FeedEntry, TItem, TResponse> Response { get; init; }

    /// <summary>The uploads a create request attaches, in order (null: none); only kinds that carry pictures set it.</summary>
    public Func<TCreate, IReadOnlyList<long>?> CreateMedia { get; init; } = _ => null;

    /// <summary>The uploads an edit request makes the item carry (null: unchanged; empty: none).</summary>
    public Func<TEdit, IReadOnlyList<long>?> EditMedia { get; init; } = _ => null;

    /// <summary>The edit live traffic makes, from a freshly faked item of the kind.</summary>
    public required Func<TItem, TEdit> TrafficEdit { get; init; }

    public required IReadOnlyList<TResponse> ResponseExamples { get; init; }

    public required TCreate CreateExample { get; init; }

    public required TEdit EditExample { get; init; }

    public override Type ItemType => typeof(TItem);

    public override Type ResponseType => typeof(TResponse);

    public override IReadOnlyList<FeedItemResponse> Examples => ResponseExamples;

    public override void Declare(ApiNotes notes) => notes
        .Tag(Tag, TagDescription)
        .PathId(Plural, $"The {Name}'s id.", ResponseExamples[0].Id)
        .CursorScope(Plural, _ => FeedListing.Of(Name).Scope)
        .Example(ResponseExamples[0])
        .Example(ItemsDocs.Page(ResponseExamples, FeedListing.Of(Name).Scope))
        .Example(CreateExample)
        .Example(EditExample);

    public override FeedItemResponse Respond(FeedEntry entry) => Response(entry, (TItem)entry.Item);

    public override Task<Revision> ReviseAsync(
        FeedDbContext db, FeedItem item, FeedItem fresh, DateTime at, CancellationToken cancellationToken)
    {
        var request = TrafficEdit((TItem)fresh);
        return ItemWrites.ReviseAsync<TItem>(
            db, item.Id, item.AuthorId, _ => true, (i, when) => Edit(i, request, when), at, cancellationToken);
    }
}
