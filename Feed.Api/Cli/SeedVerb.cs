using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Feed.Api.Seeding;
using Feed.Api.Seeding.Content;
using Feed.Api.SeedJobs;

namespace Feed.Api.Cli;

/// <summary>QA's <c>seed</c> verb: a realistic fake feed of any size, reproducible from its options.</summary>
internal static class SeedVerb
{
    public static Command Seed(IServiceProvider services, bool terminal)
    {
        var defaults = new SeedOptions();
        var items = FeedCommands.Number(
            "--items", "How many feed items to make.", defaults.Items, v => v >= 0, "must be a whole number, at least 0");
        var seed = FeedCommands.Number(
            "--seed", "The random seed: the same seed and options give the same feed.", defaults.Seed, _ => true, "must be a whole number");
        var users = FeedCommands.Number(
            "--users", "How many users write, like and join.", defaults.Users, v => v >= 1, "must be a whole number, at least 1");
        var mix = new Option<KindMix>("--mix")
        {
            Description = $"The share of each kind, e.g. {KindMix.Default} (or the shares alone, in that order).",
            DefaultValueFactory = _ => defaults.Mix,
            CustomParser = ParseMix,
        };
        var likes = FeedCommands.Number(
            "--likes",
            "The mean number of likes per item (skewed: most few, some many).",
            defaults.LikesPerItem,
            v => v is >= 0 and <= 10_000,
            "must be a number from 0 to 10000");
        var members = FeedCommands.Number(
            "--members",
            "The mean number of members per game or team.",
            defaults.MembersPerItem,
            v => v is >= 0 and <= 10_000,
            "must be a number from 0 to 10000");
        var comments = FeedCommands.Number(
            "--comments",
            "The mean number of comments per item, replies included (skewed like the likes: with 1, about half the items have none, " +
            "some a long conversation, where about 30 % of the comments after the first are replies). 0: none.",
            defaults.CommentsPerItem,
            v => v is >= 0 and <= 1_000,
            "must be a number from 0 to 1000");
        var days = FeedCommands.Number(
            "--days",
            "How many days the items span, about.",
            defaults.Span.TotalDays,
            v => v is > 0 and <= 36_500,
            "must be a number more than 0, at most 36500");
        // No DefaultValueFactory: help would print the default in the machine's culture (01/01/2026 00:00:00);
        // the description says it in ISO 8601.
        var until = new Option<DateTime?>("--until")
        {
            Description = "The newest item's time, UTC (ISO 8601), or 'now'. " +
                $"[default: {SeedOptions.DefaultUntil:yyyy-MM-ddTHH:mm:ssZ}, so that a seed means one feed]",
            CustomParser = r => ParseUntil(r, services.GetRequiredService<TimeProvider>()),
        };
        var locale = new Option<string>("--locale")
        {
            Description = "The language of names and texts: en or ko (our curated words, see Seeding/Content).",
            DefaultValueFactory = _ => defaults.Locale,
        };
        locale.AcceptOnlyFromAmong([.. FeedContent.Locales]);
        var reset = new Option<bool>("--reset")
        {
            Description = "Delete the feed (items, likes, memberships, comments, notifications, follows, homes, users, the change log, " +
                "idempotency keys) first, in the same transaction.",
        };
        var force = new Option<bool>("--force") { Description = "Allow --reset to delete users who can sign in." };
        var qaUser = new Option<string?>("--qa-user") { Description = "Also make a user who can sign in (QA's account), after the seed." };
        var qaPassword = new Option<string?>("--qa-password")
        {
            Description = "Its password (8 characters or more); when left out, one is made and printed once.",
        };

        var more = new SeedVerbOptions();
        var command = new Command(
            "seed",
            "Fill the database with a realistic fake feed, reproducible from --seed; or, with --live, act on it as its users would.")
        {
            items, seed, users, mix, likes, members, comments, days, until, locale, reset, force, qaUser, qaPassword,
        };
        foreach (var option in more.All)
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => FeedCommands.WithDatabaseAsync(services, parse, cancellationToken, async db =>
        {
            var options = new SeedOptions
            {
                Items = parse.GetValue(items),
                Seed = parse.GetValue(seed),
                Users = parse.GetValue(users),
                Mix = parse.GetRequiredValue(mix),
                LikesPerItem = parse.GetValue(likes),
                MembersPerItem = parse.GetValue(members),
                CommentsPerItem = parse.GetValue(comments),
                Span = TimeSpan.FromDays(parse.GetValue(days)),
                Until = parse.GetValue(until) ?? SeedOptions.DefaultUntil,
                Locale = parse.GetRequiredValue(locale),
                Reset = parse.GetValue(reset),
                Force = parse.GetValue(force),
            };
            options = more.Apply(parse, options);
            Option[] seedOnly = [items, users, mix, likes, members, comments, days, until, reset, force, qaUser, qaPassword];
            if (more.Inapplicable(parse, seedOnly) is { } inapplicable)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(inapplicable);
                return 1;
            }

            if (parse.GetValue(qaUser) is { } qaName && !Feed.Domain.UserNames.TryNormalize(qaName, out _, out var nameRule))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"--qa-user: {nameRule} Nothing was seeded.");
                return 1;
            }

            var output = parse.InvocationConfiguration.Output;
            try
            {
                await FeedCommands.PrepareSchemaAsync(services, db, cancellationToken);
                if (more.Live(parse, options) is { } live)
                {
                    return await LiveAsync(services, output, terminal, live, cancellationToken);
                }

                var result = await SeedProgressDisplay.RunAsync(
                    output, terminal, options.Items, progress => FeedSeeder.SeedAsync(
                        db, options, progress, cancellationToken, services.GetService<Media.IMediaStore>()));
                await output.WriteLineAsync(
                    $"Seeded {result.Items:N0} items, {result.Users:N0} users, {result.Likes:N0} likes, " +
                    $"{result.Memberships:N0} memberships, {result.Comments:N0} comments, {result.Follows:N0} follows and " +
                    $"{result.HomeEntries:N0} home entries " +
                    $"({result.Rows:N0} rows) in {result.Elapsed.TotalSeconds:N1} s: {result.RowsPerSecond:N0} rows/s." +
                    (result.Photos + result.Avatars > 0
                        ? $" Media: {result.Photos:N0} photos on {result.PhotoPosts:N0} posts, {result.Avatars:N0} avatars."
                        : ""));
                if (parse.GetValue(qaUser) is { } name)
                {
                    var password = parse.GetValue(qaPassword) ?? QaAccount.NewPassword();
                    var made = await QaAccount.CreateAsync(db, services, name, password, isAdmin: false, cancellationToken);
                    if (made is not null)
                    {
                        await parse.InvocationConfiguration.Error.WriteLineAsync($"QA account: {made}");
                        return 1;
                    }

                    await output.WriteLineAsync(parse.GetValue(qaPassword) is null
                        ? $"QA account '{name}' signs in with the password {password} (shown only now)."
                        : $"QA account '{name}' signs in with the password you gave.");
                }

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

    private static async Task<int> LiveAsync(
        IServiceProvider services, TextWriter output, bool terminal, LiveOptions live, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(
            $"Live traffic: {live.Actions:N0} actions at {live.Rate:0.##}/s for {live.Duration}, {live.Clients} at once.");
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var result = await SeedProgressDisplay.RunAsync(
            output,
            terminal,
            live.Actions,
            progress => LiveTraffic.RunAsync(scopes, live, progress, cancellationToken),
            SeedProgressDisplay.Actions);
        var done = string.Join(", ", result.Done.Where(d => d.Value > 0).Select(d => $"{d.Value:N0} {d.Key}"));
        await output.WriteLineAsync(
            $"Did {result.Actions:N0} actions in {result.Elapsed.TotalSeconds:N1} s: {done}" +
            (result.Failed > 0 ? $"; {result.Failed:N0} failed (see the log)." : "."));
        return result.Failed > 0 ? 1 : 0;
    }

    private static KindMix? ParseMix(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (!KindMix.TryParse(text, out var mix, out var rule))
        {
            result.AddError($"--mix {rule} Got '{text}'.");
        }

        return mix;
    }

    private static DateTime? ParseUntil(ArgumentResult result, TimeProvider clock)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (text == "now")
        {
            return clock.GetUtcNow().UtcDateTime;
        }

        const DateTimeStyles Utc = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, Utc, out var until))
        {
            return until;
        }

        result.AddError("--until takes a UTC time such as 2026-01-01T00:00:00Z, or 'now'.");
        return default;
    }
}
