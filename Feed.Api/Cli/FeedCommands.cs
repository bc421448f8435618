using Feed.Api.Apis;
using Feed.Api.Data;
using Feed.Api.Data.Seeding;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;

namespace Feed.Api.Cli;

/// <summary>
/// The app is its own management tool: <c>dotnet run --project Feed.Api -- VERB …</c>.
/// A verb runs against the configured database and exits; without a verb the app serves.
/// </summary>
public static class FeedCommands
{
    private static readonly string[] Verbs = ["migrate", "create-user"];

    /// <summary>The arguments for the host's configuration: a verb's own arguments are not configuration.</summary>
    public static string[] HostArgs(string[] args) => args is [var verb, ..] && Verbs.Contains(verb) ? [] : args;

    /// <summary>Runs the verb in <paramref name="args"/>, if any; returns its exit code, or null to serve.</summary>
    public static async Task<int?> RunAsync(WebApplication app, string[] args)
    {
        if (args is not [var verb, .. var rest] || !Verbs.Contains(verb))
        {
            return null;
        }

        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<FeedDbContext>();
        var stopping = app.Lifetime.ApplicationStopping;
        switch (verb, rest)
        {
            case ("migrate", []):
                await FeedDatabase.MigrateAsync(db, stopping);
                Console.WriteLine($"Database is up to date ({db.Database.ProviderName}).");
                return 0;

            case ("create-user", [var name, var password, .. var flags]) when flags is [] or ["--admin"]:
                var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
                var user = await AuthApi.CreateUserAsync(db, services.GetRequiredService<IPasswordHasher<User>>(), name, password, flags is ["--admin"], now, stopping);
                if (user is null)
                {
                    await Console.Error.WriteLineAsync($"A user named '{name}' exists already.");
                    return 1;
                }

                Console.WriteLine($"Created user {user.Id} '{user.Name}'{(user.IsAdmin ? " (admin)" : "")}.");
                return 0;

            default:
                await Console.Error.WriteLineAsync(
                    """
                    Usage: dotnet run --project Feed.Api -- VERB
                      migrate                                 apply the database migrations
                      create-user NAME PASSWORD [--admin]     add a user who can sign in
                    """);
                return 2;
        }
    }

    /// <summary>Before serving: the embedded SQLite default migrates itself and gets demo data when empty.</summary>
    public static async Task PrepareDatabaseAsync(WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (!(options.MigrateOnStartup ?? options.Provider == DatabaseProvider.Sqlite))
        {
            return;
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        await FeedDatabase.MigrateAsync(db, app.Lifetime.ApplicationStopping);
        if (options.DemoData && options.Provider == DatabaseProvider.Sqlite)
        {
            await DemoData.SeedIfEmptyAsync(
                db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>(), scope.ServiceProvider.GetRequiredService<TimeProvider>(), app.Lifetime.ApplicationStopping);
        }
    }
}
