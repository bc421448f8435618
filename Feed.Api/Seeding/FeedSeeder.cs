using System.Diagnostics;
using Bogus;
using Feed.Api.Data;
using Feed.Api.Media;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Seeding;

/// <summary>A user to seed with their id and the follow graph's counts of them.</summary>
public sealed record SeededUser(long Id, User User, int FollowerCount, int FollowingCount);

/// <summary>An item to seed with its id, likes, members and comments (replies included); its counters are those lists' lengths.</summary>
public sealed record SeededItem(
    long Id, FeedItem Item, IReadOnlyList<Like> Likes, IReadOnlyList<Membership> Members, IReadOnlyList<SeededComment> Comments);

/// <summary>
/// QA's fake feeds at any size: users, their follows (<see cref="FollowGraph"/>), items (from <see cref="FeedFaker"/>),
/// likes and memberships, written in bulk in one transaction, then the homes (every item in its author's
/// home and each follower's, set-based in the database), so a run that fails or is interrupted leaves nothing behind.
/// Ids are given, not drawn from the engine, so the same options give the same rows on SQLite and MySQL.
/// </summary>
public static class FeedSeeder
{
    /// <summary>
    /// Seeds the database of <paramref name="db"/>; throws <see cref="SeedRefusedException"/> before writing anything it must not.
    /// Photos and avatars (<see cref="SeedOptions.Photos"/>, <see cref="SeedOptions.Avatars"/>) go to <paramref name="store"/>
    /// (needed then): written before the commit, so a seed that fails leaves files no row names (the same seed rewrites them).
    /// </summary>
    public static async Task<SeedResult> SeedAsync(
        FeedDbContext db, SeedOptions options, IProgress<SeedProgress>? progress, CancellationToken cancellationToken,
        IMediaStore? store = null)
    {
        Validate(options);
        if ((options.Photos > 0 || options.Avatars > 0) && store is null)
        {
            throw new ArgumentException("Photos and avatars need a media store.", nameof(store));
        }

        await RefuseUnsafeAsync(db, options, cancellationToken);

        // The follow graph is counted before anything is written: the users' counters need it, and its bounds refuse a seed whole.
        var clock = Stopwatch.StartNew();
        var since = UsersSince(options);
        var graph = new FollowGraph(options, since);
        var (followers, following, follows) = await Task.Run(graph.Count, cancellationToken);
        FollowGraph.Bound(follows, FollowGraph.HomeEntries(options, follows, followers.Length > 1 ? followers[1] : 0));

        await using var writer = await SeedWriter.OpenAsync(db, cancellationToken);
        if (options.Reset)
        {
            progress?.Report(new SeedProgress(0, options.Items, 0, clock.Elapsed, SeedPhase.Resetting));
            await writer.ResetAsync(cancellationToken);
        }

        if (options.Photos > 0 || options.Avatars > 0)
        {
            progress?.Report(new SeedProgress(0, options.Items, 0, clock.Elapsed, SeedPhase.Pictures)); // a phase only when it draws
        }

        var (photoPool, avatarPool) = await Task.Run(() => SeedPictures.Pools(options, cancellationToken), cancellationToken);
        progress?.Report(new SeedProgress(0, options.Items, 0, clock.Elapsed));
        var users = Users(options, since, followers, following);
        await writer.WriteUsersAsync(users, cancellationToken);
        var avatars = SeedMedia.Avatars(options, avatarPool, users);
        await writer.WriteMediaAsync(avatars, cancellationToken);
        await writer.ShowAvatarsAsync(cancellationToken);
        await SeedMedia.StoreAsync(store!, avatars, cancellationToken);
        long rows = users.Count + avatars.Count;
        await InOrderAsync(graph.Batches, graph.Batch, async batch =>
        {
            await writer.WriteFollowsAsync(batch, cancellationToken);
            rows += batch.Length;
            progress?.Report(new SeedProgress(0, options.Items, rows, clock.Elapsed));
        }, cancellationToken);

        long items = 0, likes = 0, members = 0, comments = 0, generated = 0, photos = 0, photoPosts = 0;
        var times = ItemTimes(options);
        var viral = SeedConversations.ViralIndex(times, options);
        var batches = (times.Length + BatchSize - 1) / BatchSize;
        Func<int, (SeededItem[], SeededMedia[])> make =
            number => WithPhotos(options, photoPool, number, Batch(options, times, number * BatchSize, viral));
        await InOrderAsync(batches, make, async made =>
        {
            var (drawn, media) = made;
            var batch = SeedConversations.Numbered(drawn, comments);
            await writer.WriteItemsAsync(batch, cancellationToken);
            await writer.WriteMediaAsync(media, cancellationToken);
            await SeedMedia.StoreAsync(store!, media, cancellationToken);
            generated += BatchSize;
            items += batch.Length;
            likes += batch.Sum(i => i.Likes.Count);
            members += batch.Sum(i => i.Members.Count);
            comments += batch.Sum(i => i.Comments.Count);
            photos += media.Length;
            photoPosts += media.Count(m => m.Position == 0);
            rows = users.Count + follows + items + likes + members + comments + avatars.Count + photos;
            progress?.Report(new SeedProgress(
                Math.Min(generated, options.Items), options.Items, rows, clock.Elapsed, Photos: avatars.Count + photos));
        }, cancellationToken);

        await IndexAsync(writer, progress, options, rows, clock, cancellationToken);
        var homeEntries = 0L;
        var chunk = DeliveryChunk(options, follows);
        for (long first = 1; first <= options.Items; first += chunk)
        {
            progress?.Report(new SeedProgress(
                options.Items, options.Items, rows + homeEntries, clock.Elapsed, SeedPhase.Delivering, Math.Min(first - 1, options.Items)));
            homeEntries += await writer.DeliverAsync(first, first + chunk - 1, cancellationToken);
        }

        rows += homeEntries;
        await IndexAsync(writer, progress, options, rows, clock, cancellationToken);
        progress?.Report(new SeedProgress(options.Items, options.Items, rows, clock.Elapsed, SeedPhase.Committing));
        if (options.Reset && avatars.Count + photos > 0)
        {
            await writer.KeepSeededFilesAsync(cancellationToken);
        }

        await writer.CommitAsync(cancellationToken);
        return new SeedResult(
            users.Count, items, likes, members, follows, homeEntries, clock.Elapsed, photos, photoPosts, avatars.Count, comments);
    }

    /// <summary>
    /// Makes batch 0, 1, 2 … on other cores, a few ahead of the one being written, and writes them in order.
    /// </summary>
    private static async Task InOrderAsync<T>(int batches, Func<int, T> make, Func<T, Task> write, CancellationToken cancellationToken)
    {
        var made = new Queue<Task<T>>();
        var next = 0;
        while (next < batches || made.Count > 0)
        {
            while (made.Count < Lookahead && next < batches)
            {
                var number = next++;
                made.Enqueue(Task.Run(() => make(number), cancellationToken));
            }

            await write(await made.Dequeue());
        }
    }

    /// <summary>Builds the indexes the writer left out of a bulk load (SQLite), saying so.</summary>
    private static async Task IndexAsync(
        SeedWriter writer,
        IProgress<SeedProgress>? progress,
        SeedOptions options,
        long rows,
        Stopwatch clock,
        CancellationToken cancellationToken)
    {
        if (writer.DefersIndexes)
        {
            progress?.Report(new SeedProgress(options.Items, options.Items, rows, clock.Elapsed, SeedPhase.Indexing));
            await writer.IndexAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Items per delivery statement: about <see cref="DeliveryRows"/> home entries each (an item goes to its author and their
    /// followers, on average one more than the follows per user), so a million items is not one statement.
    /// </summary>
    private static long DeliveryChunk(SeedOptions options, long follows) =>
        Math.Clamp((long)(DeliveryRows / (1 + ((double)follows / options.Users))), 100, BatchSize);

    /// <summary>About the home entries one delivery statement writes.</summary>
    public const int DeliveryRows = 100_000;

    /// <summary>Items per batch: a batch is one bulk statement per table, and the unit of the random streams.</summary>
    public const int BatchSize = 10_000;

    private const int Lookahead = 3;

    /// <summary>
    /// The seeded users, numbered from 1, with the follow graph's counts; they have no password, so nobody signs in as them.
    /// </summary>
    private static IReadOnlyList<SeededUser> Users(SeedOptions options, DateTime since, int[] followers, int[] following) =>
        new FeedFaker(options.Seed, options.Locale)
            .Users(options.Users, since)
            .Select((user, i) => new SeededUser(i + 1, user, followers[i + 1], following[i + 1]))
            .ToList();

    /// <summary>When the seeded users joined: a month before the oldest items, about.</summary>
    private static DateTime UsersSince(SeedOptions options) => options.Until - options.Span - TimeSpan.FromDays(30);

    private static DateTime[] ItemTimes(SeedOptions options) =>
        SeedScenarios.WithTies(new FeedFaker(options.Seed, options.Locale).Times(options.Items, options.Until, options.Span), options);

    /// <summary>
    /// The batch of items from index <paramref name="first"/>. Each batch draws from random streams
    /// of its own (seed and batch number), so batches can be made in parallel and still come out
    /// the same; item content, interactions and conversations use separate streams, so changing the likes,
    /// members or comments per item leaves the items (and the rest) as they were. The item at <paramref name="viral"/> is the
    /// viral post (<see cref="SeedConversations.Viral"/>).
    /// </summary>
    private static SeededItem[] Batch(SeedOptions options, DateTime[] times, int first, int viral)
    {
        var number = first / BatchSize;
        var faker = new FeedFaker(unchecked((options.Seed * 1_000_003) + (number * 7_919) + 1), options.Locale);
        var interactions = new Randomizer(unchecked((options.Seed * 1_000_033) + (number * 7_927) + 2));
        var talk = new FeedFaker(unchecked((options.Seed * 1_000_081) + (number * 7_937) + 3), options.Locale);
        long commentId = 1;
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
            var seeded = new SeededItem(id, item, likes, members, []);
            var count = SeedConversations.Count(talk.Random, options.CommentsPerItem);
            seeded = seeded with
            {
                Comments = SeedConversations.Thread(talk, talk.Random, seeded, count, options.Users, until, commentId),
            };
            seeded = i == viral ? SeedConversations.Viral(options, seeded, until, commentId) : seeded;
            if (!scenarios.IsDeleted() || i == viral)
            {
                batch.Add(seeded);
                commentId += seeded.Comments.Count; // a deleted item's comments are drawn (the stream goes on) but not kept
            }
        }

        return [.. batch];
    }

    private static (SeededItem[], SeededMedia[]) WithPhotos(SeedOptions options, SeedPicture[] pool, int number, SeededItem[] batch) =>
        (batch, SeedMedia.Photos(options, pool, number, batch));

    private static void Validate(SeedOptions options)
    {
        if (options.Photos is < 0 or > 1 || options.Avatars is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Photos and avatars are shares from 0 to 1.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Items);
        ArgumentOutOfRangeException.ThrowIfNegative(options.LikesPerItem);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MembersPerItem);
        if (options.CommentsPerItem is < 0 || !double.IsFinite(options.CommentsPerItem))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Comments per item are a number, at least 0.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Span.Ticks);
        if (options.Users < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "A seeded feed needs at least one user to write it.");
        }

        SeedScenarios.Validate(options);
        FollowGraph.Validate(options);
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
