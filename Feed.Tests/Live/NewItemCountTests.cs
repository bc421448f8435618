using System.Net;
using Feed.Domain;

namespace Feed.Tests.Live;

public sealed class NewItemCountTests_Sqlite(SqliteApp app) : NewItemCountTests<SqliteApp>(app);

public sealed class NewItemCountTests_MariaDb(MariaDbApp app) : NewItemCountTests<MariaDbApp>(app);

/// <summary>The "N new posts" pill: a count of what lies above a refresh cursor, stopped at 100.</summary>
public abstract class NewItemCountTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    public override async ValueTask InitializeAsync() =>
        await App.ArrangeOnceAsync("new-count feed", async () =>
        {
            var users = await App.AddUsersAsync(5, seed: 181);
            await App.AddItemsAsync(400, users, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), TimeSpan.FromDays(1), seed: 181);
        });

    [Theory]
    [InlineData(1, 0)]
    [InlineData(38, 37)]
    [InlineData(101, 100)]
    public async Task The_count_is_what_a_walk_finds_above_the_cursor(int depth, int expected)
    {
        var cursor = await CursorAtAsync(depth);

        var count = await ReadJsonAsync(await App.CreateClient().GetAsync($"/feed/new-count?after={cursor}", Cancel));

        ((int)count["count"]!, (bool)count["capped"]!).Should().Be((expected, false));
    }

    [Fact]
    public async Task Past_100_the_count_is_capped_and_one_SQL_command_whatever_the_depth()
    {
        var deep = await CursorAtAsync(350);

        App.Commands.Reset();
        var count = await ReadJsonAsync(await App.CreateClient().GetAsync($"/feed/new-count?after={deep}", Cancel));

        App.Commands.Count.Should().Be(1);
        ((int)count["count"]!, (bool)count["capped"]!).Should().Be((100, true));
    }

    [Fact]
    public async Task Types_and_an_authors_items_count_their_own_listing_and_refuse_other_cursors()
    {
        var games = await IdsNewestFirstAsync(FeedKinds.Game);
        var gameCursor = await CursorAtAsync(11, FeedKinds.Game);
        var client = App.CreateClient();
        var author = (long)(await ReadJsonAsync(await client.GetAsync($"/feed/{games[0]}", Cancel)))["author"]!["id"]!;
        var authorPage = await ReadJsonAsync(await client.GetAsync($"/users/{author}/items?limit=4", Cancel));
        var authorCursor = (string)authorPage["nextCursor"]!;

        var gameCount = await ReadJsonAsync(await client.GetAsync($"/feed/new-count?types=game&after={gameCursor}", Cancel));
        var authorCount = await ReadJsonAsync(await client.GetAsync($"/users/{author}/items/new-count?after={authorCursor}", Cancel));
        var wrongListing = await client.GetAsync($"/feed/new-count?after={gameCursor}", Cancel);
        var missing = await client.GetAsync("/feed/new-count", Cancel);

        ((int)gameCount["count"]!).Should().Be(10);
        ((int)authorCount["count"]!).Should().Be(3, "the nextCursor is the page's fourth item: three of the author's items lie above it");
        wrongListing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(missing))["errors"]!["after"].Should().NotBeNull();
    }
}
