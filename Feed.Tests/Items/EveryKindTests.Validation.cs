using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Api.Seeding;

namespace Feed.Tests.Items;

/// <summary>
/// Every kind's create and edit requests are checked before anything is written: the kind
/// endpoints are written once, generically, so a kind whose request types the validator never
/// learns of would accept anything (and its domain's own checks would surface as 500s).
/// </summary>
public abstract partial class EveryKindTests<TApp>
{
    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_refuses_a_create_without_its_required_fields_with_a_400_naming_each(string kind)
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 11))[0]);
        var required = RequestSchema(await DocumentAsync(), kind)["required"]!.AsArray().Select(n => (string)n!).ToList();

        var response = await client.PostAsJsonAsync($"/{kind}s", new JsonObject(), Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        required.Should().NotBeEmpty();
        (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key).Should().Contain(required);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_refuses_an_edit_past_a_fields_length_with_a_400_and_changes_nothing(string kind)
    {
        var author = (await App.AddUsersAsync(1, seed: 12))[0];
        var client = App.ClientFor(author);
        var schema = RequestSchema(await DocumentAsync(), kind);
        var made = new FeedFaker(4).Item(kind, author.Id, DateTime.UtcNow);
        var created = await client.PostAsJsonAsync($"/{kind}s", BodyFor(schema, made), Cancel);
        var before = await ReadJsonAsync(created);
        var (field, limit) = schema["properties"]!.AsObject()
            .Select(p => (p.Key, Limit: (int?)p.Value!["maxLength"]))
            .First(p => p.Limit is not null);

        var edit = new JsonObject { [field] = new string('x', limit!.Value + 1) };
        var response = await client.PatchAsJsonAsync(created.Headers.Location, edit, Cancel);
        var after = await ReadJsonAsync(await client.GetAsync(created.Headers.Location, Cancel));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field);
        JsonNode.DeepEquals(after, before).Should().BeTrue($"a refused edit leaves the {kind} as it was");
    }
}
