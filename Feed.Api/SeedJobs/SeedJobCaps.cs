using Feed.Api.Seeding;

namespace Feed.Api.SeedJobs;

/// <summary>
/// What a job over HTTP may ask for. A job runs inside the API's process, beside the requests it
/// serves, so its memory is capped by what it asks (the <c>seed</c> verb, a process of its own, is
/// not). The seeder holds the users, the items' times and four batches of 10,000 items with their
/// likes and members at once; measured on SQLite with the verb under a capped heap
/// (<c>DOTNET_GCHeapHardLimit</c>, 40,000 items): 2 likes / 3 members fit in 64 MiB; 20 / 20 in
/// 128 MiB, 50 / 50 did not; 250,000 users fit in 128 MiB, 500,000 not in 192 MiB, 1,000,000 not in
/// 128 MiB; 2,000,000 items in 128 MiB; 100,000 users with 20 likes and 20 members and popular items
/// (about 500,000 likes and members a batch) not in 160 MiB: hence a budget of likes and members per
/// batch rather than caps alone. A job at the caps fits in 160 MiB (<c>SeedJobMemoryTests</c>; usually 128), well
/// under the 384 MiB heap compose.yaml's 512 MiB limit gives.
/// </summary>
public static class SeedJobCaps
{
    public const int Items = 2_000_000;

    public const int Users = 100_000;

    /// <summary>The mean likes per item, and the mean members per game or team.</summary>
    public const int PerItem = 20;

    /// <summary>
    /// The mean follows per user. The seeder holds the follows of a batch of 1,000 users at a time (four
    /// batches, like the items): with <see cref="Celebrities"/> at most 110,000 follows a batch. The
    /// follows and the homes are bounded by the seeder itself (<see cref="FollowGraph.MaxFollows"/>,
    /// <see cref="FollowGraph.MaxHomeEntries"/>); the homes are written by the database, not in memory.
    /// </summary>
    public const int FollowsPerUser = 100;

    /// <summary>The celebrities a seed job may ask for (users 1 to N, each followed by a share of everyone).</summary>
    public const int Celebrities = 10;

    /// <summary>
    /// The likes, members and comments one batch of 10,000 items may hold: <c>10,000 × (likesPerItem +
    /// membersPerItem + 4 × commentsPerItem)</c> and the popular items' <c>popular × 10,000 × users</c> (each is liked and
    /// joined by a quarter to all of the users) together; 10 likes and 10 members an item, or 20 likes, or 5 comments.
    /// </summary>
    public const int InteractionsPerBatch = 200_000;

    /// <summary>
    /// What one comment weighs in <see cref="InteractionsPerBatch"/>, in likes: a seeded comment holds its text (a line, UTF-16)
    /// besides its numbers, about four likes' memory. So a job may ask for up to 5 comments an item with no likes or members.
    /// </summary>
    public const int CommentWeight = 4;

    /// <summary>The comments (and likes) of the viral post (<see cref="SeedOptions.Viral"/>): one item, held once.</summary>
    public const int Viral = 20_000;

    /// <summary>A live job's actions per second: a signed-in user's sustained write rate (RateLimiting:User).</summary>
    public const int Rate = 20;

    /// <summary>A live job's actions at once, each on a connection of the pool the API serves from.</summary>
    public const int Clients = 8;

    public const int DurationSeconds = 24 * 3600;

    /// <summary>
    /// A live job's budget: rate × duration, the actions it does (an hour at the top rate, ten at the
    /// default 2/s); with the clients capped, what it adds to the database stays a small share of it.
    /// </summary>
    public const int Actions = 72_000;

    /// <summary>
    /// About the likes, members and comments (by <see cref="CommentWeight"/>) one batch holds (see <see cref="InteractionsPerBatch"/>).
    /// </summary>
    public static double InteractionsPerBatchOf(
        long items, long users, double likesPerItem, double membersPerItem, double popular, double commentsPerItem = 0)
    {
        var batch = Math.Min(items, FeedSeeder.BatchSize);
        return (batch * (likesPerItem + membersPerItem + (CommentWeight * commentsPerItem)))
            + SeedScenarios.PopularLikes(batch, users, popular);
    }
}
