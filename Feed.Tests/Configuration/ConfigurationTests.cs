using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Feed.Api.Data;
using Feed.Api.Live;
using Feed.Api.Plumbing.Protection;
using Feed.Api.Users;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Configuration;

/// <summary>
/// Defaults live in one place: the options classes (and Kestrel's in Protection). appsettings.json
/// sets none of them, and the README's Configuration table says what the code does.
/// </summary>
public sealed partial class ConfigurationTests
{
    [Fact]
    public void Appsettings_sets_logging_only_not_the_defaults()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Repository.PathOf("Feed.Api", "appsettings.json")))!.AsObject();

        settings.Select(s => s.Key).Should().BeEquivalentTo("Logging", "AllowedHosts");
    }

    [Fact]
    public void Every_default_the_README_names_is_the_one_the_code_has()
    {
        var defaults = Defaults();
        var rows = ReadmeRow().Matches(File.ReadAllText(Repository.PathOf("README.md")));

        var compared = new List<string>();
        foreach (Match row in rows)
        {
            var keys = row.Groups["keys"].Value.Split(" / ").Select(k => k.Trim('`', ' ')).ToList();
            var cell = Parenthesised().Replace(row.Groups["defaults"].Value, "").Trim();
            var values = Backticked().Matches(cell).Select(m => m.Groups[1].Value).ToList();
            if (!OnlyValues().IsMatch(cell) || values.Count != keys.Count || !defaults.ContainsKey(keys[0].Split(':')[0]))
            {
                continue; // a default described in words ("`true` on SQLite, `false` on MySQL")
            }

            var section = keys[0][..keys[0].LastIndexOf(':')];
            for (var i = 0; i < keys.Count; i++)
            {
                var key = keys[i].Contains(':') ? keys[i] : $"{section}:{keys[i]}";
                Format(Resolve(defaults, key)).Should().Be(values[i], $"the README's default of {key}");
                compared.Add(key);
            }
        }

        compared.Should().Contain(
        [
            "Database:Provider", "Resilience:RetryAfter", "RateLimiting:User:TokenLimit", "Kestrel:Limits:MaxRequestBodySize",
            "Auth:AccessTokenLifetime", "Auth:RefreshTokenLifetime", "Auth:RefreshGrace", "Auth:MaxSessionsPerUser", "Auth:ClockSkew",
            "Connections:MaxPerAddress", "Changes:Retention", "Stream:PollInterval", "Stream:MaxPerAddress",
        ]);
    }

    /// <summary>The options as the app binds them from an empty configuration: nothing but the code's defaults.</summary>
    private static Dictionary<string, object> Defaults()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Configuration = new ConfigurationManager() });
        builder.AddFeedDatabase().AddFeedLive().AddFeedAuth().AddFeedProtection();
        using var services = builder.Services.BuildServiceProvider();
        return new Dictionary<string, object>
        {
            ["Database"] = services.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            ["Resilience"] = services.GetRequiredService<IOptions<ResilienceOptions>>().Value,
            ["RateLimiting"] = services.GetRequiredService<IOptions<RateLimitingOptions>>().Value,
            ["Auth"] = new AuthOptions(), // its factory validates: the signing key has no default, on purpose
            ["Kestrel"] = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value,
            ["Connections"] = services.GetRequiredService<IOptions<ConnectionOptions>>().Value,
            ["Changes"] = services.GetRequiredService<IOptions<ChangeLogOptions>>().Value,
            ["Stream"] = services.GetRequiredService<IOptions<StreamOptions>>().Value,
        };
    }

    private static object? Resolve(Dictionary<string, object> defaults, string key)
    {
        var parts = key.Split(':');
        object? value = defaults[parts[0]];
        foreach (var name in parts[1..])
        {
            value = value!.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!.GetValue(value);
        }

        return value;
    }

    private static string? Format(object? value) => value switch
    {
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString(),
    };

    [GeneratedRegex(@"^\| (?<keys>`[A-Za-z]+:[^|]+) \| (?<defaults>[^|]+) \|", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex("^`[^`]+`( / `[^`]+`)*$")]
    private static partial Regex OnlyValues();
}
