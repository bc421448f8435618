using System.Collections.Concurrent;
using System.Diagnostics;
using Bogus;
using Feed.Api.Comments;
using Feed.Api.Data;
using Feed.Api.Interactions;
using Feed.Api.Items;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.SeedJobs;

/// <summary>What <c>seed --live</c> (or a live job) does: how fast, how long, by how many clients at once.</summary>
public sealed record LiveOptions
{
    /// <summary>Actions per second.</summary>
    public double Rate { get; init; } = 2;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Actions that may run at once (each on its own connection), so a slow one does not hold the rate back.</summary>
    public int Clients { get; init; } = 4;

    public int Seed { get; init; } = 42;

    public string Locale { get; init; } = "en";

    public long Actions => (long)Math.Ceiling(Rate * Duration.TotalSeconds);
}

/// <summary>What live traffic did, by action.</summary>
public sealed record LiveResult(IReadOnlyDictionary<string, long> Done, long Failed, TimeSpan Elapsed)
{
    public long Actions => Done.Values.Sum();
}

/// <summary>
/// Live fake traffic: the seeded (fake) users post, like, unlike, join, leave, edit and delete at a
/// steady rate, through the same writes as the API (<see cref="ItemWrites"/>, <see cref="InteractionWrites"/>),
/// so counters, the change log and the stream see real changes. Reproducible: the same seed gives
/// the same sequence of actions, actors and texts; the items acted on are found in the feed as it
/// is then (among the newest hundred). Users who can sign in never act, and their items are never edited or deleted.
/// It acts through the features, so it lives above them, beside the jobs that run it (not in Seeding, which knows only storage).
/// </summary>
public static class LiveTraffic
{
    /// <summary>The actions and how often each is drawn.</summary>
    public static readonly IReadOnlyList<(string Action, int Weight)> Mix =
    [
        ("post", 25), ("like", 30), ("unlike", 5), ("join", 15), ("leave", 5), ("edit", 10), ("delete", 10),
        ("comment", 15), ("reply", 5),
    ];

    /// <summary>An action whose item was deleted (by another action) between finding it and acting on it.</summary>
    public const string Missed = "missed";

    private const int Newest = 100;

    public static async Task<LiveResult> RunAsync(
        IServiceScopeFactory scopes,
        LiveOptions options,
        IProgress<SeedProgress>? progress,
        CancellationToken cancellationToken)
    {
        long[] actors;
        ILogger logger;
        await using (var scope = scopes.CreateAsyncScope())
        {
            logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LiveTraffic));
            actors = await scope.ServiceProvider.GetRequiredService<FeedDbContext>().Users
                .Where(u => u.PasswordHash == null).OrderBy(u => u.Id).Select(u => u.Id).ToArrayAsync(cancellationToken);
        }

        if (actors.Length == 0)
        {
            throw new SeedRefusedException("Live traffic needs fake users to act: seed a feed first (users who can sign in never act).");
        }

        var plan = new Randomizer(options.Seed);
        var done = new ConcurrentDictionary<string, long>(Mix.Select(m => m.Action).Append(Missed).Select(a => KeyValuePair.Create(a, 0L)));
        long failed = 0, finished = 0;
        var clock = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(options.Clients);
        var running = new List<Task>();
        try
        {
            for (long i = 0; i < options.Actions; i++)
            {
                // The plan is drawn here, in order, so it does not depend on which action ends first.
                var action = Draw(plan);
                var actor = actors[plan.Int(0, actors.Length - 1)];
                var rank = plan.Int(0, Newest - 1);
                var contentSeed = plan.Int();
                var due = TimeSpan.FromSeconds(i / options.Rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancellationToken);
                }

                await slots.WaitAsync(cancellationToken);
                lock (running)
                {
                    running.RemoveAll(t => t.IsCompleted);
                }

                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        await using var scope = scopes.CreateAsyncScope();
                        var did = await ActAsync(
                            scope.ServiceProvider,
                            action,
                            actor,
                            rank,
                            new FeedFaker(contentSeed, options.Locale),
                            cancellationToken);
                        done.AddOrUpdate(did, 1, (_, n) => n + 1);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failed);
                        logger.LogWarning(e, "A live {Action} failed.", action);
                    }
                    finally
                    {
                        slots.Release();
                        lock (running)
                        {
                            // Counted and reported under one lock: the progress never goes back, and
                            // one report at a time, as a display expects.
                            finished++;
                            progress?.Report(new SeedProgress(finished, options.Actions, finished, clock.Elapsed, SeedPhase.Acting));
                        }
                    }
                }, CancellationToken.None));
            }
        }
        finally
        {
            // Every action begun has ended, one way or the other.
            await Task.WhenAll(running).ContinueWith(_ => { }, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new LiveResult(done, failed, clock.Elapsed);
    }

    private static string Draw(Randomizer plan)
    {
        var pick = plan.Int(0, Mix.Sum(m => m.Weight) - 1);
        foreach (var (action, weight) in Mix)
        {
            if ((pick -= weight) < 0)
            {
                return action;
            }
        }

        return Mix[0].Action;
    }

    /// <summary>Does <paramref name="action"/>; a post instead when there is nothing to act on. Returns what was done.</summary>
    private static async Task<string> ActAsync(
        IServiceProvider services,
        string action,
        long actor,
        int rank,
        FeedFaker faker,
        CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<FeedDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        var now = time.GetUtcNow().UtcDateTime;
        var newest = db.FeedItems.AsNoTracking().OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id);
        var byFakeAuthors = newest.Where(i => db.Users.Any(u => u.Id == i.AuthorId && u.PasswordHash == null));
        var target = action switch
        {
            "like" or "unlike" or "comment" => await newest.Skip(rank).FirstOrDefaultAsync(cancellationToken),
            "reply" => await newest.Where(i => db.Comments.Any(c => c.ItemId == i.Id)).Skip(rank).FirstOrDefaultAsync(cancellationToken),
            "join" or "leave" => await newest.Where(i => i is JoinableItem).Skip(rank).FirstOrDefaultAsync(cancellationToken),
            "edit" or "delete" => await byFakeAuthors.Skip(rank).FirstOrDefaultAsync(cancellationToken),
            _ => null,
        };
        switch (action, target)
        {
            case ("like" or "unlike", { } item):
                var likes = await InteractionWrites.LikeAsync(db, item.Id, actor, action == "like", time, cancellationToken);
                return likes is null ? Missed : action;
            case ("join" or "leave", { } item):
                var joined = await InteractionWrites.JoinAsync(db, item.Kind, item.Id, actor, action == "join", time, cancellationToken);
                return joined is null ? Missed : action;
            case ("comment" or "reply", { } item):
                // A reply answers the item's first comment (the thread people read first).
                var parent = action == "reply"
                    ? await db.Comments.Where(c => c.ItemId == item.Id && c.ReplyToId == null).OrderBy(c => c.Id)
                        .Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken)
                    : null;
                var (said, _) = await CommentWrites.CreateAsync(
                    db, item.Id, actor, faker.Comment(parent is not null), parent, now, cancellationToken);
                return said == CommentOutcome.Done ? action : Missed;
            case ("delete", { } item):
                return await ItemWrites.DeleteAsync(db, item, now, cancellationToken) ? action : Missed;
            case ("edit", { } item):
                var fresh = faker.Item(item.Kind, item.AuthorId, now);
                var revision = await ItemKinds.Of(item.Kind).ReviseAsync(db, item, fresh, now, cancellationToken);
                return revision.Outcome == EditOutcome.Done ? action : Missed;
            default:
                await ItemWrites.AddAsync(db, faker.Item(actor, now, KindMix.Default), cancellationToken);
                return "post";
        }
    }
}
