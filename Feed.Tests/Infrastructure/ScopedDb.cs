using Feed.Api.Data;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Infrastructure;

/// <summary>The app's own context in a scope of its own, for arranging and asserting.</summary>
public sealed class ScopedDb(IServiceScope scope) : IAsyncDisposable
{
    public FeedDbContext Context { get; } = scope.ServiceProvider.GetRequiredService<FeedDbContext>();

    public ValueTask DisposeAsync()
    {
        scope.Dispose();
        return ValueTask.CompletedTask;
    }
}
