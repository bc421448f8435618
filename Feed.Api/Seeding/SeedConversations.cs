using Bogus;
using Feed.Domain;

namespace Feed.Api.Seeding;

/// <summary>
/// A seeded comment: <see cref="Comment"/>'s columns. A batch numbers its comments from 1; the seeder moves them past the
/// batches written before (<see cref="SeedConversations.Numbered"/>), as it writes them in order.
/// </summary>
public readonly record struct SeededComment(
    long Id, long ItemId, long AuthorId, string Text, long? ReplyToId, DateTime ThreadAt, DateTime CreatedAt, int ReplyCount);

/// <summary>
/// The conversations under seeded items (<see cref="SeedOptions.CommentsPerItem"/>, <see cref="SeedOptions.Viral"/>): a skewed
/// number of comments per item, each some time after the item (never after the seed's end), about
/// <see cref="ReplyShare"/> of them replies to an earlier top-level comment (one level, as <see cref="Comment"/> has it:
/// the thread's time is the top-level comment's, a reply comes after it), often by the item's author.
/// </summary>
internal static class SeedConversations
{
    /// <summary>The share of the comments (after an item's first) that answer an earlier comment rather than the item.</summary>
    public const double ReplyShare = 0.3;

    /// <summary>The share of the replies written by the item's author, answering their guests.</summary>
    public const double AuthorReplies = 0.25;

    /// <summary>The most comments one ordinary item gets, however skewed the draw.</summary>
    public const int MaxPerItem = 10_000;

    /// <summary>The most comments <see cref="SeedOptions.Viral"/> may ask for on its post.</summary>
    public const int MaxViral = 100_000;

    /// <summary>A skewed number of comments (geometric, mean <paramref name="mean"/>: most items none or a few, some many).</summary>
    public static int Count(Randomizer random, double mean) =>
        mean <= 0 ? 0 : (int)Math.Min(Math.Floor(Math.Log(1 - random.Double()) / Math.Log(mean / (mean + 1))), MaxPerItem);

    /// <summary>
    /// <paramref name="count"/> comments under the item, in the order they were written, numbered from
    /// <paramref name="firstId"/>: text from <paramref name="talk"/>, times and people from <paramref name="random"/>.
    /// </summary>
    public static List<SeededComment> Thread(
        FeedFaker talk, Randomizer random, SeededItem item, int count, int users, DateTime until, long firstId)
    {
        var times = new DateTime[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = FeedTime.ToFeedPrecision(SeedScenarios.Later(random, item.Item.CreatedAt, until));
        }

        Array.Sort(times);
        var comments = new List<SeededComment>(count);
        var tops = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var at = times[i];
            var parent = -1;
            if (tops.Count > 0 && random.Double() < ReplyShare)
            {
                var candidate = tops[random.Int(0, tops.Count - 1)];
                parent = comments[candidate].CreatedAt < at ? candidate : -1; // a reply comes after what it answers
            }

            var id = firstId + i;
            if (parent < 0)
            {
                tops.Add(i);
                comments.Add(new SeededComment(id, item.Id, random.Long(1, users), talk.Comment(reply: false), null, at, at, 0));
                continue;
            }

            var answered = comments[parent];
            comments[parent] = answered with { ReplyCount = answered.ReplyCount + 1 };
            var author = random.Double() < AuthorReplies ? item.Item.AuthorId : random.Long(1, users);
            comments.Add(new SeededComment(id, item.Id, author, talk.Comment(reply: true), answered.Id, answered.CreatedAt, at, 0));
        }

        return comments;
    }

    /// <summary>The batch's comments numbered after the <paramref name="before"/> comments of the batches written before it.</summary>
    public static SeededItem[] Numbered(SeededItem[] batch, long before) => before == 0 ? batch :
    [
        .. batch.Select(i => i.Comments.Count == 0 ? i : i with
        {
            Comments = [.. i.Comments.Select(c => c with { Id = c.Id + before, ReplyToId = c.ReplyToId + before })],
        }),
    ];

    /// <summary>
    /// The viral post's place (<see cref="SeedOptions.Viral"/>): the newest item at least a day older than the seed's end,
    /// so that its comments have a day to come in (the oldest item when every one is newer); -1 for none.
    /// </summary>
    public static int ViralIndex(DateTime[] times, SeedOptions options)
    {
        if (options.Viral <= 0 || times.Length == 0)
        {
            return -1;
        }

        var before = FeedTime.ToFeedPrecision(options.Until) - TimeSpan.FromDays(1);
        var index = Array.BinarySearch(times, before);
        index = index >= 0 ? LastOf(times, index) : ~index - 1;
        return Math.Max(index, 0);
    }

    private static int LastOf(DateTime[] times, int index)
    {
        while (index + 1 < times.Length && times[index + 1] == times[index])
        {
            index++;
        }

        return index;
    }

    /// <summary>
    /// The viral post in the place of the item drawn there (which is dropped: the batch's streams go on as without it),
    /// by the same author at the same time: liked by <see cref="SeedOptions.Viral"/> users (at most all of them), with as
    /// many comments, from streams of its own.
    /// </summary>
    public static SeededItem Viral(SeedOptions options, SeededItem drawn, DateTime until, long firstId)
    {
        var random = new Randomizer(unchecked((options.Seed * 1_000_099) + 5));
        var talk = new FeedFaker(unchecked((options.Seed * 1_000_117) + 6), options.Locale);
        var post = talk.Post(drawn.Item.AuthorId, drawn.Item.CreatedAt);
        var likes = random.Shuffle(Enumerable.Range(1, options.Users)).Take(Math.Min(options.Viral, options.Users))
            .Select(user => new Like(drawn.Id, user, SeedScenarios.Later(random, post.CreatedAt, until)))
            .ToList();
        var viral = new SeededItem(drawn.Id, post, likes, [], []);
        return viral with { Comments = Thread(talk, random, viral, options.Viral, options.Users, until, firstId) };
    }
}
