using Feed.Api.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Feed.Api.Hosting;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency checked, so a database outage never
/// restarts it). <c>/health/ready</c>: the database answers and has every migration applied; 503 otherwise.
/// </summary>
public static class Health
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddFeedHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<FeedDbContext>("database", tags: [Ready])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [Ready]);
        return builder;
    }

    public static WebApplication MapFeedHealth(this WebApplication app)
    {
        // Probes are never rate limited: an orchestrator must not see a busy service as a dead one.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) }).DisableRateLimiting();
        return app;
    }

    private sealed class MigrationsHealthCheck(FeedDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied: run the migrate verb.");
        }
    }
}
