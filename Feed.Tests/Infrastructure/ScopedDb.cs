using Feed.Api.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Infrastructure;

public sealed class ScopedDb(IServiceScope scope) : IAsyncDisposable
{
    public FeedDbContext Context { get; } = scope.ServiceProvider.GetRequiredService<FeedDbContext>();

    public ValueTask DisposeAsync()
    {
        scope.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed record VerbRun(int ExitCode, string Output, string Error);
