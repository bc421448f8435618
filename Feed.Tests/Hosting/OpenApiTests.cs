using System.Text.Json.Nodes;

namespace Feed.Tests.Hosting;

/// <summary>The document does not depend on the engine: checked once, on SQLite.</summary>
public sealed class OpenApiTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    private async Task<JsonObject> DocumentAsync() => await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));

    [Fact]
    public async Task Items_are_described_as_one_of_three_kinds_with_a_discriminator_on_type()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        var item = schemas["FeedItemResponse"]!;

        item["oneOf"]!.AsArray().Select(r => (string)r!["$ref"]!).Should().BeEquivalentTo(
            "#/components/schemas/PostResponse", "#/components/schemas/GameResponse", "#/components/schemas/TeamResponse");
        item["anyOf"].Should().BeNull();
        item["discriminator"]!["propertyName"]!.GetValue<string>().Should().Be("type");
        item["discriminator"]!["mapping"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["post"] = "#/components/schemas/PostResponse",
            ["game"] = "#/components/schemas/GameResponse",
            ["team"] = "#/components/schemas/TeamResponse",
        });
        schemas["PostResponse"]!["properties"]!["type"]!["enum"]!.AsArray().Select(v => (string)v!).Should().Equal("post");
        schemas["GameResponse"]!["properties"]!.AsObject().Select(p => p.Key).Should().Contain(["gameName", "gameLocation", "joinedCount", "joinedByMe", "author", "likedByMe"]);
        schemas["FeedPageOfPostResponse"]!["properties"]!["items"]!["items"]!["$ref"]!.GetValue<string>().Should().Be("#/components/schemas/PostResponse");
    }

    [Fact]
    public async Task Ids_and_counts_are_integers_not_strings()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!;

        foreach (var (schema, property) in new[] { ("PostResponse", "id"), ("GameResponse", "joinedCount"), ("TeamResponse", "likeCount"), ("AuthorResponse", "id") })
        {
            var type = schemas[schema]!["properties"]![property]!["type"]!;
            type.ToJsonString().Should().Be("\"integer\"", $"{schema}.{property} is an integer");
        }
    }

    [Fact]
    public async Task Every_operation_is_named_summarised_described_and_lists_its_errors()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();

        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(o => (Route: $"{o.Key.ToUpperInvariant()} {p.Key}", Operation: o.Value!))).ToList();

        operations.Should().HaveCountGreaterThan(15);
        foreach (var (route, operation) in operations)
        {
            ((string?)operation["operationId"]).Should().NotBeNullOrEmpty(route);
            ((string?)operation["summary"]).Should().NotBeNullOrEmpty(route);
            ((string?)operation["description"]).Should().NotBeNullOrEmpty(route);
            operation["responses"]!.AsObject().Select(r => r.Key).Should().Contain(k => k.StartsWith('4'), $"{route} documents its client errors");
            foreach (var status in new[] { "429", "503" })
            {
                var response = operation["responses"]![status];
                response.Should().NotBeNull($"{route} documents {status}");
                response!["headers"]!["Retry-After"].Should().NotBeNull($"{route} documents {status}'s Retry-After");
                response["content"]!["application/problem+json"].Should().NotBeNull();
            }

            if (operation["requestBody"] is not null)
            {
                operation["responses"]!["413"].Should().NotBeNull($"{route} has a body, so it may be too large");
            }
        }

        paths["/feed"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Should().BeEquivalentTo("limit", "before", "after", "types");
        var limit = paths["/feed"]!["get"]!["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "limit")!["schema"]!;
        ((int)limit["default"]!, (int)limit["minimum"]!, (int)limit["maximum"]!).Should().Be((20, 1, 100));
    }

    [Fact]
    public async Task The_bearer_scheme_is_declared_and_marks_exactly_the_writes()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        var secured = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => (Route: $"{o.Key.ToUpperInvariant()} {p.Key}", Secured: o.Value!["security"] is not null)))
            .ToList();

        ((string)scheme["type"]!, (string)scheme["scheme"]!).Should().Be(("http", "bearer"));
        secured.Where(s => s.Secured).Select(s => s.Route).Should().OnlyContain(r => (!r.StartsWith("GET") || r == "GET /me") && !r.Contains("/auth/"));
        secured.Where(s => !s.Secured).Select(s => s.Route).Should().OnlyContain(r => r.StartsWith("GET") || r.Contains("/auth/"));
    }

    /// <summary>
    /// The whole document, keys sorted, equals the committed <c>openapi.v1.json</c>: a refactoring
    /// cannot change the contract by accident, and a deliberate change shows up in review as a diff
    /// of that file (regenerate it with <c>FEED_UPDATE_OPENAPI=1 dotnet test --filter OpenApi</c>).
    /// </summary>
    [Fact]
    public async Task The_document_equals_the_committed_contract()
    {
        var file = Repository.PathOf("Feed.Tests", "Hosting", "openapi.v1.json");

        var document = Sorted(await DocumentAsync())!.ToJsonString(new() { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("FEED_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(file, document, Cancel);
        }

        document.Should().Be(await File.ReadAllTextAsync(file, Cancel), "the contract changed: if on purpose, regenerate openapi.v1.json and review its diff");
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    [Fact]
    public async Task The_document_never_echoes_the_requests_Host()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "evil.example";

        var document = await ReadJsonAsync(await App.CreateClient().SendAsync(request, Cancel));

        document.ToJsonString().Should().NotContain("evil.example");
        document["servers"]!.AsArray().Select(s => (string)s!["url"]!).Should().Equal("/");
    }

    [Fact]
    public async Task Scalar_serves_its_page_from_local_assets_and_the_root_redirects_there()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var root = await client.GetAsync("/", Cancel);
        var page = await client.GetStringAsync("/scalar/", Cancel);

        root.StatusCode.Should().Be(System.Net.HttpStatusCode.Redirect);
        root.Headers.Location!.ToString().Should().Be("/scalar/");
        page.Should().Contain("scalar").And.NotContain("cdn.jsdelivr.net").And.NotContain("fonts.scalar.com");
    }
}
