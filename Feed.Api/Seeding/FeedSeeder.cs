using System.Diagnostics;
using Bogus;
using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Seeding;

/// <summary>An item to seed with its id, likes and members; its counters are the lengths of those lists.</summary>
public sealed record SeededItem(long Id, FeedItem Item, IReadOnlyList<Like> Likes, IReadOnlyList<Membership> Members);

/// <summary>
/// QA's fake feeds at any size: users, items (from <see cref="FeedFaker"/>), likes and memberships,
/// written in bulk in one transaction, so a run that fails or is interrupted leaves nothing behind.
/// Ids are given, not drawn from the engine, so the same options give the same rows on SQLite and MySQL.
/// </summary>
public static class FeedSeeder
{
    /// <summary>
    /// Seeds the database of <paramref name="db"/>; throws <see cref="SeedRefusedException"/> before writing anything it must not.
    /// </summary>
    public static async Task<SeedResult> SeedAsync(
        FeedDbContext db, SeedOptions options, IProgress<SeedProgress>? progress, CancellationToken cancellationToken)
    {
        Validate(options);
        await RefuseUnsafeAsync(db, options, cancellationToken);

        var clock = Stopwatch.StartNew();
        await using var writer = await SeedWriter.OpenAsync(db, cancellationToken);
        if (options.Reset)
        {
            progress?.Report(new SeedProgress(0, options.Items, 0, clock.Elapsed, SeedPhase.Resetting));
            await writer.ResetAsync(cancellationToken);
        }

        progress?.Report(new SeedProgress(0, options.Items, 0, clock.Elapsed));
        var users = Users(options);
        await writer.WriteUsersAsync(users, cancellationToken);

        // Batches are made on other cores while the previous ones load, a few ahead, in order.
        long items = 0, likes = 0, members = 0, generated = 0, rows = users.Count;
        var times = ItemTimes(options);
        var made = new Queue<Task<SeededItem[]>>();
        var next = 0;
        while (next < times.Length || made.Count > 0)
        {
            while (made.Count < Lookahead && next < times.Length)
            {
                var first = next;
                made.Enqueue(Task.Run(() => Batch(options, times, first), cancellationToken));
                next += BatchSize;
            }

            var batch = await made.Dequeue();
            await writer.WriteItemsAsync(batch, cancellationToken);
            generated += BatchSize;
            items += batch.Length;
            likes += batch.Sum(i => i.Likes.Count);
            members += batch.Sum(i => i.Members.Count);
            rows = users.Count + items + likes + members;
            progress?.Report(new SeedProgress(Math.Min(generated, options.Items), options.Items, rows, clock.Elapsed));
        }

        if (writer.DefersIndexes)
        {
            progress?.Report(new SeedProgress(options.Items, options.Items, rows, clock.Elapsed, SeedPhase.Indexing));
            await writer.IndexAsync(cancellationToken);
        }

        progress?.Report(new SeedProgress(options.Items, options.Items, rows, clock.Elapsed, SeedPhase.Committing));
        await writer.CommitAsync(cancellationToken);
        return new SeedResult(users.Count, items, likes, members, clock.Elapsed);
    }

    /// <summary>Items per batch: a batch is one bulk statement per table, and the unit of the random streams.</summary>
    public const int BatchSize = 10_000;

    private const int Lookahead = 3;

    /// <summary>The seeded users, numbered from 1; they have no password, so nobody signs in as them.</summary>
    private static IReadOnlyList<(long Id, User User)> Users(SeedOptions options) =>
        new FeedFaker(options.Seed, options.Locale)
            .Users(options.Users, options.Until - options.Span - TimeSpan.FromDays(30))
            .Select((user, i) => ((long)i + 1, user))
            .ToList();

    private static DateTime[] ItemTimes(SeedOptions options) =>
        SeedScenarios.WithTies(new FeedFaker(options.Seed, options.Locale).Times(options.Items, options.Until, options.Span), options);

    /// <summary>
    /// The batch of items from index <paramref name="first"/>. Each batch draws from random streams
    /// of its own (seed and batch number), so batches can be made in parallel and still come out
    /// the same; item content and interactions use separate streams, so changing the likes or
    /// members per item leaves the items as they were.
    /// </summary>
    private static SeededItem[] Batch(SeedOptions options, DateTime[] times, int first)
    {
        var number = first / BatchSize;
        var faker = new FeedFaker(unchecked((options.Seed * 1_000_003) + (number * 7_919) + 1), options.Locale);
        var interactions = new Randomizer(unchecked((options.Seed * 1_000_033) + (number * 7_927) + 2));
        var scenarios = new SeedScenarios(options, number);
        var until = FeedTime.ToFeedPrecision(options.Until);
        var batch = new List<SeededItem>(Math.Min(BatchSize, times.Length - first));
        for (var i = first; i < Math.Min(first + BatchSize, times.Length); i++)
        {
            long id = i + 1;
            var item = faker.Item(scenarios.Author(faker.Random.Long(1, options.Users)), times[i], options.Mix);
            var popular = scenarios.IsPopular();
            var likes = scenarios.Users(interactions, options.LikesPerItem, popular)
                .Select(user => new Like(id, user, SeedScenarios.Later(interactions, item.CreatedAt, until)))
                .ToList();
            var members = item is JoinableItem
                ? scenarios.Users(interactions, options.MembersPerItem, popular)
                    .Select(user => new Membership(id, user, SeedScenarios.Later(interactions, item.CreatedAt, until)))
                    .ToList()
                : [];
            if (!scenarios.IsDeleted())
            {
                batch.Add(new SeededItem(id, item, likes, members));
            }
        }

        return [.. batch];
    }

    private static void Validate(SeedOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Items);
        ArgumentOutOfRangeException.ThrowIfNegative(options.LikesPerItem);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MembersPerItem);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Span.Ticks);
        SeedScenarios.Validate(options);
        if (options.Users < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "A seeded feed needs at least one user to write it.");
        }
    }

    private static async Task RefuseUnsafeAsync(FeedDbContext db, SeedOptions options, CancellationToken cancellationToken)
    {
        var items = await db.FeedItems.LongCountAsync(cancellationToken);
        var users = await db.Users.LongCountAsync(cancellationToken);
        if (items + users > 0 && !options.Reset)
        {
            throw new SeedRefusedException(
                $"The database already holds {items:N0} items and {users:N0} users. Pass --reset to replace them with the seeded feed.");
        }

        var people = await db.Users.LongCountAsync(u => u.PasswordHash != null, cancellationToken);
        if (people > 0 && !options.Force)
        {
            throw new SeedRefusedException(
                $"The database holds {people:N0} users who can sign in: real accounts, which --reset would delete with all they wrote. " +
                "Nothing was changed. Pass --force as well if that is what you want.");
        }
    }
}
