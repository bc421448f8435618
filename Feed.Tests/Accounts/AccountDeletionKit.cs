using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Feed.Api.Accounts;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Accounts;

/// <summary>
/// What the deletion tests share: an account signed up over HTTP (it has a password), a life for it (items, likes,
/// memberships, follows both ways, uploads, an avatar, homes, idempotency keys), the work driven chunk by chunk as a
/// worker would, and the recount every counter is compared with.
/// </summary>
internal static class AccountDeletionKit
{
    public const string Password = "delete-me-password";

    public static AccountDeletionOptions Options(int chunk = 7, TimeSpan? lease = null) =>
        new() { Chunk = chunk, Lease = lease ?? TimeSpan.FromSeconds(30) };

    /// <summary>A new account with a password, and a client carrying its token.</summary>
    public static async Task<(long Id, HttpClient Client)> SignUpAsync(FeedApp app, string prefix)
    {
        var client = app.CreateClient();
        var name = $"{prefix}{Guid.NewGuid().ToString("N")[..8]}";
        var response = await client.PostAsJsonAsync("/auth/register", new { name, password = Password }, Cancel);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["accessToken"]!);
        return ((long)body["id"]!, client);
    }

    public static HttpRequestMessage DeleteMe(string password = Password, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/me") { Content = JsonContent.Create(new { password }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    /// <summary>
    /// Gives the account a life among <paramref name="others"/>: its items and theirs, likes and memberships both ways,
    /// follows both ways, two uploads (one on a post of its own, one its avatar), homes delivered, an idempotency key.
    /// </summary>
    public static async Task<(List<FeedItem> Mine, List<FeedItem> Theirs)> LiveAsync(
        FeedApp app, long id, HttpClient client, List<User> others, int items, int seed)
    {
        User me;
        await using (var scope = app.Db())
        {
            me = await scope.Context.Users.SingleAsync(u => u.Id == id, Cancel);
        }

        var mine = await app.AddItemsAsync(items, [me], DateTime.UtcNow, TimeSpan.FromHours(3), seed);
        var theirs = await app.AddItemsAsync(items, others, DateTime.UtcNow.AddMinutes(-1), TimeSpan.FromHours(3), seed + 1);
        var otherClients = others.Select(app.ClientFor).ToList();
        var writes = new List<Task<HttpResponseMessage>>();
        writes.AddRange(theirs.Where((_, n) => n % 2 == 0).Select(i => client.PutAsync($"/feed/{i.Id}/like", null, Cancel)));
        writes.AddRange(theirs.OfType<JoinableItem>().Select(i => client.PutAsync($"/{i.Kind}s/{i.Id}/membership", null, Cancel)));
        writes.AddRange(mine.SelectMany((item, n) => otherClients.Where((_, c) => (n + c) % 3 == 0)
            .Select(c => c.PutAsync(Interaction(item), null, Cancel))));
        writes.AddRange(others.Skip(1).Select(o => client.PutAsync($"/users/{o.Id}/follow", null, Cancel)));
        writes.AddRange(otherClients.Take(others.Count - 1).Select(c => c.PutAsync($"/users/{id}/follow", null, Cancel)));
        var keyed = new HttpRequestMessage(HttpMethod.Put, $"/feed/{theirs[1].Id}/like");
        keyed.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        writes.Add(client.SendAsync(keyed, Cancel));
        foreach (var write in writes)
        {
            (await write).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        await ConverseAsync(client, otherClients, mine, theirs);
        await app.DeliverHomesAsync();
        await using (var scope = app.Db())
        {
            var uploads = Enumerable.Range(0, 2).Select(_ => new MediaObject(
                id, DateTime.UtcNow, MediaRules.NewToken(), 40, 30, "LEHV6nWB2yk8", [new MediaFile("640", 40, 30, "webp")])).ToList();
            scope.Context.Media.AddRange(uploads);
            await scope.Context.SaveChangesAsync(Cancel);
            var post = mine.OfType<Post>().First();
            uploads[0].AttachTo(post.Id, 0);
            (await scope.Context.Users.SingleAsync(u => u.Id == id, Cancel)).ShowAvatar(uploads[1].Id);
            await scope.Context.SaveChangesAsync(Cancel);
        }

        return (mine, theirs);
    }

    /// <summary>
    /// Comments both ways: the account's top-level comments on their items, its replies under theirs, their replies under
    /// its comments (which go with them), and their comments on its items (which go with the items).
    /// </summary>
    private static async Task ConverseAsync(HttpClient client, List<HttpClient> otherClients, List<FeedItem> mine, List<FeedItem> theirs)
    {
        static async Task<long> Comment(HttpClient c, long item, string text, long? replyTo = null)
        {
            var response = await c.PostAsJsonAsync($"/feed/{item}/comments", new { text, replyToId = replyTo }, Cancel);
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            return (long)(await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!["id"]!;
        }

        foreach (var (item, n) in theirs.Take(6).Select((item, n) => (item, n)))
        {
            var theirsFirst = await Comment(otherClients[n % otherClients.Count], item.Id, $"theirs {n}");
            var mineTop = await Comment(client, item.Id, $"mine {n}");
            await Comment(client, item.Id, $"my reply {n}", theirsFirst);
            await Comment(otherClients[(n + 1) % otherClients.Count], item.Id, $"their reply {n}", mineTop);
            await Comment(client, item.Id, $"my reply to my comment {n}", mineTop);
        }

        await Comment(otherClients[0], mine[0].Id, "on the account's item");
    }

    /// <summary>Where a user likes a post, or joins a game or a team.</summary>
    public static string Interaction(FeedItem item) =>
        item is JoinableItem ? $"/{item.Kind}s/{item.Id}/membership" : $"/feed/{item.Id}/like";

    /// <summary>Works every due deletion off, chunk by chunk, as one worker would; the chunks done.</summary>
    public static async Task<List<DeletionChunk>> WorkAllAsync(FeedApp app, AccountDeletionOptions options)
    {
        await using var scope = app.Db();
        var chunks = new List<DeletionChunk>();
        DeletionLease? held = null;
        while (await AccountDeletionWork.WorkNextAsync(scope.Context, held, options, () => DateTime.UtcNow, Cancel) is { } chunk)
        {
            chunks.Add(chunk);
            held = chunk.Lease;
            chunks.Count.Should().BeLessThan(100_000, "the work must end");
        }

        return chunks;
    }

    /// <summary>Every stored counter that disagrees with a recount of its rows, as "what id: stored ≠ counted".</summary>
    public static async Task<List<string>> WrongCountsAsync(FeedApp app)
    {
        await using var scope = app.Db();
        var db = scope.Context;
        var likes = await db.FeedItems.Where(i => i.LikeCount != db.Likes.Count(l => l.ItemId == i.Id))
            .Select(i => $"likes of {i.Id}: {i.LikeCount} ≠ {db.Likes.Count(l => l.ItemId == i.Id)}").ToListAsync(Cancel);
        var members = await db.FeedItems.OfType<JoinableItem>().Where(i => i.JoinedCount != db.Memberships.Count(m => m.ItemId == i.Id))
            .Select(i => $"members of {i.Id}: {i.JoinedCount} ≠ {db.Memberships.Count(m => m.ItemId == i.Id)}").ToListAsync(Cancel);
        var followers = await db.Users.Where(u => u.FollowerCount != db.Follows.Count(f => f.FolloweeId == u.Id))
            .Select(u => $"followers of {u.Id}").ToListAsync(Cancel);
        var following = await db.Users.Where(u => u.FollowingCount != db.Follows.Count(f => f.FollowerId == u.Id))
            .Select(u => $"following of {u.Id}").ToListAsync(Cancel);
        var comments = await db.FeedItems.Where(i => i.CommentCount != db.Comments.Count(c => c.ItemId == i.Id))
            .Select(i => $"comments of {i.Id}: {i.CommentCount} ≠ {db.Comments.Count(c => c.ItemId == i.Id)}").ToListAsync(Cancel);
        var replies = await db.Comments.Where(t => t.ReplyCount != db.Comments.Count(c => c.ReplyToId == t.Id))
            .Select(t => $"replies of {t.Id}: {t.ReplyCount} ≠ {db.Comments.Count(c => c.ReplyToId == t.Id)}").ToListAsync(Cancel);
        return [.. likes, .. members, .. followers, .. following, .. comments, .. replies];
    }

    /// <summary>What is left of the account, table by table (only the tables with rows).</summary>
    public static async Task<Dictionary<string, int>> LeftOfAsync(FeedApp app, long id)
    {
        await using var scope = app.Db();
        var db = scope.Context;
        var left = new Dictionary<string, int>
        {
            ["users"] = await db.Users.CountAsync(u => u.Id == id, Cancel),
            ["items"] = await db.FeedItems.CountAsync(i => i.AuthorId == id, Cancel),
            ["likes"] = await db.Likes.CountAsync(l => l.UserId == id, Cancel),
            ["comments"] = await db.Comments.CountAsync(c => c.AuthorId == id, Cancel),
            ["memberships"] = await db.Memberships.CountAsync(m => m.UserId == id, Cancel),
            ["follows"] = await db.Follows.CountAsync(f => f.FollowerId == id || f.FolloweeId == id, Cancel),
            ["homes"] = await db.HomeEntries.CountAsync(h => h.OwnerId == id || h.AuthorId == id, Cancel),
            ["media"] = await db.Media.CountAsync(m => m.OwnerId == id, Cancel),
            ["keys"] = await db.IdempotentRequests.CountAsync(r => r.UserId == id, Cancel),
            ["sessions"] = await db.Sessions.CountAsync(s => s.UserId == id, Cancel),
            ["deletions"] = await db.AccountDeletions.CountAsync(d => d.UserId == id, Cancel),
            ["fan-outs"] = await db.HomeFanOuts.CountAsync(j => j.AuthorId == id, Cancel),
        };
        return left.Where(t => t.Value > 0).ToDictionary();
    }

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;
}
