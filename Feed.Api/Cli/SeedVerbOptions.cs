using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using Feed.Api.Seeding;
using Feed.Api.SeedJobs;

namespace Feed.Api.Cli;

/// <summary>
/// The seed verb's follow graph (<c>--follows</c>, <c>--celebrities</c>, <c>--celebrity-followers</c>), its scenarios
/// (<c>--ties</c>, <c>--deleted</c>, <c>--active-author</c>, <c>--popular</c>, <c>--viral</c>), its pictures (<c>--photos</c>,
/// <c>--avatars</c>) and live traffic (<c>--live</c>, <c>--rate</c>, <c>--duration</c>, <c>--clients</c>).
/// </summary>
internal sealed partial class SeedVerbOptions
{
    private static readonly LiveOptions LiveDefaults = new();

    private static readonly SeedOptions SeedDefaults = new();

    private readonly Option<double> _follows = FeedCommands.Number(
        "--follows",
        "The mean number of people each user follows (skewed); whom from a power law: a few accounts followed by most users, " +
        "a long tail followed by few. 0: no follows. Every item is in its author's home and each follower's (/home).",
        SeedDefaults.FollowsPerUser,
        v => v is >= 0 and <= 10_000,
        "must be a number from 0 to 10000");

    private readonly Option<int> _celebrities = FeedCommands.Number(
        "--celebrities",
        "Scenario: users 1 to N are celebrities, each followed by --celebrity-followers of the users (on top of --follows); 0: none.",
        0,
        v => v >= 0,
        "must be a whole number, at least 0 (and at most --users)");

    private readonly Option<double> _celebrityFollowers = FeedCommands.Number(
        "--celebrity-followers",
        "The share of the users who follow each celebrity.",
        SeedDefaults.CelebrityFollowers,
        v => v is >= 0 and <= 1,
        "must be a share from 0 to 1 (0.05 is 5 %)");

    private readonly Option<int> _ties = FeedCommands.Number(
        "--ties",
        "Scenario: runs of N items sharing one timestamp (longer than a page tests paging through ties), one run per 10·N items; " +
        "0: none.",
        0,
        v => v is 0 or (>= 2 and <= SeedScenarios.MaxTies),
        $"must be 0 or a whole number from 2 to {SeedScenarios.MaxTies}");

    private readonly Option<double> _deleted = Share(
        "--deleted", "Scenario: this share of the items was deleted, spread through the feed (gaps in the ids); 0: none.");

    private readonly Option<double> _activeAuthor = Share(
        "--active-author", "Scenario: this share of the items is by one very active author, user 1 (for author feeds); 0: none.");

    private readonly Option<double> _popular = Share(
        "--popular", "Scenario: this share of the items is liked (and joined) by a quarter to all of the users; 0: none.");

    private readonly Option<int> _viral = FeedCommands.Number(
        "--viral",
        "Scenario: one viral post (the newest item a day or more old) liked by N users (at most all) and with N comments, " +
        "about 30 % of them replies; 0: none.",
        0,
        v => v is >= 0 and <= SeedConversations.MaxViral,
        $"must be a whole number from 0 to {SeedConversations.MaxViral}");

    private readonly Option<double> _photos = FeedCommands.Number(
        "--photos",
        "The share of the posts with 1 to 4 photos: pictures drawn from --seed (no network), every rendition written to the " +
        "media store (Media:Store); 0: none.",
        SeedDefaults.Photos,
        v => v is >= 0 and <= 1,
        "must be a share from 0 to 1 (0.3 is 30 %)");

    private readonly Option<double> _avatars = FeedCommands.Number(
        "--avatars",
        "The share of the users with an avatar (a picture drawn from --seed); 0: none.",
        SeedDefaults.Avatars,
        v => v is >= 0 and <= 1,
        "must be a share from 0 to 1 (0.5 is 50 %)");

    private readonly Option<bool> _live = new("--live")
    {
        Description = "Live fake traffic instead of a seed: the seeded users post, like, join, edit and delete " +
            "through the API's own writes, at --rate for --duration.",
    };

    private readonly Option<double> _rate = new("--rate")
    {
        Description = $"Live traffic's rate: actions per second, minute or hour (2/s, 30/m, 500/h). [default: {LiveDefaults.Rate}/s]",
        CustomParser = ParseRate,
    };

    private readonly Option<TimeSpan> _duration = new("--duration")
    {
        Description = "How long live traffic runs: 90s, 10m, 2h, 90 (seconds) or h:mm:ss. [default: 10m]",
        CustomParser = ParseDuration,
    };

    private readonly Option<int> _clients = FeedCommands.Number(
        "--clients",
        "Live actions that may run at once.",
        LiveDefaults.Clients,
        v => v is >= 1 and <= 64,
        "must be a whole number from 1 to 64");

    public IEnumerable<Option> All =>
        [
            _follows, _celebrities, _celebrityFollowers, _ties, _deleted, _activeAuthor, _popular, _viral, _photos, _avatars, _live,
            _rate, _duration, _clients,
        ];

    /// <summary>
    /// Options given that do not apply to what was asked (a seed's with <c>--live</c>, live traffic's without): refused, not ignored.
    /// </summary>
    public string? Inapplicable(ParseResult parse, IEnumerable<Option> seedOnly)
    {
        var live = parse.GetValue(_live);
        Option[] scenarios =
            [_follows, _celebrities, _celebrityFollowers, _ties, _deleted, _activeAuthor, _popular, _viral, _photos, _avatars];
        var given = (live ? seedOnly.Concat(scenarios) : [_rate, _duration, _clients])
            .Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        return given.Count == 0 ? null
            : live ? $"{string.Join(", ", given)}: a seed's options; --live acts on the feed as it is."
            : $"{string.Join(", ", given)}: live traffic's options; add --live.";
    }

    public SeedOptions Apply(ParseResult parse, SeedOptions options) => options with
    {
        FollowsPerUser = parse.GetValue(_follows),
        Celebrities = parse.GetValue(_celebrities),
        CelebrityFollowers = parse.GetValue(_celebrityFollowers),
        Ties = parse.GetValue(_ties),
        Deleted = parse.GetValue(_deleted),
        ActiveAuthor = parse.GetValue(_activeAuthor),
        Popular = parse.GetValue(_popular),
        Viral = parse.GetValue(_viral),
        Photos = parse.GetValue(_photos),
        Avatars = parse.GetValue(_avatars),
    };

    /// <summary>Live traffic's options when <c>--live</c> is given, else null.</summary>
    public LiveOptions? Live(ParseResult parse, SeedOptions options) => parse.GetValue(_live)
        ? new LiveOptions
        {
            Rate = parse.GetResult(_rate) is null ? LiveDefaults.Rate : parse.GetValue(_rate),
            Duration = parse.GetResult(_duration) is null ? LiveDefaults.Duration : parse.GetValue(_duration),
            Clients = parse.GetValue(_clients),
            Seed = options.Seed,
            Locale = options.Locale,
        }
        : null;

    private static Option<double> Share(string name, string description) =>
        FeedCommands.Number(name, description, 0.0, v => v is >= 0 and <= 1, "must be a share from 0 to 1 (0.05 is 5 %)");

    private static double ParseRate(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var match = RateText().Match(text);
        if (match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var count))
        {
            var rate = count / (match.Groups[2].Value switch { "m" => 60, "h" => 3600, _ => 1 });
            if (rate is > 0 and <= 1_000)
            {
                return rate;
            }
        }

        result.AddError(
            $"--rate takes actions per second, minute or hour, more than 0 and at most 1000/s, e.g. 2/s or 30/m; got '{text}'.");
        return LiveDefaults.Rate;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var match = DurationText().Match(text);
        var duration = TryParseCount(match, out var count)
            ? count * UnitOf(match.Groups[2].Value)
            : TryParseClock(text, out var parsed) ? parsed : TimeSpan.Zero; // a bare 5 is 5 s, never 5 days
        if (duration > TimeSpan.Zero && duration <= TimeSpan.FromDays(7))
        {
            return duration;
        }

        result.AddError($"--duration takes a time of more than 0 and at most 7 days, e.g. 90s, 10m or 2h; got '{text}'.");
        return LiveDefaults.Duration;
    }

    private static bool TryParseCount(Match match, out double count)
    {
        count = 0;
        return match.Success && double.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out count);
    }

    private static TimeSpan UnitOf(string suffix) => suffix switch
    {
        "m" => TimeSpan.FromMinutes(1),
        "h" => TimeSpan.FromHours(1),
        _ => TimeSpan.FromSeconds(1),
    };

    private static bool TryParseClock(string text, out TimeSpan time)
    {
        time = TimeSpan.Zero;
        return text.Count(c => c == ':') == 2 && TimeSpan.TryParseExact(text, @"h\:mm\:ss", CultureInfo.InvariantCulture, out time);
    }

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:/\s*([smh]))?\s*$")]
    private static partial Regex RateText();

    [GeneratedRegex(@"^\s*([0-9]+(?:\.[0-9]+)?)\s*([smh]?)\s*$")]
    private static partial Regex DurationText();
}
