using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Api.Data;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Items;

public sealed class EveryKindTests_Sqlite(SqliteApp app) : EveryKindTests<SqliteApp>(app);

public sealed class EveryKindTests_MariaDb(MariaDbApp app) : EveryKindTests<MariaDbApp>(app);

/// <summary>
/// Every kind of <see cref="FeedKinds.All"/> through every path: stored, documented, created,
/// read, paged, seeded and digested. Nothing here names a kind: a kind added to the domain but
/// forgotten in one place fails here, not in a user's hands. A kind's own fields are found by
/// reflection on its domain type and in its request schema, and filled from the QA fakers.
/// </summary>
public abstract partial class EveryKindTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp, new()
{
    public static TheoryData<string> Kinds => [.. FeedKinds.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_an_entity_of_the_one_table_with_its_own_discriminator_and_columns(string kind)
    {
        await using var scope = App.Db();
        var item = new FeedFaker(1).Item(kind, authorId: 1, DateTime.UtcNow);

        var type = scope.Context.Model.FindEntityType(item.GetType());

        item.Kind.Should().Be(kind);
        type.Should().NotBeNull($"{item.GetType().Name} needs an IEntityTypeConfiguration");
        type!.GetDiscriminatorValue().Should().Be(kind);
        type.GetTableName().Should().Be("FeedItems");
        OwnProperties(item).Select(p => p.Name).Should()
            .BeSubsetOf(type.GetProperties().Select(p => p.Name), "every field of the kind is stored");
        new FeedItemColumns(scope.Context.Model).Names.Should().Contain(type.GetProperties().Select(p => p.GetColumnName()));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_documented_as_all_of_the_item_and_its_own_fields(string kind)
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        var branch = RefName(schemas["FeedItemResponse"]!["discriminator"]!["mapping"]![kind]);
        var request = RequestSchema(document, kind);

        branch.Should().NotBeNull($"the item's discriminator maps '{kind}'");
        schemas[branch!]!["allOf"]!.AsArray().Select(p => RefName(p!["$ref"])).Should().Equal("FeedItemResponse", null);
        var own = schemas[branch!]!["allOf"]![1]!;
        own["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string)v!).Should().Equal(kind);
        own["properties"]!.AsObject().Select(p => p.Key).Should().Contain(OwnFields(request));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_created_read_back_and_paged_with_its_own_fields(string kind)
    {
        var author = (await App.AddUsersAsync(1, seed: 5))[0];
        var client = App.ClientFor(author);
        var made = new FeedFaker(3).Item(kind, author.Id, DateTime.UtcNow);
        var body = BodyFor(RequestSchema(await DocumentAsync(), kind), made);

        var created = await client.PostAsJsonAsync($"/{kind}s", body, Cancel);
        var item = await ReadJsonAsync(created);
        var id = (long)item["id"]!;
        var byLocation = await ReadJsonAsync(await client.GetAsync(created.Headers.Location, Cancel));
        var byId = await ReadJsonAsync(await client.GetAsync($"/feed/{id}", Cancel));
        var ownList = await ReadJsonAsync(await client.GetAsync($"/{kind}s?limit=5", Cancel));
        var feed = await ReadJsonAsync(await client.GetAsync($"/feed?types={kind}&limit=5", Cancel));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        ((string)item["type"]!).Should().Be(kind);
        foreach (var (name, value) in body)
        {
            JsonNode.DeepEquals(item[name], value).Should().BeTrue($"{kind}.{name} comes back as it was sent");
        }

        JsonNode.DeepEquals(byLocation, item).Should().BeTrue("the Location serves the created item");
        JsonNode.DeepEquals(byId, item).Should().BeTrue("/feed/{id} serves any kind");
        JsonNode.DeepEquals(ownList["items"]![0], item).Should().BeTrue($"the newest of /{kind}s is the new one");
        JsonNode.DeepEquals(feed["items"]![0], item).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_seeded_with_all_its_fields_and_its_fields_are_in_the_digest(string kind)
    {
        await using var seeded = new TApp();
        await seeded.InitializeAsync();
        string[] seed = ["seed", "--items", "40", "--users", "5", "--mix", $"{kind}=1", "--seed", "11", "--reset"];

        (await seeded.RunVerbAsync(seed)).ExitCode.Should().Be(0);
        var digest = await seeded.DigestAsync();
        (await seeded.RunVerbAsync(seed)).ExitCode.Should().Be(0);
        await using var scope = seeded.Db();
        var items = await scope.Context.FeedItems.AsNoTracking().ToListAsync(Cancel);
        var type = scope.Context.Model.FindEntityType(items[0].GetType())!;
        var page = await ReadJsonAsync(await seeded.CreateClient().GetAsync($"/{kind}s?limit=100", Cancel));

        items.Should().HaveCount(40).And.OnlyContain(i => i.Kind == kind);
        foreach (var property in OwnProperties(items[0]))
        {
            items.Should().OnlyContain(
                i => property.GetValue(i) != null && !Equals(property.GetValue(i), string.Empty),
                $"the seeder writes {kind}.{property.Name}");
        }

        (await seeded.DigestAsync()).Should().Be(digest, "the same seed gives the same feed");
        page["items"]!.AsArray().Should().HaveCount(40).And.OnlyContain(i => (string)i!["type"]! == kind);
        foreach (var property in OwnProperties(items[0]).Where(p => p.PropertyType == typeof(string)))
        {
            var column = type.FindProperty(property.Name)!.GetColumnName();
            var update = $"UPDATE FeedItems SET {column} = 'changed' WHERE Id = {{0}}"; // a column name from the model, the id a parameter
            await scope.Context.Database.ExecuteSqlRawAsync(update, [items[0].Id], Cancel);
            (await seeded.DigestAsync()).Should().NotBe(digest, $"the digest covers {kind}.{property.Name}");
            digest = await seeded.DigestAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_counted_in_its_authors_profile(string kind)
    {
        var author = (await App.AddUsersAsync(1, seed: 13))[0];
        await using (var scope = App.Db())
        {
            scope.Context.FeedItems.Add(new FeedFaker(5).Item(kind, author.Id, DateTime.UtcNow));
            await scope.Context.SaveChangesAsync(Cancel);
        }

        var profile = await ReadJsonAsync(await App.CreateClient().GetAsync($"/users/{author.Id}", Cancel));
        var counts = profile["itemCounts"]!.AsObject();

        counts.Select(c => c.Key).Should().Equal(FeedKinds.All, "the profile counts every kind, in the kinds' order");
        counts.Should().OnlyContain(c => (int)c.Value! == (c.Key == kind ? 1 : 0));
        ((int)profile["itemCount"]!).Should().Be(1, "the total is the kinds' sum");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_is_liked_and_edited_by_live_traffic_through_the_APIs_own_writes(string kind)
    {
        await using var live = new TApp();
        await live.InitializeAsync();
        string[] seed = ["seed", "--items", "60", "--users", "8", "--mix", $"{kind}=1", "--seed", "12", "--reset"];
        (await live.RunVerbAsync(seed)).ExitCode.Should().Be(0);

        var run = await live.RunVerbAsync("seed", "--live", "--rate", "300/s", "--duration", "1s", "--clients", "2", "--seed", "5");

        run.ExitCode.Should().Be(0, run.Output + run.Error);
        await using var scope = live.Db();
        var edited = await scope.Context.FeedItems.Where(i => i.EditedAt != null).ToListAsync(Cancel);
        edited.Where(i => i.Kind == kind).Should().NotBeEmpty($"live traffic edits {kind}s");
        var logged = await scope.Context.FeedChanges.Where(c => c.Change == FeedChange.Edited).Select(c => c.ItemId).ToListAsync(Cancel);
        logged.Should().Contain(edited.Where(i => i.Kind == kind).Select(i => i.Id), "each edit is in the change log");
        (await scope.Context.FeedItems.CountAsync(i => i.LikeCount > 0, Cancel)).Should().BePositive($"live traffic likes {kind}s");
    }

    [Fact]
    public async Task Every_stored_kind_is_in_the_list_of_kinds()
    {
        await using var scope = App.Db();

        var stored = scope.Context.Model.FindEntityType(typeof(FeedItem))!.GetDerivedTypes().Where(t => !t.ClrType.IsAbstract);

        stored.Select(t => (string?)t.GetDiscriminatorValue()).Should()
            .BeEquivalentTo(FeedKinds.All, "a kind with a table configuration is listed in FeedKinds.All");
    }

    [Fact]
    public void The_default_seed_mix_gives_every_kind_a_share()
    {
        KindMix.Default.Shares.Where(s => s.Value > 0).Select(s => s.Key).Should().BeEquivalentTo(FeedKinds.All);
    }

    /// <summary>The kind's own fields: what its domain type declares beyond every item's.</summary>
    private static IEnumerable<PropertyInfo> OwnProperties(FeedItem item) => item.GetType()
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.DeclaringType != typeof(FeedItem) && p.Name != nameof(FeedItem.Kind));

    /// <summary>A create request as the document describes it, every field taken from the faked item's property of that name.</summary>
    private static JsonObject BodyFor(JsonNode schema, FeedItem made)
    {
        var body = new JsonObject();
        foreach (var name in OwnFields(schema))
        {
            var property = made.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            property.Should().NotBeNull($"the request field '{name}' is a field of {made.GetType().Name}");
            body[name] = JsonSerializer.SerializeToNode(property!.GetValue(made), Web);
        }

        return body;
    }

    /// <summary>
    /// A request's fields that are the kind's own: not those naming other resources by id (<c>mediaIds</c>: a
    /// post's uploads, shown as every item's <c>media</c>; their own tests cover them).
    /// </summary>
    private static IEnumerable<string> OwnFields(JsonNode request) =>
        request["properties"]!.AsObject().Select(p => p.Key).Where(name => !name.EndsWith("Ids", StringComparison.Ordinal));

    private static JsonNode RequestSchema(JsonObject document, string kind)
    {
        var operation = document["paths"]![$"/{kind}s"]?["post"];
        operation.Should().NotBeNull($"POST /{kind}s creates a {kind}");
        var name = RefName(operation!["requestBody"]!["content"]!["application/json"]!["schema"]);
        return document["components"]!["schemas"]![name!]!;
    }

    /// <summary>The schema a <c>{"$ref": …}</c> or a discriminator mapping's value names.</summary>
    private static string? RefName(JsonNode? reference) =>
        (reference is JsonObject ? (string?)reference["$ref"] : (string?)reference)?.Split('/')[^1];

    private async Task<JsonObject> DocumentAsync() => await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));
}
