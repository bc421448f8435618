using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Items;

/// <summary>How the feed is stored and said: one table for every kind, timestamps and links on the wire, an item as created.</summary>
public abstract partial class FeedPagingTests<TApp>
{
    [Fact]
    public async Task Every_kind_lives_in_one_table_told_apart_by_a_discriminator()
    {
        await using var scope = App.Db();
        var db = scope.Context;
        var columnsSql = db.Database.IsSqlite()
            ? "SELECT m.name AS TableName, p.name AS ColumnName " +
                "FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'"
            : "SELECT TABLE_NAME AS TableName, COLUMN_NAME AS ColumnName FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()";

        var columns = await db.Database.SqlQueryRaw<TableColumn>(columnsSql).ToListAsync(Cancel);
        var kinds = await db.Database.SqlQueryRaw<string>("SELECT DISTINCT Discriminator AS Value FROM FeedItems").ToListAsync(Cancel);

        string[] kindColumns = ["Title", "Body", "GameName", "GameLocation", "RoomName", "JoinedCount", "Discriminator"];
        columns.Where(c => kindColumns.Contains(c.ColumnName)).Select(c => c.TableName).Distinct()
            .Should().Equal(["FeedItems"], "every kind's columns are in the one feed table");
        columns.Count(c => c.ColumnName == "Discriminator").Should().Be(1);
        kinds.Should().BeEquivalentTo(FeedKinds.All);
        (await db.FeedItems.CountAsync(Cancel)).Should().BeGreaterThanOrEqualTo(SeededItems);
    }

    [Fact]
    public async Task Every_timestamp_on_the_wire_has_exactly_six_fractional_digits_and_a_Z()
    {
        var author = (await App.AddUsersAsync(1, seed: 61))[0];
        await using (var scope = App.Db())
        {
            scope.Context.FeedItems.Add(new FeedFaker(61).Post(author.Id, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)));
            await scope.Context.SaveChangesAsync(Cancel);
        }

        var (_, pages) = await ScrollToEndAsync(App.CreateClient(), "/feed?limit=100");
        var stamps = pages.SelectMany(p => p["items"]!.AsArray()).Select(i => (string)i!["createdAt"]!).ToList();

        stamps.Should().HaveCountGreaterThan(1_000);
        stamps.Should().OnlyContain(t => SixDigits().IsMatch(t));
        stamps.Should().Contain("2020-01-01T00:00:00.000000Z", "a whole second keeps its six zeros");
    }

    [Fact]
    public async Task Link_headers_carry_only_what_the_listing_reads_never_other_parameters()
    {
        var response = await App.CreateClient().GetAsync($"/feed?limit=2&types=post&junk={new string('x', 2000)}&utm=1", Cancel);

        var link = string.Join(", ", response.Headers.GetValues("Link"));
        link.Should().Contain("limit=2").And.Contain("types=post").And.NotContain("junk").And.NotContain("utm");
        link.Length.Should().BeLessThan(300);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")]
    private static partial Regex SixDigits();

    [Fact]
    public async Task A_created_item_reads_back_exactly_as_it_was_answered()
    {
        var author = (await App.AddUsersAsync(1, seed: 3))[0];
        var client = App.ClientFor(author);

        var created = await client.PostAsJsonAsync("/games", new { gameName = "Futsal 5on5", gameLocation = "Riverside Court 2" }, Cancel);
        var body = await ReadJsonAsync(created);
        var read = await ReadJsonAsync(await client.GetAsync(created.Headers.Location, Cancel));
        var feed = await ReadJsonAsync(await client.GetAsync("/feed?limit=100", Cancel));
        var inFeed = feed["items"]!.AsArray().Single(i => (long)i!["id"]! == (long)body["id"]!)!;

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/games/{body["id"]}");
        read.ToJsonString().Should().Be(body.ToJsonString());
        inFeed.ToJsonString().Should().Be(body.ToJsonString());
        body["type"]!.GetValue<string>().Should().Be("game");
        body.Select(p => p.Key).First().Should().Be("type", "the discriminator comes first");
        body["author"]!["name"]!.GetValue<string>().Should().Be(author.Name);
        var createdAt = body["createdAt"]!.GetValue<string>();
        createdAt.Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z$", "UTC with at most microseconds");
        await using var scope = App.Db();
        var stored = await scope.Context.FeedItems.SingleAsync(i => i.Id == (long)body["id"]!, Cancel);
        stored.CreatedAt.Kind.Should().Be(DateTimeKind.Utc);
        var asUtc = System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal;
        stored.CreatedAt.Should().Be(DateTime.Parse(createdAt, null, asUtc));
        (stored.CreatedAt.Ticks % 10).Should().Be(0, "stored to the microsecond");
    }

    private sealed record TableColumn(string TableName, string ColumnName);
}
