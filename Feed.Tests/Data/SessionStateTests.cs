using System.Net.Http.Json;
using Feed.Api.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Data;

/// <summary>
/// The API's MySQL connections are not reset between requests (one round trip a page, not three),
/// which is safe only while no request leaves session state behind (Data/MySqlPools.cs).
/// </summary>
public sealed class SessionStateTests_MariaDb(SingleConnectionMariaDbApp app) : FeedTest<SingleConnectionMariaDbApp>(app)
{
    [Fact]
    public async Task A_page_is_one_round_trip_to_the_database()
    {
        // The other test of the class may have seeded first.
        (await App.RunVerbAsync("seed", "--items", "200", "--users", "10", "--seed", "7", "--reset", "--force")).ExitCode.Should().Be(0);
        var client = App.CreateClient();
        var deep = await CursorAtAsync(100);
        var urls = new[] { "/feed?limit=20", $"/feed?limit=20&before={deep}", "/posts", "/games?limit=5", "/teams" };
        foreach (var url in urls)
        {
            (await client.GetAsync(url, Cancel)).EnsureSuccessStatusCode(); // warm: the pool's one connection is open
        }

        var (session, before) = await SessionQuestionsAsync();
        foreach (var url in urls)
        {
            (await client.GetAsync(url, Cancel)).EnsureSuccessStatusCode();
        }

        var (sessionAfter, after) = await SessionQuestionsAsync();

        sessionAfter.Should().Be(session, "the pool has one connection: every request ran on this session");
        (after - before).Should().Be(urls.Length + 1,
            "each page sends one statement (no reset, no SET NAMES), and the count itself is one more");
    }

    [Fact]
    public async Task A_seed_and_failed_writes_leave_the_pooled_session_as_the_server_made_it()
    {
        var expected = await SessionSettingsAsync();
        await using (var scope = App.Db()) // the API's own services and pool, as a seed job uses them
        {
            var options = new SeedOptions { Items = 300, Users = 10, Reset = true, Force = true };
            await FeedSeeder.SeedAsync(scope.Context, options, null, Cancel);
        }

        var writer = App.ClientFor((await App.AddUsersAsync(1, seed: 80))[0]);
        var posted = await writer.PostAsJsonAsync("/posts", new { title = "t", body = "b" }, Cancel);
        posted.EnsureSuccessStatusCode();
        var missing = await writer.PutAsync("/feed/999999999/like", null, Cancel);
        missing.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);

        (await SessionSettingsAsync()).Should().Be(expected,
            "a seed's session settings (foreign_key_checks, unique_checks) are made on a connection of its own");
    }

    private async Task<(long Connection, long Questions)> SessionQuestionsAsync()
    {
        await using var scope = App.Db();
        var row = await scope.Context.Database.SqlQueryRaw<SessionRow>(
            "SELECT CONNECTION_ID() AS Connection, CAST(VARIABLE_VALUE AS SIGNED) AS Questions " +
            "FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Questions'")
            .SingleAsync(Cancel);
        return (row.Connection, row.Questions);
    }

    private async Task<string> SessionSettingsAsync()
    {
        await using var scope = App.Db();
        return await scope.Context.Database.SqlQueryRaw<string>(
            "SELECT CONCAT_WS(',', @@session.foreign_key_checks, @@session.unique_checks, @@session.tx_isolation, " +
            "@@session.autocommit, @@in_transaction) AS Value")
            .SingleAsync(Cancel);
    }

    private sealed record SessionRow(long Connection, long Questions);
}
