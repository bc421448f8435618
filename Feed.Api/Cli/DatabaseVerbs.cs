using System.CommandLine;
using System.Data.Common;
using Feed.Api.Data;
using Feed.Api.Seeding;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Cli;

/// <summary>The verbs about the database itself: wait for it, migrate it, add a user, digest its content.</summary>
internal static class DatabaseVerbs
{
    public static Command WaitForDatabase(IServiceProvider services)
    {
        var timeout = FeedCommands.Number(
            "--timeout",
            "Give up after this many seconds.",
            60.0,
            v => v is > 0 and <= 86_400,
            "must be a number of seconds more than 0, at most 86400");
        var command = new Command(
            "wait-for-db",
            "Wait until the database accepts connections (before migrate, in compose); exit 1 on timeout.")
        {
            timeout,
        };
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
                    var seconds = clock.GetElapsedTime(started).TotalSeconds;
                    await output.WriteLineAsync($"The database answers ({db.Database.ProviderName}, after {seconds:N1} s).");
                    return 0;
                }
                catch (Exception e) when (e is DbException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
                {
                    var waited = clock.GetElapsedTime(started);
                    if (waited >= limit)
                    {
                        await parse.InvocationConfiguration.Error.WriteLineAsync(
                            $"The database did not answer within {limit.TotalSeconds:N0} s ({attempt} attempts): " +
                            e.GetBaseException().Message);
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
                        return FeedCommands.Interrupted;
                    }
                }
            }
        });
        return command;
    }

    public static Command Migrate(IServiceProvider services)
    {
        var command = new Command("migrate", "Apply the database migrations.");
        command.SetAction((parse, cancellationToken) => FeedCommands.WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            await FeedDatabase.MigrateAsync(db, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Database is up to date ({db.Database.ProviderName}).");
            return 0;
        }));
        return command;
    }

    public static Command CreateUser(IServiceProvider services)
    {
        var name = new Argument<string>("name") { Description = "The user's sign-in name." };
        var password = new Argument<string>("password") { Description = "The user's password." };
        var admin = new Option<bool>("--admin") { Description = "May delete any item." };
        var command = new Command("create-user", "Add a user who can sign in.") { name, password, admin };
        command.SetAction((parse, cancellationToken) => FeedCommands.WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            try
            {
                await FeedCommands.PrepareSchemaAsync(services, db, cancellationToken);
            }
            catch (Seeding.SeedRefusedException refused)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(refused.Message);
                return 1;
            }

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var hasher = services.GetRequiredService<IPasswordHasher<User>>();
            var made = await UserAccounts.CreateAsync(
                db,
                hasher,
                parse.GetRequiredValue(name),
                parse.GetRequiredValue(password),
                parse.GetValue(admin),
                now,
                cancellationToken);
            if (made.User is not { } user)
            {
                // The same rules as sign-up, in one line: a bad name, a password that could never sign in, a taken name.
                await parse.InvocationConfiguration.Error.WriteLineAsync(made.Field is null ? made.Error : $"{made.Field}: {made.Error}");
                return 1;
            }

            var role = user.IsAdmin ? " (admin)" : "";
            await parse.InvocationConfiguration.Output.WriteLineAsync($"Created user {user.Id} '{user.Name}'{role}.");
            return 0;
        }));
        return command;
    }

    public static Command Digest(IServiceProvider services)
    {
        var command = new Command("digest", "Print a SHA-256 of the feed's content: equal digests, equal feeds (on any engine).");
        command.SetAction((parse, cancellationToken) => FeedCommands.WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            var digest = await FeedDigest.ComputeAsync(db, cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync(digest);
            return 0;
        }));
        return command;
    }
}
