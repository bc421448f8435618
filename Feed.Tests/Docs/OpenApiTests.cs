using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Docs;

/// <summary>The document does not depend on the engine: checked once, on SQLite.</summary>
public sealed class OpenApiTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    private async Task<JsonObject> DocumentAsync() => await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));

    [Fact]
    public async Task Every_operation_is_named_summarised_described_and_lists_its_errors()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();

        var operations = paths
            .SelectMany(p => p.Value!.AsObject().Select(o => (Route: $"{o.Key.ToUpperInvariant()} {p.Key}", Operation: o.Value!)))
            .ToList();

        operations.Should().HaveCountGreaterThan(15);
        foreach (var (route, operation) in operations)
        {
            ((string?)operation["operationId"]).Should().NotBeNullOrEmpty(route);
            ((string?)operation["summary"]).Should().NotBeNullOrEmpty(route);
            ((string?)operation["description"]).Should().NotBeNullOrEmpty(route);
            operation["responses"]!.AsObject().Select(r => r.Key).Should()
                .Contain(k => k.StartsWith('4'), $"{route} documents its client errors");
            foreach (var status in new[] { "429", "503" })
            {
                var response = operation["responses"]![status];
                response.Should().NotBeNull($"{route} documents {status}");
                ((string?)response!["headers"]!["Retry-After"]!["$ref"]).Should()
                    .Be("#/components/headers/Retry-After", $"{route} documents {status}'s Retry-After");
                response["content"]!["application/problem+json"].Should().NotBeNull();
            }

            if (operation["requestBody"] is not null)
            {
                operation["responses"]!["413"].Should().NotBeNull($"{route} has a body, so it may be too large");
            }
        }

        paths["/feed"]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Should()
            .BeEquivalentTo("limit", "before", "after", "types", "If-None-Match");
        var limit = paths["/feed"]!["get"]!["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "limit")!["schema"]!;
        ((int)limit["default"]!, (int)limit["minimum"]!, (int)limit["maximum"]!).Should().Be((20, 1, 100));
    }

    [Fact]
    public async Task Writes_require_a_token_item_reads_take_one_optionally_and_the_rest_none()
    {
        var document = await DocumentAsync();

        var scheme = document["components"]!["securitySchemes"]!["Bearer"]!;
        var security = document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject()
                .Select(o => (Route: $"{o.Key.ToUpperInvariant()} {p.Key}", Security: o.Value!["security"]!.ToJsonString())))
            .ToDictionary(s => s.Route, s => s.Security);

        ((string)scheme["type"]!, (string)scheme["scheme"]!).Should().Be(("http", "bearer"));
        const string required = """[{"Bearer":[]}]""", optional = """[{},{"Bearer":[]}]""", none = "[]";
        foreach (var (route, declared) in security)
        {
            var expected = route switch
            {
                "POST /auth/logout" => required, // it ends the bearer token's session
                _ when route.Contains("/auth/") => none,
                _ when route == "GET /me" || route.StartsWith("GET /me/") => required,
                _ when route.StartsWith("GET /home") => required,
                "GET /users/{id}" => optional, // followedByMe
                _ when route.StartsWith("GET /media/files/") => none, // public files, from the store alone
                _ when route.StartsWith("GET /admin/") => required,
                _ when !route.StartsWith("GET") => required,
                "GET /users/{id}/items" => optional,
                _ when route.EndsWith("/members") || route.EndsWith("/likes") || route.EndsWith("/new-count")
                    || route.EndsWith("/stream") || route.StartsWith("GET /users/") => none,
                _ => optional, // items: a token adds likedByMe / joinedByMe
            };
            declared.Should().Be(expected, route);
        }

        security.Values.Should().Contain(optional).And.Contain(required).And.Contain(none);
    }

    /// <summary>
    /// The whole document, keys sorted, equals the committed <c>openapi.v1.json</c>: a refactoring
    /// cannot change the contract by accident, and a deliberate change shows up in review as a diff
    /// of that file (regenerate it with <c>FEED_UPDATE_OPENAPI=1 dotnet test --filter OpenApi</c>).
    /// </summary>
    [Fact]
    public async Task The_document_equals_the_committed_contract()
    {
        var file = Repository.PathOf("Feed.Tests", "Docs", "openapi.v1.json");

        var document = Sorted(await DocumentAsync())!.ToJsonString(new() { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("FEED_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(file, document, Cancel);
        }

        document.Should().Be(
            await File.ReadAllTextAsync(file, Cancel),
            "the contract changed: if on purpose, regenerate openapi.v1.json and review its diff");
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(
            o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
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

    [Fact]
    public async Task Scalar_shows_no_developer_tools_AI_or_MCP_and_its_script_is_cached_for_a_day()
    {
        var client = App.CreateClient();

        var page = await client.GetStringAsync("/scalar/", Cancel);
        var script = await client.GetAsync("/scalar/scalar.js", Cancel);

        page.Should().Contain("\"showDeveloperTools\":\"never\"")
            .And.Contain("\"agent\":{\"disabled\":true}")
            .And.Contain("\"mcp\":{\"disabled\":true}");
        page.Should().Contain("\"hideClientButton\":true").And.NotContain("\"_integration\":\"dotnet\"");
        script.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        script.Headers.CacheControl!.Public.Should().BeTrue();
        script.Headers.CacheControl.MaxAge.Should().Be(TimeSpan.FromDays(1));
        script.Headers.ETag.Should().NotBeNull("after a day it is revalidated, not downloaded again");
    }

    [Fact]
    public async Task The_document_is_served_from_memory_with_an_ETag_and_304_on_If_None_Match()
    {
        var client = App.CreateClient();

        var first = await client.GetAsync("/openapi/v1.json", Cancel);
        var second = await client.GetAsync("/openapi/v1.json", Cancel);
        var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var revalidated = await client.SendAsync(request, Cancel);

        first.Headers.ETag!.IsWeak.Should().BeTrue("the same document whatever content coding carries it");
        second.Headers.ETag.Should().Be(first.Headers.ETag);
        (await second.Content.ReadAsByteArrayAsync(Cancel)).Should().Equal(await first.Content.ReadAsByteArrayAsync(Cancel));
        revalidated.StatusCode.Should().Be(System.Net.HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task The_document_is_generated_once_per_process()
    {
        var generated = 0;
        await using var counted = App.WithWebHostBuilder(b => b.ConfigureServices(services =>
            services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddDocumentTransformer((_, _, _) =>
            {
                Interlocked.Increment(ref generated);
                return Task.CompletedTask;
            }))));
        var client = counted.CreateClient();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.GetStringAsync("/openapi/v1.json", Cancel)));
        await client.GetStringAsync("/openapi/v1.json", Cancel);

        generated.Should().Be(1);
    }

    [Fact]
    public async Task Types_is_a_comma_separated_array_of_the_kind_names()
    {
        var types = (await DocumentAsync())["paths"]!["/feed"]!["get"]!["parameters"]!.AsArray()
            .Single(p => (string)p!["name"]! == "types")!;

        ((string?)types["style"] ?? "form").Should().Be("form", "form is a query parameter's default style");
        ((bool?)types["explode"]).Should().BeFalse("types=game,team, not types=game&types=team");
        ((string?)types["schema"]!["type"]).Should().Be("array");
        types["schema"]!["items"]!["enum"]!.AsArray().Select(v => (string)v!).Should().Equal(Feed.Domain.FeedKinds.All);
    }

    [Fact]
    public async Task Every_schema_has_an_example_and_problems_have_traceId_and_errors()
    {
        var schemas = (await DocumentAsync())["components"]!["schemas"]!.AsObject();

        schemas.Where(s => s.Value!["examples"] is not JsonArray { Count: > 0 }).Select(s => s.Key).Should().BeEmpty();
        schemas["ProblemDetails"]!["properties"]!["traceId"].Should().NotBeNull();
        schemas["HttpValidationProblemDetails"]!["properties"]!["errors"].Should().NotBeNull();
        schemas["HttpValidationProblemDetails"]!["required"]!.AsArray().Select(r => (string)r!).Should().Contain(["errors", "traceId"]);
    }

    [Fact]
    public async Task The_example_pages_cursors_are_ones_the_API_accepts()
    {
        var example = (await DocumentAsync())["components"]!["schemas"]!["FeedPageOfFeedItemResponse"]!["examples"]![0]!;
        var client = App.CreateClient();

        var older = await client.GetAsync($"/feed?before={(string)example["nextCursor"]!}", Cancel);
        var newer = await client.GetAsync($"/feed?after={(string)example["refreshCursor"]!}", Cancel);

        older.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        newer.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        example["items"]!.AsArray().Select(i => (string)i!["type"]!).Should()
            .Equal(Feed.Domain.FeedKinds.All, "the newest example of each kind");
        ((bool)example["hasNewer"]!).Should().BeFalse("a first page has nothing newer");
    }

    [Fact]
    public async Task Every_listings_cursor_examples_are_accepted_by_that_listing()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var client = App.CreateClient();

        var checkedRoutes = 0;
        foreach (var (path, item) in paths)
        {
            foreach (var parameter in item!["get"]?["parameters"]?.AsArray() ?? [])
            {
                var shown = parameter!["example"] ?? parameter["examples"]?["draft"]?["value"]; // switched off where both exist
                if ((string)parameter["name"]! is "before" or "after" && shown is { } example)
                {
                    var id = path.StartsWith("/users") ? "7"
                        : path.StartsWith("/comments") ? "5001"
                        : path.StartsWith("/teams") ? "1039"
                        : path.StartsWith("/games") ? "1041"
                        : "1042";
                    var response = await client.GetAsync($"{path.Replace("{id}", id)}?{parameter["name"]}={example}", Cancel);
                    ((int)response.StatusCode).Should().NotBe(400, $"{path}'s {parameter["name"]} example is a cursor of that listing");
                    checkedRoutes++;
                }
            }
        }

        checkedRoutes.Should().BeGreaterThanOrEqualTo(16);
    }
}
