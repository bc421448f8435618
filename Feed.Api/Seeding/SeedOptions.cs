namespace Feed.Api.Seeding;

/// <summary>What QA's <c>seed</c> verb makes. The same options give the same rows, byte for byte.</summary>
public sealed record SeedOptions
{
    /// <summary>The default end of the seeded time span: fixed, so that the options alone decide the content.</summary>
    public static readonly DateTime DefaultUntil = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public int Items { get; init; } = 10_000;

    public int Seed { get; init; } = 42;

    public int Users { get; init; } = 1_000;

    public KindMix Mix { get; init; } = KindMix.Default;

    /// <summary>The mean number of likes per item; the counts are skewed (most items few, some many).</summary>
    public double LikesPerItem { get; init; } = 2;

    /// <summary>The mean number of members per game or team, skewed like the likes.</summary>
    public double MembersPerItem { get; init; } = 3;

    /// <summary>
    /// The mean number of comments per item, replies included (<see cref="SeedConversations"/>): skewed like the likes, so
    /// most items have none or a few and some a long conversation; with 1, about half the items have none.
    /// </summary>
    public double CommentsPerItem { get; init; } = 1;

    /// <summary>How far back the oldest item lies, about.</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromDays(365);

    /// <summary>The newest item's time (UTC).</summary>
    public DateTime Until { get; init; } = DefaultUntil;

    /// <summary>
    /// Scenario: runs of this many items sharing one timestamp (longer than a page, to test paging
    /// through ties), one run in every ten times as many items; 0 for none.
    /// </summary>
    public int Ties { get; init; }

    /// <summary>
    /// Scenario: this share of the items was deleted, spread through the feed (their ids are gaps; their likes and members gone too).
    /// </summary>
    public double Deleted { get; init; }

    /// <summary>Scenario: this share of the items is written by one very active author, user 1 (the others pick authors evenly).</summary>
    public double ActiveAuthor { get; init; }

    /// <summary>
    /// Scenario: this share of the items is popular: liked (and, for games and teams, joined) by a quarter to all of the users.
    /// </summary>
    public double Popular { get; init; }

    /// <summary>
    /// Scenario: one viral post (the newest item a day or more old) liked by this many users (at most all of them) and with
    /// this many comments, replies included; 0: none.
    /// </summary>
    public int Viral { get; init; }

    /// <summary>
    /// The mean number of people each user follows (0: no follows). Whom is drawn from a power law
    /// (<see cref="FollowGraph"/>): a few accounts are followed by most users, most by a few.
    /// </summary>
    public double FollowsPerUser { get; init; } = 20;

    /// <summary>Scenario: users 1 to this many are celebrities, followed by <see cref="CelebrityFollowers"/> of the others.</summary>
    public int Celebrities { get; init; }

    /// <summary>The share of the users who follow each celebrity (<see cref="Celebrities"/>), on top of their other follows.</summary>
    public double CelebrityFollowers { get; init; } = 0.9;

    /// <summary>
    /// The share of the posts that carry 1 to 4 photos (<see cref="SeedPictures"/>: drawn from the seed, no network), written
    /// ready with every rendition through the media store; 0: none.
    /// </summary>
    public double Photos { get; init; }

    /// <summary>The share of the users with an avatar (a generated square picture); 0: none.</summary>
    public double Avatars { get; init; }

    /// <summary>The language of the content: <c>en</c> or <c>ko</c> (<see cref="Content.FeedContent.Locales"/>).</summary>
    public string Locale { get; init; } = "en";

    /// <summary>Delete the feed (items, likes, memberships, comments, notifications, users …) first, in the same transaction.</summary>
    public bool Reset { get; init; }

    /// <summary>Allow <see cref="Reset"/> to delete users who can sign in, and everything they wrote.</summary>
    public bool Force { get; init; }
}

/// <summary>
/// How far a seeding run has come, and what it is doing (<see cref="SeedPhase"/>): 100 % of the items is not the end.
/// <paramref name="Delivered"/>: while <see cref="SeedPhase.Delivering"/>, the items (by id) already in their homes.
/// </summary>
/// <paramref name="Photos"/>: the media (photos and avatars) written so far, their files in the store.
public sealed record SeedProgress(
    long Items, long TotalItems, long Rows, TimeSpan Elapsed, string Phase = SeedPhase.Generating, long Delivered = 0, long Photos = 0)
{
    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;

    /// <summary>The time left while the items are made (or live actions done), judged by their rate so far; null after.</summary>
    public TimeSpan? Remaining => Items > 0 && Phase is SeedPhase.Generating or SeedPhase.Acting
        ? Elapsed * ((double)(TotalItems - Items) / Items)
        : null;
}

/// <summary>
/// What a seeding run (or a seed job) is doing: the items are all made long before a large seed ends
/// (indexes, the commit, the digest), so progress says which step it is in.
/// </summary>
public static class SeedPhase
{
    public const string Queued = "queued";

    /// <summary>Deleting the feed it replaces (<see cref="SeedOptions.Reset"/>).</summary>
    public const string Resetting = "resetting";

    /// <summary>Drawing the seed's pool of pictures (<see cref="SeedOptions.Photos"/>, <see cref="SeedOptions.Avatars"/>).</summary>
    public const string Pictures = "pictures";

    /// <summary>Making and writing users, items, likes, members and comments: the items count moves.</summary>
    public const string Generating = "generating";

    /// <summary>Building the indexes dropped for the bulk load (SQLite).</summary>
    public const string Indexing = "indexing";

    /// <summary>Putting every item in its author's home and in each follower's (<c>GET /home</c>), in chunks of items.</summary>
    public const string Delivering = "delivering";

    public const string Committing = "committing";

    /// <summary>A job after its commit: the QA account, then the digest of what was written.</summary>
    public const string Digesting = "digesting";

    /// <summary>Live traffic: acting on the feed.</summary>
    public const string Acting = "acting";

    public const string Done = "done";

    public const string Failed = "failed";

    public const string Cancelled = "cancelled";
}

/// <summary>
/// What a seeding run wrote: <paramref name="HomeEntries"/> are the items in the homes (authors' and followers');
/// <paramref name="Photos"/> the posts' media, on <paramref name="PhotoPosts"/> posts; <paramref name="Avatars"/> the users';
/// <paramref name="Comments"/> the items' comments, replies included.
/// </summary>
public sealed record SeedResult(
    long Users, long Items, long Likes, long Memberships, long Follows, long HomeEntries, TimeSpan Elapsed,
    long Photos = 0, long PhotoPosts = 0, long Avatars = 0, long Comments = 0)
{
    public long Rows => Users + Items + Likes + Memberships + Follows + HomeEntries + Photos + Avatars + Comments;

    public double RowsPerSecond => Elapsed > TimeSpan.Zero ? Rows / Elapsed.TotalSeconds : 0;
}

/// <summary>Seeding would destroy or mix with data it must not touch; nothing was written.</summary>
public sealed class SeedRefusedException(string message) : Exception(message);
