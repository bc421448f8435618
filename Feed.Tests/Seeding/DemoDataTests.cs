using System.Net;
using System.Net.Http.Json;
using Feed.Api.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Seeding;

/// <summary>The demo account's password is in the README: only a developer's machine may have it.</summary>
public sealed class DemoDataTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>
    /// The embedded default as it starts in <paramref name="environment"/>, with <c>Database:DemoData</c>
    /// unset unless given.
    /// </summary>
    private static Task<FeedApp> StartAsync(string environment, string? demoData) =>
        FeedApp.StartAsync(Engine.Sqlite, AppSetup.Default.In(environment).With("Database:DemoData", demoData ?? ""));

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Development", null, true)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task The_demo_user_and_items_exist_only_in_Development_unless_asked_for(
        string environment, string? demoData, bool expected)
    {
        await using var app = await StartAsync(environment, demoData);

        var signIn = await app.CreateClient()
            .PostAsJsonAsync("/auth/token", new { name = DemoData.UserName, password = DemoData.Password }, Cancel);
        await using var scope = app.Db();
        var items = await scope.Context.FeedItems.CountAsync(Cancel);

        signIn.StatusCode.Should().Be(expected ? HttpStatusCode.OK : HttpStatusCode.Unauthorized);
        (items > 0).Should().Be(expected);
    }

    [Fact]
    public async Task The_demo_feed_is_made_by_the_seeder_with_people_likes_members_and_the_demo_user_among_its_authors()
    {
        await using var app = await StartAsync("Development", demoData: null);
        await using var scope = app.Db();
        var db = scope.Context;

        var items = await db.FeedItems.AsNoTracking().OrderBy(i => i.Id).ToListAsync(Cancel);
        var demo = await db.Users.SingleAsync(u => u.Name == DemoData.UserName, Cancel);
        var names = await db.Users.Where(u => u.Id != demo.Id).Select(u => u.Name).ToListAsync(Cancel);

        items.Should().HaveCount(DemoData.Options(DateTime.UtcNow).Items);
        items.Select(i => i.CreatedAt).Should().BeInAscendingOrder("ids follow time");
        items[^1].CreatedAt.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(5));
        items.Select(i => i.AuthorId).Distinct().Should().HaveCountGreaterThan(30);
        items.Count(i => i.AuthorId == demo.Id).Should().Be(items.Count / DemoData.DemoAuthorsEvery);
        items.Count(i => i.LikeCount > 0).Should().BeGreaterThan(items.Count / 2);
        items.OfType<Feed.Domain.JoinableItem>().Count(i => i.JoinedCount > 0).Should().BeGreaterThan(50);
        names.Should().OnlyContain(n => n.Contains(' ') && !n.Any(char.IsDigit));
        (await db.FeedItems.CountAsync(i => i.LikeCount != db.Likes.Count(l => l.ItemId == i.Id), Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task The_demo_user_follows_the_most_followed_people_and_their_home_has_their_items_and_the_demos_own()
    {
        await using var app = await StartAsync("Development", demoData: null);
        var client = app.CreateClient();
        var signIn = await client.PostAsJsonAsync("/auth/token", new { name = DemoData.UserName, password = DemoData.Password }, Cancel);
        var token = (string)(await signIn.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        await using var scope = app.Db();
        var db = scope.Context;
        var demo = await db.Users.SingleAsync(u => u.Name == DemoData.UserName, Cancel);
        var followed = await db.Follows.Where(f => f.FollowerId == demo.Id).Select(f => f.FolloweeId).ToListAsync(Cancel);
        var mostFollowed = await db.Users.Where(u => u.Id != demo.Id).OrderByDescending(u => u.FollowerCount).ThenBy(u => u.Id)
            .Take(DemoData.DemoFollows).Select(u => u.Id).ToListAsync(Cancel);
        var fans = await db.Follows.Where(f => f.FolloweeId == demo.Id).Select(f => f.FollowerId).ToListAsync(Cancel);

        var home = await client.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/home?limit=100", Cancel);

        followed.Should().BeEquivalentTo(mostFollowed);
        fans.Should().HaveCount(DemoData.DemoFollowers).And.NotIntersectWith(followed, "someone to follow back");
        (demo.FollowingCount, demo.FollowerCount).Should().Be((DemoData.DemoFollows, DemoData.DemoFollowers));
        var authors = home!["items"]!.AsArray().Select(i => (long)i!["author"]!["id"]!).ToList();
        authors.Should().HaveCount(100, "the home is full at once").And.Contain(demo.Id);
        authors.Should().OnlyContain(a => a == demo.Id || followed.Contains(a));
        (await db.HomeEntries.CountAsync(h => h.OwnerId != h.AuthorId
                && !db.Follows.Any(f => f.FollowerId == h.OwnerId && f.FolloweeId == h.AuthorId), Cancel))
            .Should().Be(0, "the items the demo took over left their seeded author's homes");
        (await db.Users.CountAsync(
                u => u.FollowerCount != db.Follows.Count(f => f.FolloweeId == u.Id)
                    || u.FollowingCount != db.Follows.Count(f => f.FollowerId == u.Id),
                Cancel))
            .Should().Be(0);
    }
}
