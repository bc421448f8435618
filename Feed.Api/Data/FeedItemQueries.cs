using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Data;

public static class FeedItemQueries
{
    /// <summary>
    /// The items of some kinds, by the discriminator column (so the <c>(Discriminator, CreatedAt, Id)</c>
    /// index serves it); all kinds, or none named, is every item.
    /// </summary>
    public static IQueryable<FeedItem> OfKinds(this IQueryable<FeedItem> items, IReadOnlyCollection<string> kinds)
    {
        if (kinds.Count == 0 || FeedKinds.All.All(kinds.Contains))
        {
            return items;
        }

        if (kinds.Count == 1)
        {
            var kind = kinds.First();
            return items.Where(i => EF.Property<string>(i, FeedDbContext.Discriminator) == EF.Constant(kind));
        }

        var some = kinds.ToArray();
        return items.Where(i => EF.Constant(some).Contains(EF.Property<string>(i, FeedDbContext.Discriminator)));
    }
}
