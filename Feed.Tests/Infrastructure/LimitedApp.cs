using Microsoft.AspNetCore.Hosting;

namespace Feed.Tests.Infrastructure;

/// <summary>The app with small rate limits (a burst of 5, one more a second) and one allowed web origin.</summary>
public sealed class LimitedApp : SqliteAppBase
{
    public const int Burst = 5;
    public const string WebOrigin = "https://app.example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var caller in new[] { "User", "Anonymous", "Docs" })
        {
            builder.UseSetting($"RateLimiting:{caller}:TokenLimit", $"{Burst}");
            builder.UseSetting($"RateLimiting:{caller}:TokensPerPeriod", "1");
            builder.UseSetting($"RateLimiting:{caller}:ReplenishmentPeriod", "00:00:01");
        }

        builder.UseSetting("Cors:AllowedOrigins:0", WebOrigin);
    }
}
