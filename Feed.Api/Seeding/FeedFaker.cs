using Bogus;
using Feed.Api.Seeding.Content;
using Feed.Domain;

namespace Feed.Api.Seeding;

/// <summary>
/// Realistic fake feeds, reproducible from a seed: the demo data, QA's <c>seed</c> verb and the
/// tests all draw from here. Everything random comes from one Bogus <see cref="Randomizer"/> made
/// from the seed (never a global one), so the same seed and options give the same feed; the words
/// are our own curated ones (<see cref="FeedContent"/>), in English or Korean.
/// </summary>
public sealed class FeedFaker
{
    /// <summary>
    /// How common each kind is in a realistic feed (the default <c>--mix</c>); every kind has a share
    /// (the every-kind test holds it to that).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> Shares = new Dictionary<string, double>
    {
        [FeedKinds.Post] = 0.5,
        [FeedKinds.Game] = 0.3,
        [FeedKinds.Team] = 0.2,
    };

    private readonly Randomizer _random;
    private readonly FeedContent _content;

    /// <summary>A faker for <paramref name="locale"/>: one of <see cref="FeedContent.Locales"/>.</summary>
    public FeedFaker(int seed, string locale = "en")
    {
        _random = new Randomizer(seed);
        _content = FeedContent.For(locale);
    }

    public Randomizer Random => _random;

    /// <summary>
    /// Users with people's names, unique (without regard to case) and the same for the same seed:
    /// a given and a family name; when that is taken, another form of it (a middle initial, a
    /// two-syllable family name, another given name); only past thousands of users a name may end
    /// in a number, as a handle would.
    /// </summary>
    public IEnumerable<User> Users(int count, DateTime createdAt)
    {
        var taken = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var name = Name(0);
            for (var attempt = 1; !taken.Add(UserNames.Key(name)); attempt++)
            {
                name = attempt < 40 ? Name(attempt) : Numbered(Name(attempt), i + 1);
            }

            yield return new User(name, createdAt);
        }
    }

    private static string Numbered(string name, int number) => $"{name[..Math.Min(name.Length, FeedRules.UserNameMaxLength - 8)]}{number}";

    private string Name(int attempt)
    {
        var given = FeedContent.Pick(_random, _content.GivenNames);
        var family = FeedContent.Pick(_random, _content.FamilyNames);
        return attempt < 10 ? _content.FullName(given, family) : _content.OtherName(_random, given, family);
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
            yield return Item(authorIds[_random.Int(0, authorIds.Count - 1)], time, mix ?? KindMix.Default);
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
            if (_random.Double() >= 1.0 / 6)
            {
                var gap = -Math.Log(1 - _random.Double()) * meanGapTicks * 6 / 5;
                time = FeedTime.ToFeedPrecision(time.AddTicks(-(long)Math.Min(gap, TimeSpan.TicksPerDay * 365)));
            }
        }

        return times;
    }

    /// <summary>An item of a kind drawn by the shares of <paramref name="mix"/>.</summary>
    public FeedItem Item(long authorId, DateTime createdAt, KindMix mix) => Item(mix.Pick(_random.Double()), authorId, createdAt);

    /// <summary>An item of <paramref name="kind"/>; a kind without a faker fails the every-kind test.</summary>
    public FeedItem Item(string kind, long authorId, DateTime createdAt) => kind switch
    {
        FeedKinds.Post => Post(authorId, createdAt),
        FeedKinds.Game => Game(authorId, createdAt),
        FeedKinds.Team => Team(authorId, createdAt),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No faker for this kind: add one to FeedFaker."),
    };

    public Post Post(long authorId, DateTime createdAt) => new(
        Clip(_content.Fill(_random, FeedContent.Pick(_random, _content.Titles)), FeedRules.TitleMaxLength),
        Clip(Body(), FeedRules.BodyMaxLength),
        authorId,
        createdAt);

    public Game Game(long authorId, DateTime createdAt) => new(
        FeedContent.Pick(_random, _content.Games),
        Clip(_content.Location(_random), FeedRules.GameLocationMaxLength),
        authorId,
        createdAt);

    public Team Team(long authorId, DateTime createdAt) => new(
        Clip(_content.Fill(_random, FeedContent.Pick(_random, _content.TeamNames)), FeedRules.RoomNameMaxLength),
        authorId,
        createdAt);

    /// <summary>
    /// A comment's text as people write them under a post: mostly one short line (a reaction, a question, a plan; an answer
    /// when it is a reply), at times two, or only a reaction; an emoji after it now and then.
    /// </summary>
    public string Comment(bool reply)
    {
        var roll = _random.Double();
        if (roll < 0.1)
        {
            return FeedContent.Pick(_random, _content.Reactions);
        }

        var text = _content.Fill(_random, FeedContent.Pick(_random, reply ? _content.Replies : _content.Comments));
        if (roll > 0.88)
        {
            text += _content.Separator + _content.Fill(_random, FeedContent.Pick(_random, _content.Comments));
        }

        if (_random.Double() < 0.2)
        {
            text += " " + FeedContent.Pick(_random, Emoji);
        }

        return Clip(text, FeedRules.CommentMaxLength);
    }

    private static readonly string[] Emoji = ["👍", "🔥", "😂", "🙌", "❤️", "😅", "🙏", "💪", "✨", "👀", "🎉", "😍"];

    /// <summary>One or two paragraphs of one to four sentences, as people write a post (a locale has at most 64 sentences).</summary>
    private string Body()
    {
        var paragraphs = new string[_random.Int(1, 4) == 4 ? 2 : 1];
        var picked = 0UL;
        for (var p = 0; p < paragraphs.Length; p++)
        {
            // Distinct sentences: nobody writes the same line twice in a post.
            var sentences = new List<string>(4);
            for (var count = _random.Int(1, 4); sentences.Count < count;)
            {
                var index = _random.Int(0, _content.Sentences.Count - 1);
                if ((picked & (1UL << index)) == 0)
                {
                    picked |= 1UL << index;
                    sentences.Add(_content.Fill(_random, _content.Sentences[index]));
                }
            }

            paragraphs[p] = string.Join(_content.Separator, sentences);
        }

        return string.Join("\n\n", paragraphs);
    }

    private static string Clip(string text, int maxLength) => text.Length <= maxLength ? text : text[..maxLength];
}
