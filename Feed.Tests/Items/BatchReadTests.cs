using System.Net;

namespace Feed.Tests.Items;

public sealed class BatchReadTests_Sqlite(SqliteApp app) : BatchReadTests<SqliteApp>(app);

public sealed class BatchReadTests_MariaDb(MariaDbApp app) : BatchReadTests<MariaDbApp>(app);

/// <summary>GET /feed/items?ids=…: what is on screen, refreshed in one query.</summary>
public abstract class BatchReadTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Items_come_in_the_order_asked_with_the_callers_flags_and_unknown_ids_in_missing()
    {
        var users = await App.AddUsersAsync(2, seed: 161);
        var items = await App.AddItemsAsync(6, users, DateTime.UtcNow, TimeSpan.FromHours(1), seed: 161);
        var reader = App.ClientFor(users[0]);
        (await reader.PutAsync($"/feed/{items[2].Id}/like", null, Cancel)).EnsureSuccessStatusCode();
        long[] asked = [items[4].Id, 987654321, items[2].Id, items[0].Id, items[2].Id, 987654322];

        var batch = await ReadJsonAsync(await reader.GetAsync($"/feed/items?ids={string.Join(',', asked)}", Cancel));

        batch["items"]!.AsArray().Select(i => (long)i!["id"]!).Should().Equal(items[4].Id, items[2].Id, items[0].Id);
        batch["missing"]!.AsArray().Select(i => (long)i!).Should().Equal(987654321, 987654322);
        batch["items"]!.AsArray().Single(i => (long)i!["id"]! == items[2].Id)!["likedByMe"]!.GetValue<bool>().Should().BeTrue();
        batch["items"]!.AsArray().Select(i => (string)i!["type"]!).Should().Equal(items[4].Kind, items[2].Kind, items[0].Kind);
    }

    [Fact]
    public async Task A_hundred_ids_are_one_SQL_command()
    {
        var users = await App.AddUsersAsync(2, seed: 162);
        var items = await App.AddItemsAsync(100, users, DateTime.UtcNow, TimeSpan.FromHours(1), seed: 162);
        var client = App.ClientFor(users[0]);

        App.Commands.Reset();
        var batch = await ReadJsonAsync(await client.GetAsync($"/feed/items?ids={string.Join(',', items.Select(i => i.Id))}", Cancel));

        App.Commands.Count.Should().Be(1);
        batch["items"]!.AsArray().Should().HaveCount(100);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1,,2")]
    [InlineData("abc")]
    [InlineData("-4")]
    [InlineData("0")]
    [InlineData("99999999999999999999")]
    public async Task Bad_ids_are_a_400_naming_ids(string ids)
    {
        var response = await App.CreateClient().GetAsync($"/feed/items?ids={Uri.EscapeDataString(ids)}", Cancel);
        var tooMany = await App.CreateClient().GetAsync($"/feed/items?ids={string.Join(',', Enumerable.Range(1, 101))}", Cancel);

        foreach (var refused in new[] { response, tooMany })
        {
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadJsonAsync(refused))["errors"]!["ids"].Should().NotBeNull();
        }
    }
}
