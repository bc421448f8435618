using System.Net;
using System.Text.Json.Nodes;
using Feed.Api.Seeding;
using Feed.Domain;

namespace Feed.Tests.Notifications;

/// <summary>What the notification tests share: a recipient's items, the actions that notify them, their list as they read it.</summary>
public abstract class NotificationTest<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    protected async Task<FeedItem> AddItemAsync(User author, string kind = FeedKinds.Post)
    {
        await using var scope = App.Db();
        var item = new FeedFaker(seed: (int)(author.Id % 1000)).Item(kind, author.Id, DateTime.UtcNow);
        scope.Context.FeedItems.Add(item);
        await scope.Context.SaveChangesAsync(Cancel);
        return item;
    }

    protected async Task<HttpStatusCode> LikeAsync(User user, long itemId, bool like = true)
    {
        var client = App.ClientFor(user);
        using var response = like
            ? await client.PutAsync($"/feed/{itemId}/like", null, Cancel)
            : await client.DeleteAsync($"/feed/{itemId}/like", Cancel);
        return response.StatusCode;
    }

    /// <summary>PUT (or DELETE) <paramref name="path"/> as <paramref name="user"/>, expecting it to succeed.</summary>
    protected async Task SendAsync(User user, string path, bool put = true)
    {
        var client = App.ClientFor(user);
        using var response = put ? await client.PutAsync(path, null, Cancel) : await client.DeleteAsync(path, Cancel);
        response.IsSuccessStatusCode.Should().BeTrue($"{(put ? "PUT" : "DELETE")} {path} answered {(int)response.StatusCode}");
    }

    /// <summary>The first page of <paramref name="me"/>'s notifications (up to 100 groups), newest first.</summary>
    protected async Task<List<JsonObject>> GroupsAsync(User me)
    {
        using var response = await App.ClientFor(me).GetAsync("/me/notifications?limit=100", Cancel);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var page = await ReadJsonAsync(response);
        return [.. page["items"]!.AsArray().Select(n => n!.AsObject())];
    }

    protected async Task<(int Count, bool More)> UnreadAsync(User me)
    {
        var body = await ReadJsonAsync(await App.ClientFor(me).GetAsync("/me/notifications/unread-count", Cancel));
        return ((int)body["count"]!, (bool)body["more"]!);
    }

    protected static (string Kind, int ActorCount, long Actor, long? ItemId) Shape(JsonObject group) =>
        ((string)group["kind"]!, (int)group["actorCount"]!, (long)group["actor"]!["id"]!, (long?)group["itemId"]);
}
