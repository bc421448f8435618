using System.Net;
using Microsoft.Extensions.Logging;

namespace Feed.Tests.Plumbing.Problems;

public sealed class ProductionTests(ProductionApp app) : FeedTest<ProductionApp>(app)
{
    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_without_exception_details()
    {
        var response = await App.CreateClient().GetAsync("/fail", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        body.Should().NotContain("SELECT").And.NotContain("Feed.Api").And.NotContain("InvalidOperationException").And.NotContain(" at ");
    }

    [Fact]
    public async Task The_error_log_of_a_failed_request_carries_its_request_id_and_trace_id()
    {
        var response = await App.CreateClient().GetAsync("/fail", Cancel);
        var traceId = (string?)(await ReadJsonAsync(response))["traceId"];

        traceId.Should().NotBeNullOrEmpty();
        var errors = App.Logs.Entries
            .Where(e => e.Level == LogLevel.Error
                && e.Scope.TryGetValue("TraceId", out var id)
                && traceId!.Contains($"{id}", StringComparison.Ordinal))
            .ToList();
        errors.Should().NotBeEmpty("the client's problem and the server's error log name the same trace");
        errors.Should().AllSatisfy(e =>
        {
            e.Scope["RequestPath"].Should().Be("/fail");
            ((string?)e.Scope["RequestId"]).Should().NotBeNullOrEmpty();
        });
    }

    [Fact]
    public async Task Bad_input_in_production_still_says_what_was_wrong()
    {
        var response = await App.CreateClient().GetAsync("/feed?limit=abc", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ((string?)(await ReadJsonAsync(response))["detail"]).Should().Contain("limit", Exactly.Once());
    }
}

/// <summary>
/// Secrets come from configuration only: the committed signing key is Development's, and nothing else
/// starts without one.
/// </summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task Outside_Development_the_service_refuses_to_start_without_a_signing_key()
    {
        await using var app = new FeedApp(Engine.Sqlite, ProductionApp.AsInProduction.With("Auth:SigningKey", ""));

        var start = () => app.InitializeAsync().AsTask();

        (await start.Should().ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>())
            .Which.Message.Should().Contain("SigningKey");
    }
}
