using System.Text.Json.Serialization.Metadata;
using Feed.Domain;

namespace Feed.Api.Items;

/// <summary>
/// The one list of kinds the API serves. Their endpoints, the mixed feed's <c>type</c>, live
/// traffic, profile counts and the document's prose and examples all follow from it; a kind of
/// <see cref="FeedKinds.All"/> missing here fails the every-kind test and the app's start.
/// </summary>
public static class ItemKinds
{
    public static IReadOnlyList<ItemKind> All { get; } = [Posts.Kind, Games.Kind, Teams.Kind];

    private static readonly Dictionary<string, ItemKind> ByName = All.ToDictionary(k => k.Name);

    /// <summary>The kind named <paramref name="name"/>, one of <see cref="FeedKinds.All"/>.</summary>
    public static ItemKind Of(string name) =>
        ByName.TryGetValue(name, out var kind)
            ? kind
            : throw new InvalidOperationException($"No API for kind '{name}': add it to ItemKinds.All.");

    /// <summary>Every kind but <paramref name="kind"/>, in the list's order.</summary>
    public static IEnumerable<ItemKind> Others(ItemKind kind) => All.Where(k => k != kind);

    /// <summary>Kinds as prose, with their articles: <c>a game or a team</c>, <c>a post, a game or a team</c>.</summary>
    public static string Listed(IEnumerable<ItemKind> kinds, string conjunction) =>
        Words([.. kinds.Select(k => k.WithArticle)], conjunction);

    /// <summary><c>x</c>, <c>x or y</c>, <c>x, y or z</c>.</summary>
    public static string Words(IReadOnlyList<string> words, string conjunction) =>
        words.Count < 2 ? string.Concat(words) : $"{string.Join(", ", words.SkipLast(1))} {conjunction} {words[^1]}";

    /// <summary>
    /// The wire's <c>type</c>: an item answered as <see cref="FeedItemResponse"/> (the mixed feed)
    /// writes its kind's name first, and so does each kind's own response (the typed feeds). Set on
    /// the serializer's contracts from the list, so a kind is not also listed in attributes; the
    /// OpenAPI generator reads the same contracts, so the document's <c>oneOf</c> follows too.
    /// </summary>
    public static void DescribeKinds(JsonTypeInfo info)
    {
        if (info.Type == typeof(FeedItemResponse))
        {
            info.PolymorphismOptions = Polymorphism(All.Select(k => new JsonDerivedType(k.ResponseType, k.Name)));
        }
        else if (All.FirstOrDefault(k => k.ResponseType == info.Type) is { } kind)
        {
            info.PolymorphismOptions = Polymorphism([new JsonDerivedType(kind.ResponseType, kind.Name)]);
        }
    }

    private static JsonPolymorphismOptions Polymorphism(IEnumerable<JsonDerivedType> kinds)
    {
        var options = new JsonPolymorphismOptions { TypeDiscriminatorPropertyName = "type" };
        foreach (var kind in kinds)
        {
            options.DerivedTypes.Add(kind);
        }

        return options;
    }
}
