using Feed.Api.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Feed.Api.Plumbing.Observability;

/// <summary>
/// <c>/health/live</c>: the process answers (no dependency checked, so a database outage never
/// restarts it). <c>/health/ready</c>: the database answers, has every migration applied and, on a
/// Galera node, is synced with its cluster; 503 otherwise. Probes are not rate limited (an
/// orchestrator must not see a busy service as a dead one), so they cannot be allowed to load the
/// database: readiness is answered from a recent result (<see cref="HealthOptions.ReadyResultFor"/>),
/// and one check at a time runs for all the probes that wait on it.
/// </summary>
public static class Health
{
    private const string Ready = "ready", ReadyPart = "ready-part";

    public static IHostApplicationBuilder AddFeedHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section);
        builder.Services.AddSingleton<RecentReadiness>();
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<FeedDbContext>("database", tags: [ReadyPart])
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyPart])
            .AddCheck<GaleraHealthCheck>("galera", tags: [ReadyPart])
            .AddCheck<RecentReadiness>(Ready, tags: [Ready]);
        return builder;
    }

    public static WebApplication MapFeedHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) })
            .DisableRateLimiting();
        return app;
    }

    /// <summary>
    /// The readiness checks' last result while it is recent: the checks run at most once per
    /// <see cref="HealthOptions.ReadyResultFor"/>, never twice at once, whatever the number of probes.
    /// </summary>
    private sealed class RecentReadiness(HealthCheckService checks, TimeProvider clock, IOptions<HealthOptions> options) : IHealthCheck
    {
        private readonly Lock _lock = new();
        private Task<HealthReport>? _last;
        private long _startedAt;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Task<HealthReport> report;
            lock (_lock)
            {
                if (_last is null || (_last.IsCompleted && clock.GetElapsedTime(_startedAt) >= options.Value.ReadyResultFor))
                {
                    _startedAt = clock.GetTimestamp();
                    // Not cancelled with the probe that started it: every waiting probe shares it.
                    _last = checks.CheckHealthAsync(check => check.Tags.Contains(ReadyPart), CancellationToken.None);
                }

                report = _last;
            }

            var result = await report.WaitAsync(cancellationToken);
            var failed = result.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).ToList();
            return new HealthCheckResult(
                result.Status,
                string.Join(" ", failed.Select(e => e.Description)),
                failed.Select(e => e.Exception).FirstOrDefault(e => e is not null));
        }
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

    /// <summary>
    /// On MariaDB with Galera (<c>@@wsrep_on</c>): the node this instance's connection reaches must be
    /// ready and synced (<c>wsrep_ready</c> ON, <c>wsrep_local_state</c> 4); a joining, donor or
    /// desynced node serves stale or no data, so the instance is not ready. Nothing to check elsewhere.
    /// </summary>
    private sealed class GaleraHealthCheck(FeedDbContext db, IOptions<DatabaseOptions> options) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var mariaDb = options.Value.Provider == DatabaseProvider.MySql
                && options.Value.ServerVersion.Contains("mariadb", StringComparison.OrdinalIgnoreCase);
            if (!mariaDb)
            {
                return HealthCheckResult.Healthy();
            }

            var node = await db.Database.SqlQueryRaw<GaleraState>(
                "SELECT (SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'WSREP_ON') AS `On`, " +
                "(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'WSREP_READY') AS `Ready`, " +
                "(SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS " +
                "WHERE VARIABLE_NAME = 'WSREP_LOCAL_STATE_COMMENT') AS `State`")
                .SingleAsync(cancellationToken);
            return node.On != "ON" || (node.Ready == "ON" && node.State == "Synced") // no Galera (or a build without it): nothing to check
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy(
                    $"The Galera node is not synced (wsrep_ready {node.Ready ?? "?"}, state {node.State ?? "?"}).");
        }
    }

    private sealed record GaleraState(string? On, string? Ready, string? State);
}

/// <summary>The <c>Health</c> section.</summary>
public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>How long a readiness result answers probes before the checks run again.</summary>
    public TimeSpan ReadyResultFor { get; set; } = TimeSpan.FromSeconds(1);
}
