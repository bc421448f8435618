using Bogus;
using Feed.Domain;

namespace Feed.Api.Seeding;

/// <summary>A seeded follow: <see cref="Follow"/>'s columns.</summary>
public readonly record struct SeededFollow(long FollowerId, long FolloweeId, DateTime CreatedAt);

/// <summary>
/// Who follows whom in a seeded feed, as real apps have it: each user follows a skewed number of
/// people (geometric, mean <see cref="SeedOptions.FollowsPerUser"/>) drawn from a power law over the
/// users (Zipf, exponent 1, popularity ranks shuffled by the seed): a few accounts are followed by
/// most users, most accounts by a few. The celebrity scenario adds users 1 to
/// <see cref="SeedOptions.Celebrities"/>, each followed by a share of everyone. Drawn per batch of
/// followers from streams of their own (the seed and the batch number), so batches can be made in
/// any order, twice, in parallel, and come out the same: the seeder counts the graph once (for the
/// users' counters and its bounds) and makes it again as it writes, holding one batch at a time.
/// </summary>
internal sealed class FollowGraph
{
    /// <summary>Followers per batch: a batch is one bulk statement, and the unit of the random streams.</summary>
    public const int UsersPerBatch = 1_000;

    /// <summary>The most follows a seed may make.</summary>
    public const long MaxFollows = 50_000_000;

    /// <summary>The most home entries (items in homes) a seed may make.</summary>
    public const long MaxHomeEntries = 50_000_000;

    private readonly SeedOptions _options;
    private readonly int[] _byRank;
    private readonly double[] _cumulative;
    private readonly DateTime _since;
    private readonly long _span;

    /// <param name="options">The seed's options.</param>
    /// <param name="since">When the seeded users joined: no follow is older.</param>
    public FollowGraph(SeedOptions options, DateTime since)
    {
        _options = options;
        _since = FeedTime.ToFeedPrecision(since);
        _span = Math.Max(0, options.Until.Ticks - _since.Ticks);
        var users = options.FollowsPerUser > 0 ? options.Users : 0;
        _byRank = Enumerable.Range(1, users).ToArray();
        var shuffle = Stream(options, batch: -1, salt: 1);
        for (var i = users - 1; i > 0; i--)
        {
            var j = shuffle.Int(0, i);
            (_byRank[i], _byRank[j]) = (_byRank[j], _byRank[i]);
        }

        _cumulative = new double[users];
        var total = 0.0;
        for (var rank = 0; rank < users; rank++)
        {
            total += 1.0 / (rank + 1);
            _cumulative[rank] = total;
        }
    }

    public int Batches => (_options.Users + UsersPerBatch - 1) / UsersPerBatch;

    /// <summary>The follows the options ask for, about: the closed form the bounds are checked by before anything is made.</summary>
    public static double ExpectedFollows(SeedOptions options) =>
        (options.Users * Math.Min(options.FollowsPerUser, options.Users - 1))
        + (Math.Min(options.Celebrities, options.Users) * options.CelebrityFollowers * (options.Users - 1));

    /// <summary>
    /// The home entries a seed makes, about: each item kept is in its author's home and in each of their
    /// followers'; authors are drawn evenly, but for <see cref="SeedOptions.ActiveAuthor"/>'s share by user 1.
    /// </summary>
    public static double HomeEntries(SeedOptions options, double follows, double followersOfUser1)
    {
        var items = options.Items * (1 - options.Deleted);
        return items * (((1 - options.ActiveAuthor) * (1 + (follows / options.Users))) + (options.ActiveAuthor * (1 + followersOfUser1)));
    }

    /// <summary><see cref="HomeEntries(SeedOptions, double, double)"/> before the graph is made (user 1 a celebrity, or average).</summary>
    public static double ExpectedHomeEntries(SeedOptions options)
    {
        var zipf = Math.Min(options.FollowsPerUser, options.Users - 1);
        var user1 = options.Celebrities > 0 ? (options.CelebrityFollowers * (options.Users - 1)) + zipf : zipf;
        return HomeEntries(options, ExpectedFollows(options), user1);
    }

    /// <summary>Refuses options out of range, or that would make more follows or home entries than a seed may.</summary>
    public static void Validate(SeedOptions options)
    {
        if (options.FollowsPerUser is < 0 or > 10_000 || double.IsNaN(options.FollowsPerUser))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The mean follows per user is from 0 to 10000.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(options.Celebrities);
        if (options.Celebrities > options.Users)
        {
            throw new SeedRefusedException(
                $"--celebrities ({options.Celebrities:N0}) is at most --users ({options.Users:N0}): users 1 to N are the celebrities.");
        }

        if (options.CelebrityFollowers is < 0 or > 1 || double.IsNaN(options.CelebrityFollowers))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "A scenario's share is from 0 to 1.");
        }

        Bound(ExpectedFollows(options), ExpectedHomeEntries(options));
    }

    /// <summary>Throws when <paramref name="follows"/> or <paramref name="homeEntries"/> pass the bounds, naming the options.</summary>
    public static void Bound(double follows, double homeEntries)
    {
        if (follows > MaxFollows)
        {
            throw new SeedRefusedException(
                $"--follows × --users (with --celebrities × --celebrity-followers × --users) would make about {follows:N0} follows, " +
                $"over the {MaxFollows:N0} a seed may make: lower one of them.");
        }

        if (homeEntries > MaxHomeEntries)
        {
            throw new SeedRefusedException(
                $"The homes would hold about {homeEntries:N0} entries (each item in its author's home and in each follower's), " +
                $"over the {MaxHomeEntries:N0} a seed may make: lower --items, --follows, --celebrities or --active-author.");
        }
    }

    /// <summary>
    /// Every user's follower and following counts (indexed by user id; 0 unused), and the follows in all,
    /// the batches made in parallel.
    /// </summary>
    public (int[] Followers, int[] Following, long Follows) Count()
    {
        var followers = new int[_options.Users + 1];
        var following = new int[_options.Users + 1];
        long follows = 0;
        Parallel.For(0, Batches, batch =>
        {
            var made = Batch(batch);
            foreach (var follow in made)
            {
                Interlocked.Increment(ref followers[follow.FolloweeId]);
                following[follow.FollowerId]++; // a batch's own followers: no other batch counts them
            }

            Interlocked.Add(ref follows, made.Length);
        });
        return (followers, following, follows);
    }

    /// <summary>The follows of the users of batch <paramref name="number"/>, by follower, then as drawn.</summary>
    public SeededFollow[] Batch(int number)
    {
        var zipf = Stream(_options, number, 2);
        var celebrity = Stream(_options, number, 3);
        var users = _options.Users;
        var mean = _options.FollowsPerUser;
        var made = new List<SeededFollow>();
        var followed = new HashSet<long>();
        var first = (number * UsersPerBatch) + 1;
        for (long follower = first; follower < first + UsersPerBatch && follower <= users; follower++)
        {
            followed.Clear();
            var count = mean > 0 && users > 1
                ? (int)Math.Min(Math.Floor(Math.Log(1 - zipf.Double()) / Math.Log(mean / (mean + 1))), users - 1)
                : 0;

            // Drawn until there are enough, or the draws are spent: a user asked to follow nearly everyone in
            // a small feed rarely draws the last of the long tail, so may follow fewer (the same ones for a seed).
            for (var draws = 0; followed.Count < count && draws < (count * 8) + 32; draws++)
            {
                var followee = Followee(zipf.Double());
                if (followee != follower && followed.Add(followee))
                {
                    made.Add(new SeededFollow(follower, followee, Time(zipf)));
                }
            }

            for (long star = 1; star <= _options.Celebrities; star++)
            {
                if (celebrity.Double() < _options.CelebrityFollowers && star != follower && followed.Add(star))
                {
                    made.Add(new SeededFollow(follower, star, Time(celebrity)));
                }
            }
        }

        return [.. made];
    }

    /// <summary>The user at <paramref name="unit"/> (0 ≤ unit &lt; 1) along the popularity ranks' cumulative weights 1, ½, ⅓ ….</summary>
    private long Followee(double unit)
    {
        var at = Array.BinarySearch(_cumulative, unit * _cumulative[^1]);
        return _byRank[Math.Min(at < 0 ? ~at : at, _byRank.Length - 1)];
    }

    /// <summary>A follow's time: any time from the users' joining up to the seed's newest item.</summary>
    private DateTime Time(Randomizer random) =>
        FeedTime.ToFeedPrecision(new DateTime(_since.Ticks + (long)(random.Double() * _span), DateTimeKind.Utc));

    private static Randomizer Stream(SeedOptions options, int batch, int salt) =>
        new(unchecked((options.Seed * 1_000_099) + (batch * 7_937) + (salt * 104_723)));
}
