using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Feed.Tests.Plumbing.Observability;

public sealed class TelemetryTests_Sqlite() : TelemetryTests(Engine.Sqlite);

public sealed class TelemetryTests_MariaDb() : TelemetryTests(Engine.MariaDb)
{
    protected override bool DatabaseSpans => true;
}

/// <summary>OpenTelemetry over OTLP (http/protobuf) to a receiver of the test's own, and nothing without an endpoint.</summary>
public abstract class TelemetryTests(Engine engine)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>MySqlConnector traces its commands; SQLite's driver has no spans to give.</summary>
    protected virtual bool DatabaseSpans => false;

    [Fact]
    public async Task With_an_OTLP_endpoint_HTTP_and_database_traces_and_metrics_are_exported()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var exporting = AppSetup.Default
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint)
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        await using var app = await FeedApp.StartAsync(engine, exporting);
        var author = (await app.AddUsersAsync(1, seed: 45)).Single();
        var client = app.ClientFor(author);

        (await client.PostAsJsonAsync("/posts", new { title = "traced", body = "x" }, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.Created);
        (await client.GetAsync("/feed?limit=5", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
        string[] traceMarks = DatabaseSpans
            ? ["feed-api", "/feed", "/posts", "MySqlConnector", "db.system"]
            : ["feed-api", "/feed", "/posts"];
        string[] metricMarks = DatabaseSpans ? ["http.server.request.duration", "db.client."] : ["http.server.request.duration"];

        // A request's span and duration are recorded as its pipeline ends, which may be just after
        // the client has the response: flush until both arrive, for ten seconds at most.
        var (traces, metrics) = ("", "");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            app.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).Should().BeTrue();
            app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000).Should().BeTrue();
            (traces, metrics) = (receiver.Text("traces"), receiver.Text("metrics"));
            if (traceMarks.All(traces.Contains) && metricMarks.All(metrics.Contains))
            {
                break;
            }

            await Task.Delay(200, Cancel);
        }

        traceMarks.Where(mark => !traces.Contains(mark, StringComparison.Ordinal))
            .Should().BeEmpty("the traces carry HTTP spans (and MySqlConnector's on MySQL)");
        metricMarks.Where(mark => !metrics.Contains(mark, StringComparison.Ordinal))
            .Should().BeEmpty("the metrics carry HTTP (and database pool) instruments");
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_nothing_is_collected_or_exported()
    {
        await using var app = await FeedApp.StartAsync(engine);

        app.Services.GetService<TracerProvider>().Should().BeNull();
        app.Services.GetService<MeterProvider>().Should().BeNull();
    }

}
