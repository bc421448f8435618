using System.Text.Json.Nodes;

namespace Feed.Tests.Docs;

/// <summary>
/// The rules that make the document list every answer the service gives (issue 25 point 2; scripts/fuzz.sh checks
/// the wire against it). The document does not depend on the engine: checked once, on SQLite.
/// </summary>
public sealed class OpenApiAnswersTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    private async Task<List<(string Route, JsonObject Operation)>> OperationsAsync()
    {
        var document = await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));
        return [.. document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Select(o => ($"{o.Key.ToUpperInvariant()} {p.Key}", o.Value!.AsObject())))];
    }

    private static IEnumerable<string> Statuses(JsonObject operation) => operation["responses"]!.AsObject().Select(r => r.Key);

    private static IEnumerable<string> Parameters(JsonObject operation, string where) =>
        (operation["parameters"]?.AsArray() ?? []).Where(p => (string)p!["in"]! == where).Select(p => (string)p!["name"]!);

    private static IEnumerable<string> Headers(JsonObject operation, string status) =>
        operation["responses"]![status]?["headers"]?.AsObject().Select(h => h.Key) ?? [];

    [Fact]
    public async Task Every_operation_but_sign_in_and_sign_up_lists_401_for_a_token_that_is_not_valid()
    {
        var operations = await OperationsAsync();

        foreach (var (route, operation) in operations.Where(o => !o.Route.Contains(" /auth/")))
        {
            Statuses(operation).Should().Contain("401", $"{route} refuses a malformed or expired bearer token, as every route does");
        }
    }

    [Fact]
    public async Task Every_operation_with_an_id_in_its_path_lists_404()
    {
        var operations = await OperationsAsync();

        foreach (var (route, operation) in operations.Where(o => Parameters(o.Operation, "path").Any()))
        {
            Statuses(operation).Should().Contain("404", $"{route}: an id that names nothing, or is not a number, is a 404");
        }
    }

    [Fact]
    public async Task Every_write_that_takes_an_Idempotency_Key_lists_400_for_a_bad_one_and_marks_its_replays()
    {
        var operations = await OperationsAsync();

        var keyed = operations.Where(o => Parameters(o.Operation, "header").Contains("Idempotency-Key")).ToList();
        keyed.Select(o => o.Route).Should().Contain(["PUT /feed/{id}/like", "DELETE /games/{id}/membership", "DELETE /feed/{id}",
            "DELETE /admin/seed-jobs/{id}", "PATCH /posts/{id}"]);
        foreach (var (route, operation) in keyed)
        {
            Statuses(operation).Should().Contain("400", $"{route} refuses a key that is not 1-255 visible ASCII characters");
            foreach (var success in Statuses(operation).Where(s => s.StartsWith('2')))
            {
                Headers(operation, success).Should().Contain("Idempotent-Replayed", $"{route} {success} may be a replay");
            }
        }
    }

    [Fact]
    public async Task Parameters_a_read_cannot_do_without_are_required()
    {
        var operations = (await OperationsAsync()).ToDictionary(o => o.Route, o => o.Operation);

        (string Route, string Parameter)[] required =
            [("GET /feed/items", "ids"), ("GET /feed/new-count", "after"), ("GET /users/{id}/items/new-count", "after")];
        foreach (var (route, name) in required)
        {
            var parameter = operations[route]["parameters"]!.AsArray().Single(p => (string)p!["name"]! == name)!;
            ((bool?)parameter["required"]).Should().BeTrue($"{route} answers 400 without {name}");
        }
    }

    [Fact]
    public async Task The_stream_has_no_ETag_or_304_and_reads_Last_Event_ID()
    {
        var stream = (await OperationsAsync()).Single(o => o.Route == "GET /feed/stream").Operation;

        Statuses(stream).Should().NotContain("304");
        Headers(stream, "200").Should().NotContain("ETag");
        Parameters(stream, "header").Should().Contain("Last-Event-ID").And.NotContain("If-None-Match");
    }

    [Fact]
    public async Task Edits_and_new_items_declare_the_ETag_they_answer_with()
    {
        var operations = await OperationsAsync();

        foreach (var (route, operation) in operations.Where(o => o.Route.StartsWith("PATCH ")))
        {
            Headers(operation, "200").Should().Contain("ETag", $"{route} answers the edited item's tag");
        }

        foreach (var kind in Feed.Domain.FeedKinds.All)
        {
            var create = operations.Single(o => o.Route == $"POST /{kind}s").Operation;
            Headers(create, "201").Should().Contain("ETag", $"a new {kind} can be edited with If-Match without reading it first");
        }
    }
}
