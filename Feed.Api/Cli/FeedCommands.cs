using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Feed.Api.Data;
using Feed.Api.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Cli;

/// <summary>
/// The app is its own management tool: <c>dotnet run --project Feed.Api -- VERB …</c>.
/// A verb runs against the configured database and exits; without a verb the app serves.
/// </summary>
public static class FeedCommands
{
    private static readonly string[] Verbs = ["wait-for-db", "migrate", "create-user", "seed", "digest"];

    /// <summary>Exit code of a run stopped by Ctrl+C or SIGTERM (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>The arguments for the host's configuration: a verb's own arguments are not configuration.</summary>
    public static string[] HostArgs(string[] args) => IsVerb(args) ? [] : args;

    public static bool IsVerb(string[] args) => args is [var verb, ..] && Verbs.Contains(verb);

    /// <summary>A verb says in one line why the database failed; EF's connection error log would repeat it per attempt.</summary>
    public static IHostApplicationBuilder AddFeedCommands(this IHostApplicationBuilder builder, string[] args)
    {
        if (IsVerb(args))
        {
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.None);
        }

        return builder;
    }

    /// <summary>Runs the verb in <paramref name="args"/>, if any; returns its exit code, or null to serve.</summary>
    public static async Task<int?> RunAsync(WebApplication app, string[] args)
    {
        if (!IsVerb(args))
        {
            return null;
        }

        // Ctrl+C and SIGTERM cancel the verb's token, so an interrupted seed rolls back and says so.
        return await InvokeAsync(
            app.Services,
            args,
            Console.Out,
            Console.Error,
            terminal: !Console.IsOutputRedirected,
            TimeSpan.FromSeconds(30),
            CancellationToken.None);
    }

    /// <summary>Runs a verb with the app's services, writing plain lines (no progress bar) and leaving signals to the caller.</summary>
    public static Task<int> InvokeAsync(
        IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        InvokeAsync(services, args, output, error, terminal: false, processTerminationTimeout: null, cancellationToken);

    private static Task<int> InvokeAsync(
        IServiceProvider services,
        string[] args,
        TextWriter output,
        TextWriter error,
        bool terminal,
        TimeSpan? processTerminationTimeout,
        CancellationToken cancellationToken)
    {
        var root = new RootCommand("Feed management verbs. Without a verb, the app serves HTTP.")
        {
            DatabaseVerbs.WaitForDatabase(services),
            DatabaseVerbs.Migrate(services),
            DatabaseVerbs.CreateUser(services),
            SeedVerb.Seed(services, terminal),
            DatabaseVerbs.Digest(services),
        };

        return root.Parse(args).InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = processTerminationTimeout },
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="action"/> with a context; an unreachable database or an interruption
    /// is one clear line on stderr and an exit code, not a stack trace.
    /// </summary>
    internal static async Task<int> WithDatabaseAsync(
        IServiceProvider services, ParseResult parse, CancellationToken cancellationToken, Func<FeedDbContext, Task<int>> action)
    {
        var error = parse.InvocationConfiguration.Error;
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        try
        {
            return await action(db);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Interrupted: nothing was written (the transaction was rolled back).");
            return Interrupted;
        }
        catch (DbException e)
        {
            await error.WriteLineAsync($"The database failed ({db.Database.ProviderName}): {e.Message} Nothing was written.");
            return 1;
        }
        catch (InvalidOperationException e) when (e.InnerException is DbException inner)
        {
            await error.WriteLineAsync($"The database failed ({db.Database.ProviderName}): {inner.Message} Nothing was written.");
            return 1;
        }
    }

    /// <summary>
    /// A verb that writes needs the current schema: applied here where the app migrates itself (SQLite,
    /// so that seed or create-user work before the service first started), demanded otherwise.
    /// </summary>
    internal static async Task PrepareSchemaAsync(IServiceProvider services, FeedDbContext db, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigratesItself)
        {
            await FeedDatabase.MigrateAsync(db, cancellationToken);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            throw new SeedRefusedException("The database's schema is not up to date: run the migrate verb first.");
        }
    }

    /// <summary>A number option that says what it takes, and what it got, when the value is not one.</summary>
    internal static Option<T> Number<T>(string name, string description, T defaultValue, Func<T, bool> valid, string rule)
        where T : struct, IParsable<T> => new(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
                if (T.TryParse(text, CultureInfo.InvariantCulture, out var value) && valid(value))
                {
                    return value;
                }

                result.AddError($"{name} {rule}; got '{text}'.");
                return defaultValue;
            },
        };
}
