using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Items;

/// <summary>
/// Every kind of <see cref="FeedKinds.All"/> in the document's words and examples: its tag, the
/// introduction, the <c>types</c> parameter of every listing, its ids, its examples and the profile's
/// counts. Nothing here names a kind, so a kind whose prose or examples were left out fails here.
/// </summary>
public sealed class EveryKindDocumentTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    public static TheoryData<string> Kinds => [.. FeedKinds.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_introduced_and_has_its_tag(string kind)
    {
        var document = await DocumentAsync();
        var info = document["info"]!;
        var tag = document["tags"]!.AsArray().SingleOrDefault(t => (string)t!["name"]! == Title(kind) + "s");

        ((string)info["summary"]!).Should().Contain($"{kind}s");
        ((string)info["description"]!).Should().Contain($"**{kind}s** (").And.Contain($"`{kind}`").And.Contain($"`/{kind}s`");
        tag.Should().NotBeNull($"/{kind}s has its tag");
        ((string?)tag!["description"]).Should().StartWith($"{Title(kind)}s: ");
        ((string)document["paths"]!["/feed"]!["get"]!["description"]!).Should().ContainEquivalentOf($"{kind}s");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_listing_that_narrows_by_kind_names_every_kind(string kind)
    {
        var document = await DocumentAsync();
        var types = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().SelectMany(op => op.Value!["parameters"]?.AsArray() ?? []))
            .Where(p => (string)p!["name"]! == "types")
            .ToList();

        types.Should().HaveCountGreaterThanOrEqualTo(5, "the feed, an author's feed, their new counts, the changes and the stream");
        types.Should().OnlyContain(p => p!["schema"]!["items"]!["enum"]!.AsArray().Any(v => (string)v! == kind));
        types.Should().OnlyContain(p => ((string)p!["description"]!).Contains($"`{kind}`", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_has_its_ids_and_examples(string kind)
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;
        var one = document["paths"]![$"/{kind}s/{{id}}"]!["get"]!;
        var id = one["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "id")!;
        var response = Title(kind) + "Response";
        var mixed = schemas["FeedPageOfFeedItemResponse"]!["examples"]![0]!["items"]!.AsArray();

        ((string)id["description"]!).Should().Be($"The {kind}'s id.");
        schemas[response]!["examples"]![0]!["type"]!.GetValue<string>().Should().Be(kind);
        ((long)id["example"]!).Should().Be((long)schemas[response]!["examples"]![0]!["id"]!, "the id is the example item's");
        schemas[$"FeedPageOf{response}"]!["examples"]![0]!["items"]!.AsArray().Should().OnlyContain(i => (string)i!["type"]! == kind);
        schemas[$"Create{Title(kind)}Request"]!["examples"].Should().NotBeNull();
        schemas[$"Edit{Title(kind)}Request"]!["examples"].Should().NotBeNull();
        mixed.Select(i => (string)i!["type"]!).Should().Contain(kind, "the mixed feed's example shows every kind");
        foreach (var other in FeedKinds.All.Where(k => k != kind))
        {
            var description = (string)document["paths"]![$"/{other}s/{{id}}"]!["get"]!["description"]!;
            description.Should().Contain($" {kind}", $"a {kind}'s id is no {other}");
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_a_required_count_of_the_profile(string kind)
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;
        var counts = schemas["KindCounts"]!;

        counts["properties"]![kind]!["type"]!.GetValue<string>().Should().Be("integer");
        counts["required"]!.AsArray().Select(r => (string)r!).Should().Equal(FeedKinds.All);
        schemas["UserProfileResponse"]!["examples"]![0]!["itemCounts"]![kind].Should().NotBeNull();
    }

    private static string Title(string kind) => char.ToUpperInvariant(kind[0]) + kind[1..];

    private async Task<JsonObject> DocumentAsync() => await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));
}
