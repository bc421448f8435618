using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Infrastructure;

/// <summary>
/// What a test app varies besides its engine: configuration, replaced services, the environment,
/// and whether Kestrel serves it. Immutable: each <c>With…</c> returns a new setup, so a shared
/// setup (a fixture's) is a value anyone can extend.
/// </summary>
public sealed record AppSetup
{
    public static AppSetup Default { get; } = new();

    /// <summary>The hosting environment (Testing unless asked).</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>Serve through Kestrel on a free port (its limits apply) rather than the in-memory test server.</summary>
    public bool RealServer { get; init; }

    /// <summary>Configuration; it wins over the test defaults (<see cref="FeedApp"/>).</summary>
    public ImmutableDictionary<string, string> Settings { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>Changes to the app's services, made after the app's own registrations.</summary>
    public ImmutableList<Action<IServiceCollection>> ServiceChanges { get; init; } = [];

    public AppSetup With(string key, string value) => this with { Settings = Settings.SetItem(key, value) };

    public AppSetup With(IEnumerable<KeyValuePair<string, string>> settings) =>
        this with { Settings = Settings.SetItems(settings) };

    /// <summary>A rate-limit bucket (RateLimiting:<paramref name="bucket"/>) of its own size and refill.</summary>
    public AppSetup WithRateLimit(string bucket, int tokenLimit, int tokensPerPeriod, string replenishmentPeriod) =>
        With($"RateLimiting:{bucket}:TokenLimit", $"{tokenLimit}")
            .With($"RateLimiting:{bucket}:TokensPerPeriod", $"{tokensPerPeriod}")
            .With($"RateLimiting:{bucket}:ReplenishmentPeriod", replenishmentPeriod);

    public AppSetup WithServices(Action<IServiceCollection> change) =>
        this with { ServiceChanges = ServiceChanges.Add(change) };

    public AppSetup OnKestrel() => this with { RealServer = true };

    public AppSetup In(string environment) => this with { Environment = environment };
}
