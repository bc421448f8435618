using Bogus;
using Feed.Domain;

namespace Feed.Api.Seeding;

/// <summary>
/// Realistic fake feeds, reproducible from a seed: the demo data, QA's <c>seed</c> verb and the
/// tests all draw from here. Everything random comes from one <see cref="Randomizer"/> made from
/// the seed (never Bogus's global one), so the same seed and options give the same feed.
/// </summary>
public sealed class FeedFaker
{
    private static readonly string[] GameNames =
    [
        "Basketball 3on3", "Futsal", "Badminton doubles", "Table tennis", "Catan", "Chess blitz",
        "Bouldering", "Running 5k", "Volleyball", "Tennis", "Go", "Board game night", "Bowling",
        "Ultimate frisbee", "Pickleball", "Mahjong", "Cycling 40k", "Squash", "Climbing", "Poker night",
    ];

    private static readonly string[] Venues = ["Park", "Sports Center", "Gym", "Cafe", "Community Hall", "Court", "Club"];

    /// <summary>How common each kind is in a realistic feed (the default <c>--mix</c>); every kind has a share (the every-kind test holds it to that).</summary>
    public static readonly IReadOnlyDictionary<string, double> Shares = new Dictionary<string, double>
    {
        [FeedKinds.Post] = 0.5,
        [FeedKinds.Game] = 0.3,
        [FeedKinds.Team] = 0.2,
    };

    private readonly Faker _faker;

    public FeedFaker(int seed, string locale = "en")
    {
        _faker = new Faker(locale) { Random = new Randomizer(seed) };
    }

    public Randomizer Random => _faker.Random;

    /// <summary>
    /// Unique user names of 3–32 characters, the same for the same seed: a handle of letters only (any script),
    /// then the user's number, so that no two can meet.
    /// </summary>
    public IEnumerable<User> Users(int count, DateTime createdAt)
    {
        for (var i = 0; i < count; i++)
        {
            var handle = Letters(_faker.Internet.UserName());
            if (handle.Length < 2)
            {
                handle = Letters(_faker.Name.LastName() + _faker.Name.FirstName()); // locales whose user names are not words (ko)
            }

            var name = $"{(handle.Length > 0 ? handle : "user")}{i + 1}";
            yield return new User(name, createdAt);
        }
    }

    /// <summary>
    /// <paramref name="count"/> items, oldest first, the newest at <paramref name="newest"/> and
    /// spread over about <paramref name="span"/> (see <see cref="Times"/>), by authors picked evenly.
    /// </summary>
    public IEnumerable<FeedItem> Items(int count, IReadOnlyList<long> authorIds, DateTime newest, TimeSpan span, KindMix? mix = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(authorIds.Count);
        foreach (var time in Times(count, newest, span))
        {
            yield return Item(authorIds[_faker.Random.Int(0, authorIds.Count - 1)], time, mix ?? KindMix.Default);
        }
    }

    /// <summary>
    /// <paramref name="count"/> creation times, oldest first, the newest at <paramref name="newest"/>
    /// and spread over about <paramref name="span"/>: gaps are exponential (quiet hours and bursts),
    /// and about one in six times equals the one before, to the microsecond.
    /// </summary>
    public DateTime[] Times(int count, DateTime newest, TimeSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var meanGapTicks = count > 0 ? span.Ticks / (double)count : 0;
        var times = new DateTime[count];
        var time = FeedTime.ToFeedPrecision(newest);
        for (var i = count - 1; i >= 0; i--)
        {
            times[i] = time;
            if (_faker.Random.Double() >= 1.0 / 6)
            {
                var gap = -Math.Log(1 - _faker.Random.Double()) * meanGapTicks * 6 / 5;
                time = FeedTime.ToFeedPrecision(time.AddTicks(-(long)Math.Min(gap, TimeSpan.TicksPerDay * 365)));
            }
        }

        return times;
    }

    /// <summary>An item of a kind drawn by the shares of <paramref name="mix"/>.</summary>
    public FeedItem Item(long authorId, DateTime createdAt, KindMix mix) => Item(mix.Pick(_faker.Random.Double()), authorId, createdAt);

    /// <summary>An item of <paramref name="kind"/>; a kind without a faker fails the every-kind test.</summary>
    public FeedItem Item(string kind, long authorId, DateTime createdAt) => kind switch
    {
        FeedKinds.Post => Post(authorId, createdAt),
        FeedKinds.Game => Game(authorId, createdAt),
        FeedKinds.Team => Team(authorId, createdAt),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No faker for this kind: add one to FeedFaker."),
    };

    public Post Post(long authorId, DateTime createdAt) => new(
        Clip(_faker.Lorem.Sentence(3, 6).TrimEnd('.'), FeedRules.TitleMaxLength),
        Clip(_faker.Lorem.Paragraphs(_faker.Random.Int(1, 3)), FeedRules.BodyMaxLength),
        authorId,
        createdAt);

    public Game Game(long authorId, DateTime createdAt) => new(
        _faker.PickRandom(GameNames),
        Clip($"{_faker.Address.City()} {_faker.PickRandom(Venues)}", FeedRules.GameLocationMaxLength),
        authorId,
        createdAt);

    public Team Team(long authorId, DateTime createdAt) => new(
        Clip($"{_faker.Commerce.Department()} {_faker.PickRandom("crew", "squad", "club", "team", "room")}", FeedRules.RoomNameMaxLength),
        authorId,
        createdAt);

    private static string Letters(string text) => new([.. text.Where(char.IsLetter).Take(24)]);

    private static string Clip(string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];
}
