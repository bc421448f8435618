using Bogus;

namespace Feed.Api.Seeding.Content;

/// <summary>
/// A locale's curated words and sentence templates (ours, in the repository, not Bogus's): what
/// seeded people are called, what they play, where, and what they write. A template's
/// <c>{slot}</c> is filled from <see cref="Slots"/>; <c>{slot|을}</c> also adds the Korean
/// particle that fits the filled word (<see cref="KoreanParticles"/>).
/// </summary>
public sealed record FeedContent
{
    /// <summary>The locales with curated content.</summary>
    public static IReadOnlyList<string> Locales { get; } = ["en", "ko"];

    public required string Locale { get; init; }

    public required IReadOnlyList<string> GivenNames { get; init; }

    public required IReadOnlyList<string> FamilyNames { get; init; }

    /// <summary>A person's name from a given and a family name, the locale's way round.</summary>
    public required Func<string, string, string> FullName { get; init; }

    /// <summary>Another form of the name when the plain one is taken (a middle initial, a two-syllable family name).</summary>
    public required Func<Randomizer, string, string, string> OtherName { get; init; }

    public required IReadOnlyList<string> Games { get; init; }

    /// <summary>Where a game is played: a place and a venue, as people write them.</summary>
    public required Func<Randomizer, string> Location { get; init; }

    public required IReadOnlyList<string> TeamNames { get; init; }

    public required IReadOnlyList<string> Titles { get; init; }

    public required IReadOnlyList<string> Sentences { get; init; }

    /// <summary>Comments under an item as people write them: short reactions, questions, plans (templates, as the sentences).</summary>
    public required IReadOnlyList<string> Comments { get; init; }

    /// <summary>Answers to a comment: agreeing, thanking, answering a question (templates).</summary>
    public required IReadOnlyList<string> Replies { get; init; }

    /// <summary>A comment that is only a reaction: laughter, a word, emoji.</summary>
    public required IReadOnlyList<string> Reactions { get; init; }

    /// <summary>What each template slot can be filled with; <c>game</c> is <see cref="Games"/>.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Slots { get; init; }

    /// <summary>Joins sentences into a paragraph.</summary>
    public string Separator { get; init; } = " ";

    public static FeedContent For(string locale) => locale switch
    {
        "en" => EnglishContent.Content,
        "ko" => KoreanContent.Content,
        _ => throw new ArgumentOutOfRangeException(
            nameof(locale), locale, $"No curated content for this locale: use {string.Join(" or ", Locales)}."),
    };

    /// <summary>The template with every slot filled from <paramref name="random"/>.</summary>
    public string Fill(Randomizer random, string template)
    {
        var text = new System.Text.StringBuilder(template.Length + 32);
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            if (open < 0)
            {
                text.Append(template, at, template.Length - at);
                break;
            }

            var close = template.IndexOf('}', open);
            text.Append(template, at, open - at);
            var slot = template[(open + 1)..close];
            var bar = slot.IndexOf('|');
            var name = bar < 0 ? slot : slot[..bar];
            var word = Pick(random, name == "game" ? Games : Slots[name]);
            text.Append(word);
            if (bar >= 0)
            {
                text.Append(KoreanParticles.After(word, slot[(bar + 1)..]));
            }

            at = close + 1;
        }

        return text.ToString();
    }

    /// <summary>One of <paramref name="words"/>, evenly.</summary>
    public static string Pick(Randomizer random, IReadOnlyList<string> words) => words[random.Int(0, words.Count - 1)];
}
