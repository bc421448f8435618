using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Feed.Api.Seeding;
using Feed.Api.Seeding.Content;
using Feed.Api.Users;

namespace Feed.Api.SeedJobs;

/// <summary>The seed verb's options, as JSON: every field may be left out for the verb's default.</summary>
public sealed record SeedJobRequest(
    [property: Description(
        "`seed` (the default) makes a feed; `live` acts on the feed as its users would (the verb's `--live`): " +
        "posts, likes, joins, edits and deletes at `rate` for `durationSeconds`.")]
    string Kind = SeedJobRequest.SeedKind,
    [property: Range(0, SeedJobCaps.Items)] int Items = 10_000,
    [property: Description("The random seed: the same seed and options give the same feed (a live job: the same actions).")] int Seed = 42,
    [property: Range(1, SeedJobCaps.Users)] int Users = 1_000,
    [property: Description("The share of each kind, e.g. `post=50,game=30,team=20`; the default when left out.")] string? Mix = null,
    [property: Range(0, SeedJobCaps.PerItem)] double LikesPerItem = 2,
    [property: Range(0, SeedJobCaps.PerItem)] double MembersPerItem = 3,
    [property: Description(
        "The mean number of people each user follows (skewed; whom from a power law: a few accounts followed by most users, " +
        "a long tail by few); 0: no follows. Every item is in its author's home and in each follower's."),
        Range(0, SeedJobCaps.FollowsPerUser)]
    double FollowsPerUser = 20,
    [property: Description(
        "Scenario: users 1 to this many are celebrities, each followed by `celebrityFollowers` of the users (on top of " +
        "`followsPerUser`); 0: none."),
        Range(0, SeedJobCaps.Celebrities)]
    int Celebrities = 0,
    [property: Description("The share of the users who follow each celebrity."), Range(0.0, 1.0)] double CelebrityFollowers = 0.9,
    [property: Range(1, 36_500)] int Days = 365,
    [property: Description("The newest item's time (UTC); the verb's fixed default when left out, so a seed means one feed.")]
    DateTime? Until = null,
    [property: Description("`en` or `ko`: the language of names and texts.")] string Locale = "en",
    [property: Description("Delete the feed first, in the same transaction.")] bool Reset = false,
    [property: Description("Allow reset to delete users who can sign in.")] bool Force = false,
    [property: Description(
        "Also make a user who can sign in (QA's account) after the seed, with `qaPassword`. It is an admin, " +
        "so that QA can go on from the browser (a `reset` with `force` deletes every account, the admin who asked included).")]
    string? QaUser = null,
    [property: Description(
        "The QA account's password (8 characters or more). Never stored: it lives in the running job's memory only.")]
    string? QaPassword = null,
    [property: Description(
        "Scenario: runs of this many items sharing one timestamp (0: none; 2 to 10000), one run per ten times as many items."),
        Range(0, SeedScenarios.MaxTies)]
    int Ties = 0,
    [property: Description("Scenario: this share of the items was deleted, spread through the feed."), Range(0.0, 1.0)] double Deleted = 0,
    [property: Description("Scenario: this share of the items is by one very active author (user 1)."), Range(0.0, 1.0)]
    double ActiveAuthor = 0,
    [property: Description("Scenario: this share of the items is liked and joined by a quarter to all of the users."), Range(0.0, 1.0)]
    double Popular = 0,
    [property: Description("A live job's actions per second."), Range(0.01, SeedJobCaps.Rate)] double Rate = 2,
    [property: Description("How long a live job runs, in seconds."), Range(1, SeedJobCaps.DurationSeconds)] int DurationSeconds = 600,
    [property: Description("A live job's actions that may run at once."), Range(1, SeedJobCaps.Clients)] int Clients = 4,
    [property: Description(
        "The share of the posts with 1 to 4 photos: pictures drawn from `seed` (no network), ready with every rendition, " +
        "written to the media store; 0: none."),
        Range(0.0, 1.0)]
    double Photos = 0,
    [property: Description("The share of the users with an avatar (a picture drawn from `seed`); 0: none."), Range(0.0, 1.0)]
    double Avatars = 0,
    [property: Description(
        "The mean number of comments per item, replies included (skewed like the likes: with 1, about half the items have none, " +
        "some a long conversation, where about 30 % of the comments after the first are replies); 0: none. Each weighs four " +
        "likes in the memory budget."),
        Range(0.0, SeedJobCaps.PerItem)]
    double CommentsPerItem = 1,
    [property: Description(
        "Scenario: one viral post (the newest item a day or more old) liked by this many users (at most all) and with this " +
        "many comments, about 30 % of them replies; 0: none."),
        Range(0, SeedJobCaps.Viral)]
    int Viral = 0)
{
    public const string SeedKind = "seed";

    public const string LiveKind = "live";

    /// <summary>What the attributes cannot say, by field; null when the request is sound.</summary>
    public Dictionary<string, string[]>? Errors()
    {
        var errors = new Dictionary<string, string[]>();
        if (Kind is not (SeedKind or LiveKind))
        {
            errors["kind"] = ["kind is `seed` or `live`."];
        }

        if (!FeedContent.Locales.Contains(Locale))
        {
            errors["locale"] = [$"locale is {string.Join(" or ", FeedContent.Locales)}."];
        }

        if (Ties == 1)
        {
            errors["ties"] = ["ties is 0 (none) or a run of at least 2."];
        }

        if (Mix is not null && !KindMix.TryParse(Mix, out _, out var rule))
        {
            errors["mix"] = [$"mix {rule}"];
        }

        if (QaUser is not null && QaPassword is not { Length: >= UserAccounts.PasswordMinLength })
        {
            errors["qaPassword"] = [$"qaPassword must have at least {UserAccounts.PasswordMinLength} characters when qaUser is given."];
        }

        if (QaUser is not null && !Feed.Domain.UserNames.TryNormalize(QaUser, out _, out var nameRule))
        {
            errors["qaUser"] = [$"qaUser: {nameRule}"]; // refused before seeding, not after
        }

        if (Kind == LiveKind)
        {
            // A live job acts on the feed as it is: what only a seed does is refused, not ignored.
            var seedOnly = new[]
            {
                ("reset", Reset),
                ("force", Force),
                ("qaUser", QaUser is not null),
                ("ties", Ties != 0),
                ("deleted", Deleted != 0),
                ("activeAuthor", ActiveAuthor != 0),
                ("popular", Popular != 0),
                ("photos", Photos != 0),
                ("avatars", Avatars != 0),
                ("viral", Viral != 0),
                ("commentsPerItem", CommentsPerItem != Defaults.CommentsPerItem),
                ("followsPerUser", FollowsPerUser != Defaults.FollowsPerUser),
                ("celebrities", Celebrities != 0),
                ("celebrityFollowers", CelebrityFollowers != Defaults.CelebrityFollowers),
            };
            foreach (var (field, given) in seedOnly)
            {
                if (given)
                {
                    errors[field] = [$"{field} is a seed's option: a live job acts on the feed as it is."];
                }
            }
        }

        var interactions = SeedJobCaps.InteractionsPerBatchOf(Items, Users, LikesPerItem, MembersPerItem, Popular, CommentsPerItem);
        if (interactions > SeedJobCaps.InteractionsPerBatch)
        {
            // Each option that adds to it is named: any of them can be lowered.
            var given = new[]
            {
                ("likesPerItem", LikesPerItem), ("membersPerItem", MembersPerItem), ("popular", Popular),
                ("commentsPerItem", CommentsPerItem),
            };
            foreach (var (field, value) in given.Where(g => g.Item2 > 0))
            {
                errors[field] =
                [
                    $"10,000 × (likesPerItem + membersPerItem + 4 × commentsPerItem) + popular × 10,000 × users is {interactions:N0} " +
                    "likes, members and comments (by weight) " +
                    $"in memory at once, over the {SeedJobCaps.InteractionsPerBatch:N0} a job may hold: lower {field}.",
                ];
            }
        }

        if (Kind == LiveKind && Rate * DurationSeconds > SeedJobCaps.Actions)
        {
            errors["durationSeconds"] =
                [$"rate × durationSeconds is at most {SeedJobCaps.Actions:N0} actions a job: lower the rate or the duration."];
        }

        FollowErrors(errors);
        if (SeedScenarios.PopularLikes(Items, Users, Popular) > SeedScenarios.MaxPopularLikes)
        {
            errors["popular"] =
                [$"popular × items × users would make more than {SeedScenarios.MaxPopularLikes:N0} likes: lower one of them."];
        }

        return errors.Count > 0 ? errors : null;
    }

    private static readonly SeedOptions Defaults = new();

    /// <summary>The follow graph's bounds (<see cref="FollowGraph"/>), each option that adds to one named.</summary>
    private void FollowErrors(Dictionary<string, string[]> errors)
    {
        if (Users < 1 || Kind == LiveKind)
        {
            return; // the users' own range says so; a live job makes no follows
        }

        if (Celebrities > Users)
        {
            errors["celebrities"] = ["celebrities is at most users: users 1 to N are the celebrities."];
            return;
        }

        var options = new SeedOptions
        {
            Items = Items,
            Users = Users,
            Deleted = Deleted,
            ActiveAuthor = ActiveAuthor,
            FollowsPerUser = FollowsPerUser,
            Celebrities = Celebrities,
            CelebrityFollowers = CelebrityFollowers,
        };
        var follows = FollowGraph.ExpectedFollows(options);
        var homes = FollowGraph.ExpectedHomeEntries(options);
        if (follows > FollowGraph.MaxFollows)
        {
            foreach (var field in new[] { "followsPerUser", "celebrities", "users" })
            {
                errors[field] = [$"These options would make about {follows:N0} follows, over the {FollowGraph.MaxFollows:N0} " +
                    $"a seed may make: lower {field}."];
            }
        }
        else if (homes > FollowGraph.MaxHomeEntries)
        {
            foreach (var field in new[] { "items", "followsPerUser", "celebrities" }.Concat(ActiveAuthor > 0 ? ["activeAuthor"] : []))
            {
                errors[field] = [$"These options would make about {homes:N0} home entries (each item in its author's home and " +
                    $"each follower's), over the {FollowGraph.MaxHomeEntries:N0} a seed may make: lower {field}."];
            }
        }
    }

    public SeedOptions ToOptions() => new()
    {
        Items = Items,
        Seed = Seed,
        Users = Users,
        Mix = Mix is null ? KindMix.Default : KindMix.TryParse(Mix, out var mix, out _) ? mix! : throw new ArgumentException("mix"),
        LikesPerItem = LikesPerItem,
        MembersPerItem = MembersPerItem,
        Span = TimeSpan.FromDays(Days),
        Until = Until ?? SeedOptions.DefaultUntil,
        Locale = Locale,
        Reset = Reset,
        Force = Force,
        Ties = Ties,
        Deleted = Deleted,
        ActiveAuthor = ActiveAuthor,
        Popular = Popular,
        Photos = Photos,
        Avatars = Avatars,
        CommentsPerItem = CommentsPerItem,
        Viral = Viral,
        FollowsPerUser = FollowsPerUser,
        Celebrities = Celebrities,
        CelebrityFollowers = CelebrityFollowers,
    };

    public LiveOptions ToLiveOptions() => new()
    {
        Rate = Rate,
        Duration = TimeSpan.FromSeconds(DurationSeconds),
        Clients = Clients,
        Seed = Seed,
        Locale = Locale,
    };
}
