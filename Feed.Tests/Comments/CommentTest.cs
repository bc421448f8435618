using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Comments;

/// <summary>What the comment tests share: users, items and comments made over HTTP, and the counters as stored.</summary>
public abstract class CommentTest<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    protected async Task<(User, User)> TwoUsersAsync(int seed)
    {
        var users = await App.AddUsersAsync(2, seed);
        return (users[0], users[1]);
    }

    protected async Task<long> ItemOfAsync(User author, int seed) =>
        (await App.AddItemsAsync(1, [author], DateTime.UtcNow, TimeSpan.Zero, seed))[0].Id;

    protected static async Task<long> CommentAsync(HttpClient client, long item, string text, long? replyTo = null)
    {
        var response = await client.PostAsJsonAsync($"/feed/{item}/comments", new { text, replyToId = replyTo }, Cancel);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Cancel));
        return (long)(await ReadJsonAsync(response))["id"]!;
    }

    protected static List<long> CommentIds(JsonObject page) => [.. page["items"]!.AsArray().Select(c => (long)c!["id"]!)];

    protected static JsonObject FindItem(JsonObject page, long id) =>
        page["items"]!.AsArray().Select(i => i!.AsObject()).Single(i => (long)i["id"]! == id);

    protected async Task<(int CommentCount, int Rows)> CountsAsync(long item)
    {
        await using var scope = App.Db();
        var db = scope.Context;
        var count = db.FeedItems.Where(i => i.Id == item).Select(i => (int?)i.CommentCount).SingleOrDefault() ?? -1;
        return (count, db.Comments.Count(c => c.ItemId == item));
    }
}
