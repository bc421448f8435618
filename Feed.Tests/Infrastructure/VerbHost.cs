using Feed.Api.Cli;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;

namespace Feed.Tests.Infrastructure;

/// <summary>A management verb run as the command line runs it, on any database, without an app of the tests' own.</summary>
public static class VerbHost
{
    public static async Task<VerbRun> RunAsync(string provider, string connectionString, string? serverVersion, params string[] args)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Database:Provider"] = provider;
        builder.Configuration["ConnectionStrings:Feed"] = connectionString;
        if (serverVersion is not null)
        {
            builder.Configuration["Database:ServerVersion"] = serverVersion;
        }

        builder.AddFeedDatabase();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>(); // create-user's, as the app registers it
        using var host = builder.Build();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await FeedCommands.InvokeAsync(host.Services, args, output, error, TestContext.Current.CancellationToken);
        if (provider == nameof(DatabaseProvider.MySql))
        {
            MySqlConnection.ClearAllPools();
        }

        return new VerbRun(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>What a management verb said and how it ended.</summary>
public sealed record VerbRun(int ExitCode, string Output, string Error);
