using System.Text.Json.Nodes;

namespace Feed.Tests.Docs;

/// <summary>
/// How the document describes items, for the five generators of scripts/contract.sh: a base schema
/// with the discriminator, each kind <c>allOf</c> it. Checked once, on SQLite (the document does not
/// depend on the engine).
/// </summary>
public sealed class ItemSchemaTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    private async Task<JsonObject> DocumentAsync() => await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));

    [Fact]
    public async Task Items_are_a_base_with_a_discriminator_on_type_and_each_kind_is_all_of_it_and_its_own_fields()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;
        var kinds = Feed.Domain.FeedKinds.All
            .ToDictionary(k => k, k => $"#/components/schemas/{char.ToUpperInvariant(k[0])}{k[1..]}Response");
        string[] shared = ["type", "id", "createdAt", "likeCount", "commentCount", "author", "likedByMe", "editedAt", "media"];

        var item = schemas["FeedItemResponse"]!;

        // NSwag types a oneOf as its first branch; a base with a mapping it reads as one class per kind.
        item["oneOf"].Should().BeNull();
        item["anyOf"].Should().BeNull();
        ((string?)item["type"]).Should().Be("object");
        item["properties"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo(shared, "the base holds what every kind has");
        item["required"]!.AsArray().Select(r => (string)r!).Should().BeEquivalentTo(shared);
        item["discriminator"]!["propertyName"]!.GetValue<string>().Should().Be("type");
        item["discriminator"]!["mapping"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!).Should().BeEquivalentTo(kinds);
        foreach (var (kind, reference) in kinds)
        {
            var allOf = schemas[reference.Split('/')[^1]]!["allOf"]!.AsArray();
            allOf.Select(s => (string?)s!["$ref"]).Should().Equal("#/components/schemas/FeedItemResponse", null);
            allOf[1]!["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string)v!).Should().Equal(kind);
            allOf[1]!["properties"]!.AsObject().Select(p => p.Key).Should().NotContain(shared.Skip(1), "shared fields stay on the base");
        }

        schemas["GameResponse"]!["allOf"]![1]!["properties"]!.AsObject().Select(p => p.Key).Should()
            .Contain(["gameName", "gameLocation", "joinedCount", "joinedByMe"]);
        schemas["FeedPageOfFeedItemResponse"]!["properties"]!["items"]!["items"]!["$ref"]!.GetValue<string>().Should()
            .Be("#/components/schemas/FeedItemResponse", "a mixed page's items are the base, each read as its kind");
        schemas["FeedPageOfPostResponse"]!["properties"]!["items"]!["items"]!["$ref"]!.GetValue<string>().Should()
            .Be("#/components/schemas/PostResponse");
    }

    [Fact]
    public async Task Ids_and_counts_are_integers_not_strings()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        (string, string)[] integers =
            [("PostResponse", "id"), ("GameResponse", "joinedCount"), ("TeamResponse", "likeCount"), ("AuthorResponse", "id")];
        foreach (var (schema, property) in integers)
        {
            var type = Property(schemas, schema, property)["type"]!;
            type.ToJsonString().Should().Be("\"integer\"", $"{schema}.{property} is an integer");
        }
    }

    /// <summary>A property of a schema, its own or one it has from an <c>allOf</c> part (a kind's, from the base).</summary>
    private static JsonNode Property(JsonNode schemas, string schema, string property)
    {
        var node = schemas[schema]!;
        var parts = node["allOf"]?.AsArray().Select(p => p!["$ref"] is { } r ? schemas[((string)r!).Split('/')[^1]]! : p!) ?? [];
        return node["properties"]?[property] ?? parts.Select(p => p["properties"]?[property]).First(p => p is not null)!;
    }

    [Fact]
    public async Task Every_kind_is_an_object_that_requires_its_type_so_clients_can_narrow_on_it()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        foreach (var kind in new[] { "PostResponse", "GameResponse", "TeamResponse" })
        {
            var own = schemas[kind]!["allOf"]![1]!;
            ((string?)own["type"]).Should().Be("object", kind);
            own["required"]!.AsArray().Select(r => (string)r!).Should().Contain("type", kind);
        }
    }
}
