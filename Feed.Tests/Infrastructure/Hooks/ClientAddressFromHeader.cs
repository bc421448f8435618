using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Infrastructure;

/// <summary>Sets the connection's remote address from <see cref="Header"/>, before anything else runs (per-address limits).</summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    /// <summary>The client address a request claims (test harness only).</summary>
    public const string Header = "X-Test-Client-Address";

    public static void Register(IServiceCollection services) =>
        services.AddSingleton<IStartupFilter>(new ClientAddressFromHeader());

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, following) =>
        {
            if (System.Net.IPAddress.TryParse(http.Request.Headers[Header], out var address))
            {
                http.Connection.RemoteIpAddress = address;
            }

            return following(http);
        });
        next(app);
    };
}
