using System.Text.Json.Nodes;

namespace Feed.Tests.Docs;

/// <summary>
/// Scalar's "Test Request" → "Send", nothing edited, must work for every operation. Scalar switches an
/// optional parameter on when it has an example or a default, unless the example is marked
/// <c>x-disabled</c>; it sends the request body's schema example. These read the document as it does.
/// </summary>
public sealed class FirstClickTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task A_first_click_sends_at_most_one_cursor_no_cursor_with_types_and_no_conditional_header()
    {
        var sent = await FirstClicksAsync();

        sent.Should().HaveCountGreaterThan(30);
        foreach (var (operation, names) in sent)
        {
            names.Should().NotContain(n => n == "If-None-Match" || n == "If-Match", $"{operation}: an old ETag answers 304 or 412");
            names.Count(n => n is "before" or "after").Should().BeLessThan(2, $"{operation}: a page takes one cursor");
            if (names.Contains("types"))
            {
                names.Should().NotContain(["before", "after"], $"{operation}: the example cursors belong to the unfiltered listing");
            }
        }
    }

    [Fact]
    public async Task No_write_sends_a_fixed_Idempotency_Key_but_every_write_shows_one()
    {
        var document = await DocumentAsync();

        var keys = Operations(document)
            .SelectMany(o => Parameters(o.Operation).Where(p => (string)p["name"]! == "Idempotency-Key").Select(p => (o.Name, p)))
            .ToList();

        keys.Should().HaveCountGreaterThan(10);
        foreach (var (name, key) in keys)
        {
            IsSent(key).Should().BeFalse($"{name}: a fixed key would replay the first answer to every later send");
            ((string?)key["examples"]?["draft"]?["value"]).Should()
                .NotBeNullOrEmpty($"{name}: the reader still sees what a key looks like");
        }
    }

    [Fact]
    public async Task No_request_example_destroys_data_and_a_seed_jobs_id_example_is_the_first_job()
    {
        var document = await DocumentAsync();
        var schemas = document["components"]!["schemas"]!;

        var seedJob = schemas["SeedJobRequest"]!["examples"]![0]!;
        var jobId = Parameters(document["paths"]!["/admin/seed-jobs/{id}"]!["delete"]!).Single(p => (string)p["name"]! == "id");

        ((bool?)seedJob["reset"] ?? false).Should().BeFalse("a reset deletes the feed");
        ((bool?)seedJob["force"] ?? false).Should().BeFalse("reset with force deletes every account, the sender's too");
        ((string?)seedJob["qaUser"]).Should().BeNull("a second send would find the QA name taken");
        ((long)jobId["example"]!).Should().Be(1, "the first job of an environment has id 1");
    }

    [Fact]
    public async Task Sign_up_s_example_name_is_new_at_every_send_from_Scalar_and_valid_as_it_stands()
    {
        var example = (await DocumentAsync())["components"]!["schemas"]!["RegisterRequest"]!["examples"]![0]!;

        var name = (string)example["name"]!;

        name.Should().Contain("{{$timestamp}}").And.Contain("{{$randomInt}}", "Scalar fills these in at every send");
        Feed.Domain.UserNames.TryNormalize(name, out _, out var error).Should().BeTrue(error);
    }

    private async Task<JsonObject> DocumentAsync() => await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));

    /// <summary>Each operation and the names of the parameters a first click sends.</summary>
    private async Task<List<(string Operation, List<string> Sent)>> FirstClicksAsync() =>
        [.. Operations(await DocumentAsync())
            .Select(o => (o.Name, Parameters(o.Operation).Where(IsSent).Select(p => (string)p["name"]!).ToList()))];

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from method in Methods
        where path.Value![method] is not null
        select ($"{method.ToUpperInvariant()} {path.Key}", path.Value![method]!);

    private static IEnumerable<JsonNode> Parameters(JsonNode operation) => operation["parameters"]?.AsArray().Select(p => p!) ?? [];

    /// <summary>Scalar's rule: required or in the path, or an example (or default) not marked <c>x-disabled</c>.</summary>
    private static bool IsSent(JsonNode parameter)
    {
        if ((bool?)parameter["required"] == true || (string?)parameter["in"] == "path")
        {
            return true;
        }

        var examples = parameter["examples"]?.AsObject().Select(e => e.Value!).ToList() ?? [];
        if (examples.Count > 0)
        {
            return examples.Any(e => (bool?)e["x-disabled"] != true);
        }

        return parameter["example"] is not null
            || parameter["schema"]?["default"] is not null
            || parameter["schema"]?["examples"] is not null;
    }
}
