using Feed.Api.Seeding;
using Feed.Api.Seeding.Content;
using Feed.Domain;

namespace Feed.Tests.Seeding;

/// <summary>A small realism check of the curated content: what a Korean or an English reader would notice first.</summary>
public sealed class ContentTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] ProvinceSuffixes = ["특별시", "광역시", "특별자치시", "특별자치도", "도"];

    [Theory]
    [InlineData("en")]
    [InlineData("ko")]
    public void Seeded_names_are_peoples_names_unique_and_without_numbers(string locale)
    {
        var names = new FeedFaker(3, locale).Users(2000, Now).Select(u => u.Name).ToList();

        names.Should().OnlyHaveUniqueItems(n => n.ToUpperInvariant());
        names.Should().OnlyContain(n => !n.Any(char.IsDigit), "a person's name has no numeric suffix below thousands of users");
        if (locale == "ko")
        {
            names.Should().OnlyContain(n => n.Length >= 3 && n.Length <= 4 && n.All(IsHangul));
        }
        else
        {
            names.Should().OnlyContain(n => n.Contains(' ') && char.IsUpper(n[0]));
        }
    }

    [Fact]
    public void Korean_game_and_room_names_and_places_have_no_Latin_letters()
    {
        var items = new FeedFaker(5, "ko").Items(3000, [1], Now, TimeSpan.FromDays(30)).ToList();

        var games = items.OfType<Game>().ToList();
        var teams = items.OfType<Team>().ToList();
        games.Should().HaveCountGreaterThan(500);
        games.Should().OnlyContain(g => !g.GameName.Any(char.IsAsciiLetter) && !g.GameLocation.Any(char.IsAsciiLetter));
        teams.Should().OnlyContain(t => !t.RoomName.Any(char.IsAsciiLetter) && t.RoomName.Any(IsHangul));
        items.OfType<Post>()
            .Should().OnlyContain(p => !p.Title.Any(char.IsAsciiLetter) && !p.Body.Any(char.IsAsciiLetter) && !p.Body.Contains('{'));
    }

    [Fact]
    public void Korean_addresses_have_the_right_administrative_suffixes_at_each_level()
    {
        foreach (var place in KoreanPlace.All)
        {
            var metropolitan = place.Province.EndsWith("특별시", StringComparison.Ordinal)
                || place.Province.EndsWith("광역시", StringComparison.Ordinal);
            ProvinceSuffixes.Should().Contain(s => place.Province.EndsWith(s, StringComparison.Ordinal), place.ToString());
            if (metropolitan)
            {
                place.City.Should().BeNull(place.ToString());
                place.District.Should().Match(d => d.EndsWith('구') || d.EndsWith('군'), place.ToString());
            }
            else if (place.Province.EndsWith("특별자치시", StringComparison.Ordinal))
            {
                (place.City, place.District).Should().Be((null, null), "세종 has no city or district level: " + place);
            }
            else
            {
                place.City.Should().Match(c => c.EndsWith('시') || c.EndsWith('군'), place.ToString());
                if (place.District is not null)
                {
                    place.City.Should().EndWith("시", "a district (구) lies in a large city, not in a county: " + place);
                    place.District.Should().EndWith("구");
                }
            }

            var county = place.District?.EndsWith('군') == true || (place.District is null && place.City?.EndsWith('군') == true);
            place.Neighbourhood.Should().Match(
                n => county ? n.EndsWith('읍') || n.EndsWith('면') : n.EndsWith('동') || n.EndsWith('읍') || n.EndsWith('면'),
                place.ToString());
        }

        var locations = new FeedFaker(6, "ko").Items(2000, [1], Now, TimeSpan.FromDays(30))
            .OfType<Game>().Select(g => g.GameLocation).ToList();
        locations.Should().OnlyContain(l => KoreanPlace.All.Any(p => l.StartsWith(p.Short + " ", StringComparison.Ordinal)),
            "every location is a real neighbourhood and a venue");
    }

    [Theory]
    [InlineData("풋살", "을", "을")]
    [InlineData("체스", "을", "를")]
    [InlineData("농구 3대3", "을", "을")]
    [InlineData("마작", "이", "이")]
    [InlineData("라켓", "가", "이")]
    [InlineData("망원동", "으로", "으로")]
    [InlineData("서울", "으로", "로")]
    [InlineData("저녁 7시", "으로", "로")]
    [InlineData("탁구", "과", "와")]
    public void Korean_particles_follow_the_word_before_them(string word, string particle, string expected) =>
        KoreanParticles.After(word, particle).Should().Be(expected);

    [Theory]
    [InlineData("en")]
    [InlineData("ko")]
    public void Posts_read_like_posts_never_repeating_a_sentence(string locale)
    {
        var onlyPosts = new KindMix(new Dictionary<string, double> { [FeedKinds.Post] = 1 });
        var posts = new FeedFaker(8, locale).Items(1000, [1], Now, TimeSpan.FromDays(30), onlyPosts).Cast<Post>().ToList();

        posts.Should().OnlyContain(p => !p.Title.Contains('{') && !p.Body.Contains('{') && p.Title.Length <= FeedRules.TitleMaxLength);
        foreach (var post in posts)
        {
            var sentences = post.Body.Split(["\n\n"], StringSplitOptions.None).SelectMany(p => Sentences(p, locale)).ToList();
            sentences.Should().OnlyHaveUniqueItems(post.Body);
        }

        posts.Select(p => p.Title).Distinct().Should().HaveCountGreaterThan(300, "titles vary");
    }

    private static IEnumerable<string> Sentences(string paragraph, string locale) =>
        System.Text.RegularExpressions.Regex.Split(paragraph, locale == "ko" ? @"(?<=[.!?요])\s" : @"(?<=[.!?])\s");

    private static bool IsHangul(char c) => c is >= '가' and <= '힣';
}
