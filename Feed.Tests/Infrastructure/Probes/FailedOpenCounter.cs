using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Infrastructure;

/// <summary>
/// Counts the attempts at a request's work that failed to reach the database: a connection EF
/// failed to open, or a command on a pooled connection the server had closed (pooled connections
/// are not checked when taken: MySqlPools.ForApiPool).
/// </summary>
public sealed class FailedOpenCounter : DbConnectionInterceptor, IDbCommandInterceptor
{
    private int _count;

    public int TakeCount() => Interlocked.Exchange(ref _count, 0);

    /// <summary>Adds the counter to an app's services, where EF finds it (and a test, to read it).</summary>
    public static void Register(IServiceCollection services) => services
        .AddSingleton<FailedOpenCounter>()
        .AddSingleton<IInterceptor>(provider => provider.GetRequiredService<FailedOpenCounter>());

    public override Task ConnectionFailedAsync(
        DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }

    public Task CommandFailedAsync(
        DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }
}
