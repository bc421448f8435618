using System.CommandLine;
using System.CommandLine.Parsing;
using System.Data.Common;
using System.Globalization;
using Feed.Api.Apis;
using Feed.Api.Data;
using Feed.Api.Data.Seeding;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>Runs the verb in <paramref name="args"/>, if any; returns its exit code, or null to serve.</summary>
    public static async Task<int?> RunAsync(WebApplication app, string[] args)
    {
        if (!IsVerb(args))
        {
            return null;
        }

        // Ctrl+C and SIGTERM cancel the verb's token, so an interrupted seed rolls back and says so.
        return await InvokeAsync(app.Services, args, Console.Out, Console.Error, terminal: !Console.IsOutputRedirected, TimeSpan.FromSeconds(30), CancellationToken.None);
    }

    /// <summary>Runs a verb with the app's services, writing plain lines (no progress bar) and leaving signals to the caller.</summary>
    public static Task<int> InvokeAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        InvokeAsync(services, args, output, error, terminal: false, processTerminationTimeout: null, cancellationToken);

    private static Task<int> InvokeAsync(
        IServiceProvider services, string[] args, TextWriter output, TextWriter error, bool terminal, TimeSpan? processTerminationTimeout, CancellationToken cancellationToken)
    {
        var root = new RootCommand("Feed management verbs. Without a verb, the app serves HTTP.")
        {
            WaitForDatabase(services), Migrate(services), CreateUser(services), Seed(services, terminal), Digest(services),
        };

        return root.Parse(args).InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = processTerminationTimeout },
            cancellationToken);
    }

    private static Command WaitForDatabase(IServiceProvider services)
    {
        var timeout = Number("--timeout", "Give up after this many seconds.", 60.0, v => v is > 0 and <= 86_400, "must be a number of seconds more than 0, at most 86400");
        var command = new Command("wait-for-db", "Wait until the database accepts connections (before migrate, in compose); exit 1 on timeout.") { timeout };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var limit = TimeSpan.FromSeconds(parse.GetValue(timeout));
            var clock = services.GetRequiredService<TimeProvider>();
            var started = clock.GetTimestamp();
            for (var attempt = 1; ; attempt++)
            {
                using var scope = services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
                try
                {
                    await db.Database.OpenConnectionAsync(cancellationToken);
                    await db.Database.CloseConnectionAsync();
                    await output.WriteLineAsync($"The database answers ({db.Database.ProviderName}, after {clock.GetElapsedTime(started).TotalSeconds:N1} s).");
                    return 0;
                }
                catch (Exception e) when (e is DbException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    var waited = clock.GetElapsedTime(started);
                    if (waited >= limit)
                    {
                        await parse.InvocationConfiguration.Error.WriteLineAsync(
                            $"The database did not answer within {limit.TotalSeconds:N0} s ({attempt} attempts): {e.GetBaseException().Message}");
                        return 1;
                    }

                    if (attempt == 1)
                    {
                        await output.WriteLineAsync($"Waiting for the database ({e.GetBaseException().Message})");
                    }

                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), clock, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        await parse.InvocationConfiguration.Error.WriteLineAsync("Interrupted while waiting for the database.");
                        return Interrupted;
                    }
                }
            }
        });
        return command;
    }

    private static Command Migrate(IServiceProvider services)
    {
        var command = new Command("migrate", "Apply the database migrations.");
        command.SetAction((parse, cancellationToken) => WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            await FeedDatabase.MigrateAsync(db, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Database is up to date ({db.Database.ProviderName}).");
            return 0;
        }));
        return command;
    }

    private static Command CreateUser(IServiceProvider services)
    {
        var name = new Argument<string>("name") { Description = "The user's sign-in name." };
        var password = new Argument<string>("password") { Description = "The user's password." };
        var admin = new Option<bool>("--admin") { Description = "May delete any item." };
        var command = new Command("create-user", "Add a user who can sign in.") { name, password, admin };
        command.SetAction((parse, cancellationToken) => WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var hasher = services.GetRequiredService<IPasswordHasher<User>>();
            var user = await AuthApi.CreateUserAsync(db, hasher, parse.GetRequiredValue(name), parse.GetRequiredValue(password), parse.GetValue(admin), now, cancellationToken);
            if (user is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"A user named '{parse.GetValue(name)}' exists already.");
                return 1;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"Created user {user.Id} '{user.Name}'{(user.IsAdmin ? " (admin)" : "")}.");
            return 0;
        }));
        return command;
    }

    private static Command Seed(IServiceProvider services, bool terminal)
    {
        var defaults = new SeedOptions();
        var items = Number("--items", "How many feed items to make.", defaults.Items, v => v >= 0, "must be a whole number, at least 0");
        var seed = Number("--seed", "The random seed: the same seed and options give the same feed.", defaults.Seed, _ => true, "must be a whole number");
        var users = Number("--users", "How many users write, like and join.", defaults.Users, v => v >= 1, "must be a whole number, at least 1");
        var mix = new Option<KindMix>("--mix")
        {
            Description = "The shares of post, game and team, e.g. 50,30,20.",
            DefaultValueFactory = _ => defaults.Mix,
            CustomParser = ParseMix,
        };
        var likes = Number("--likes", "The mean number of likes per item (skewed: most few, some many).", defaults.LikesPerItem, v => v is >= 0 and <= 10_000, "must be a number from 0 to 10000");
        var members = Number("--members", "The mean number of members per game or team.", defaults.MembersPerItem, v => v is >= 0 and <= 10_000, "must be a number from 0 to 10000");
        var days = Number("--days", "How many days the items span, about.", defaults.Span.TotalDays, v => v is > 0 and <= 36_500, "must be a number more than 0, at most 36500");
        var until = new Option<DateTime>("--until")
        {
            Description = $"The newest item's time, UTC (ISO 8601), or 'now'. Default {SeedOptions.DefaultUntil:yyyy-MM-ddTHH:mm:ssZ}, so that a seed means one feed.",
            DefaultValueFactory = _ => SeedOptions.DefaultUntil,
            CustomParser = r => ParseUntil(r, services.GetRequiredService<TimeProvider>()),
        };
        var locale = new Option<string>("--locale") { Description = "The Bogus locale of names and texts: en, ko, de, fr, ja, ...", DefaultValueFactory = _ => defaults.Locale };
        locale.Validators.Add(r =>
        {
            if (!Bogus.Database.LocaleResourceExists(r.GetValueOrDefault<string>() ?? ""))
            {
                r.AddError($"--locale must be one of: {string.Join(", ", Bogus.Database.GetAllLocales())}.");
            }
        });
        var reset = new Option<bool>("--reset") { Description = "Delete the feed (items, likes, memberships, users) first, in the same transaction." };
        var force = new Option<bool>("--force") { Description = "Allow --reset to delete users who can sign in." };

        var command = new Command("seed", "Fill the database with a realistic fake feed, reproducible from --seed.")
        {
            items, seed, users, mix, likes, members, days, until, locale, reset, force,
        };
        command.SetAction((parse, cancellationToken) => WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            var options = new SeedOptions
            {
                Items = parse.GetValue(items),
                Seed = parse.GetValue(seed),
                Users = parse.GetValue(users),
                Mix = parse.GetRequiredValue(mix),
                LikesPerItem = parse.GetValue(likes),
                MembersPerItem = parse.GetValue(members),
                Span = TimeSpan.FromDays(parse.GetValue(days)),
                Until = parse.GetValue(until),
                Locale = parse.GetRequiredValue(locale),
                Reset = parse.GetValue(reset),
                Force = parse.GetValue(force),
            };
            var output = parse.InvocationConfiguration.Output;
            try
            {
                await PrepareSchemaAsync(services, db, cancellationToken);
                var result = await SeedProgressDisplay.RunAsync(output, terminal, options.Items, progress => FeedSeeder.SeedAsync(db, options, progress, cancellationToken));
                await output.WriteLineAsync(
                    $"Seeded {result.Items:N0} items, {result.Users:N0} users, {result.Likes:N0} likes and {result.Memberships:N0} memberships " +
                    $"({result.Rows:N0} rows) in {result.Elapsed.TotalSeconds:N1} s: {result.RowsPerSecond:N0} rows/s.");
                return 0;
            }
            catch (SeedRefusedException refused)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(refused.Message);
                return 1;
            }
        }));
        return command;
    }

    private static Command Digest(IServiceProvider services)
    {
        var command = new Command("digest", "Print a SHA-256 of the feed's content: equal digests, equal feeds (on any engine).");
        command.SetAction((parse, cancellationToken) => WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            var digest = await FeedDigest.ComputeAsync(db, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"sha256:{digest}");
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Runs <paramref name="action"/> with a context; an unreachable database or an interruption
    /// is one clear line on stderr and an exit code, not a stack trace.
    /// </summary>
    private static async Task<int> WithDatabaseAsync(IServiceProvider services, ParseResult parse, CancellationToken cancellationToken, Func<FeedDbContext, Task<int>> action)
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

    /// <summary>Seeding needs the current schema: applied here where the app migrates itself (SQLite), demanded otherwise.</summary>
    private static async Task PrepareSchemaAsync(IServiceProvider services, FeedDbContext db, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<DatabaseOptions>();
        if (options.MigrateOnStartup ?? options.Provider == DatabaseProvider.Sqlite)
        {
            await FeedDatabase.MigrateAsync(db, cancellationToken);
        }
        else if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            throw new SeedRefusedException("The database's schema is not up to date: run the migrate verb first.");
        }
    }

    /// <summary>A number option that says what it takes, and what it got, when the value is not one.</summary>
    private static Option<T> Number<T>(string name, string description, T defaultValue, Func<T, bool> valid, string rule)
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

    private static KindMix? ParseMix(ArgumentResult result)
    {
        var parts = result.Tokens.Count == 1 ? result.Tokens[0].Value.Split(',') : [];
        var shares = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1).ToArray();
        if (shares is not [>= 0, >= 0, >= 0] || shares.Sum() <= 0)
        {
            result.AddError("--mix takes three shares, post,game,team, none negative and not all zero: e.g. 50,30,20.");
            return null;
        }

        return new KindMix(shares[0], shares[1], shares[2]);
    }

    private static DateTime ParseUntil(ArgumentResult result, TimeProvider clock)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (text == "now")
        {
            return clock.GetUtcNow().UtcDateTime;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var until))
        {
            return until;
        }

        result.AddError("--until takes a UTC time such as 2026-01-01T00:00:00Z, or 'now'.");
        return default;
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
