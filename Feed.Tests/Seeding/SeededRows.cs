using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Seeding;

/// <summary>A seeded database's follows and homes as lines in one order: two databases compare line by line.</summary>
internal static class SeededRows
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Every follow with its time, then every user's follow counts.</summary>
    public static async Task<List<string>> FollowsAsync(FeedApp app)
    {
        await using var scope = app.Db();
        var db = scope.Context;
        var follows = await db.Follows.OrderBy(f => f.FollowerId).ThenBy(f => f.FolloweeId)
            .Select(f => new { f.FollowerId, f.FolloweeId, f.CreatedAt }).ToListAsync(Cancel);
        var counts = await db.Users.OrderBy(u => u.Id).Select(u => new { u.Id, u.FollowerCount, u.FollowingCount }).ToListAsync(Cancel);
        return [.. follows.Select(f => $"{f.FollowerId}→{f.FolloweeId} {f.CreatedAt:O}"), .. counts.Select(c => $"{c}")];
    }

    /// <summary>Every home entry: item, owner, arrival, author, kind.</summary>
    public static async Task<List<string>> HomesAsync(FeedApp app)
    {
        await using var scope = app.Db();
        var homes = await scope.Context.HomeEntries.OrderBy(h => h.ItemId).ThenBy(h => h.OwnerId)
            .Select(h => new { h.ItemId, h.OwnerId, h.ArrivedAt, h.AuthorId, h.Kind }).ToListAsync(Cancel);
        return [.. homes.Select(h => $"{h.ItemId} {h.OwnerId} {h.ArrivedAt:O} {h.AuthorId} {h.Kind}")];
    }
}
