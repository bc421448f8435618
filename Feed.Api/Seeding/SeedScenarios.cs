using Bogus;
using Feed.Api.Seeding.Content;

namespace Feed.Api.Seeding;

/// <summary>
/// The shapes QA asks for beyond a plain feed (<see cref="SeedOptions.Ties"/>, <see cref="SeedOptions.Deleted"/>,
/// <see cref="SeedOptions.ActiveAuthor"/>, <see cref="SeedOptions.Popular"/>), drawn per batch from a
/// random stream of their own: a scenario left off draws nothing, so the rest of the feed is as without it.
/// </summary>
internal sealed class SeedScenarios(SeedOptions options, int batch)
{
    /// <summary>The longest run of equal timestamps <c>--ties</c> makes.</summary>
    public const int MaxTies = 10_000;

    /// <summary>The most likes popular items may make (about what a batch of the seeder holds in memory, times a few).</summary>
    public const long MaxPopularLikes = 50_000_000;

    // A stream per scenario: adding one leaves what the others pick as it was.
    private readonly Randomizer _author = Stream(options, batch, 3);
    private readonly Randomizer _popular = Stream(options, batch, 5);
    private readonly Randomizer _deleted = Stream(options, batch, 6);

    private static Randomizer Stream(SeedOptions options, int batch, int salt) =>
        new(unchecked((options.Seed * 1_000_037) + (batch * 7_933) + (salt * 104_729)));

    /// <summary>
    /// About how many likes <see cref="SeedOptions.Popular"/> makes: the popular items, each liked by up to all the users.
    /// </summary>
    public static double PopularLikes(long items, long users, double popular) => popular * items * users;

    public static void Validate(SeedOptions options)
    {
        if (!FeedContent.Locales.Contains(options.Locale))
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"The locale is {string.Join(" or ", FeedContent.Locales)}.");
        }

        if (options.Ties is < 0 or > MaxTies)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Ties are 0 to {MaxTies} items long.");
        }

        if (new[] { options.Deleted, options.ActiveAuthor, options.Popular }.Any(share => share is < 0 or > 1 || double.IsNaN(share)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "A scenario's share is from 0 to 1.");
        }

        if (options.Viral is < 0 or > SeedConversations.MaxViral)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"The viral post has 0 to {SeedConversations.MaxViral} comments.");
        }

        if (PopularLikes(options.Items, options.Users, options.Popular) > MaxPopularLikes)
        {
            throw new SeedRefusedException(
                $"--popular × --items × --users would make more than {MaxPopularLikes:N0} likes: lower one of them.");
        }
    }

    /// <summary>
    /// <paramref name="times"/> (oldest first) with runs of <see cref="SeedOptions.Ties"/> equal
    /// timestamps: in each block of ten runs' length, one run at a place drawn from the seed, every
    /// item of it at the run's first time (so the times stay in order).
    /// </summary>
    public static DateTime[] WithTies(DateTime[] times, SeedOptions options)
    {
        var length = options.Ties;
        if (length < 2)
        {
            return times;
        }

        var random = new Randomizer(unchecked((options.Seed * 1_000_039) + 4));
        for (var block = 0; block < times.Length; block += length * 10)
        {
            var start = block + random.Int(0, (length * 9) - 1);
            for (var i = start + 1; i < Math.Min(start + length, times.Length); i++)
            {
                times[i] = times[start];
            }
        }

        return times;
    }

    /// <summary>User 1 for <see cref="SeedOptions.ActiveAuthor"/>'s share of the items, else the author drawn evenly.</summary>
    public long Author(long drawn) => options.ActiveAuthor > 0 && _author.Double() < options.ActiveAuthor ? 1 : drawn;

    public bool IsPopular() => options.Popular > 0 && _popular.Double() < options.Popular;

    public bool IsDeleted() => options.Deleted > 0 && _deleted.Double() < options.Deleted;

    /// <summary>
    /// Distinct users who like (or join) an item: a skewed number (geometric, mean
    /// <paramref name="mean"/>: most items a few, some many), or for a popular item a quarter to
    /// all of them; never more than there are users.
    /// </summary>
    public IEnumerable<long> Users(Randomizer random, double mean, bool popular)
    {
        var users = options.Users;
        if (mean <= 0 && !popular)
        {
            return [];
        }

        var count = popular
            ? _popular.Int(Math.Max(1, users / 4), users)
            : (int)Math.Min(Math.Floor(Math.Log(1 - random.Double()) / Math.Log(mean / (mean + 1))), users);
        if (count * 2 > users)
        {
            return random.Shuffle(Enumerable.Range(1, users)).Take(count).Select(u => (long)u).ToList();
        }

        var picked = new List<long>(count);
        var seen = new HashSet<long>();
        while (picked.Count < count)
        {
            var user = random.Long(1, users);
            if (seen.Add(user))
            {
                picked.Add(user);
            }
        }

        return picked;
    }

    /// <summary>Some time after <paramref name="time"/> (minutes to days), never after <paramref name="until"/>.</summary>
    public static DateTime Later(Randomizer random, DateTime time, DateTime until)
    {
        var delay = TimeSpan.FromMinutes(-Math.Log(1 - random.Double()) * 180);
        return until - time < delay ? until : time + delay;
    }
}
