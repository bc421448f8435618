using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Feed.Tests.Infrastructure;

/// <summary>One extra route, <paramref name="path"/>, that throws with <paramref name="message"/> the way a bug would.</summary>
public sealed class FailingRoute(string path, string message) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Map(path, branch => branch.Run(_ => throw new InvalidOperationException(message)));
    };
}
