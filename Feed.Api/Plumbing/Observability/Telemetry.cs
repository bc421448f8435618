using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Feed.Api.Plumbing.Observability;

/// <summary>
/// Logs: the console, as JSON outside Development (appsettings.json), each line with the
/// request's scope: RequestId, TraceId, SpanId, RequestPath. Traces and metrics: OpenTelemetry,
/// exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the other standard
/// <c>OTEL_*</c> variables), and neither collected nor exported when it is not.
/// </summary>
public static class Telemetry
{
    public const string ServiceName = "feed-api";

    /// <summary>The database spans and metrics: MySqlConnector's own (MySQL), EF Core's meter (both engines).</summary>
    private static readonly string[] DatabaseSources = ["MySqlConnector"];
    private static readonly string[] DatabaseMeters = ["MySqlConnector", "Microsoft.EntityFrameworkCore"];

    public static IHostApplicationBuilder AddFeedTelemetry(this IHostApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName)) // OTEL_SERVICE_NAME overrides
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddSource(DatabaseSources))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddMeter(DatabaseMeters)
                .AddMeter("Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Diagnostics"))
            .UseOtlpExporter();
        return builder;
    }
}
