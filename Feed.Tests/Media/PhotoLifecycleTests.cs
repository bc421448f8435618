using System.Net;
using System.Net.Http.Json;
using Feed.Api.Items;
using Feed.Api.Media;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Media;

public sealed class PhotoLifecycleTests_Sqlite(SqliteApp app) : PhotoLifecycleTests<SqliteApp>(app);

public sealed class PhotoLifecycleTests_MariaDb(MariaDbApp app) : PhotoLifecycleTests<MariaDbApp>(app);

/// <summary>Avatars, a deleted post's pictures, and writers racing for the same uploads.</summary>
public abstract class PhotoLifecycleTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task An_avatar_shows_on_the_profile_and_on_items_and_replacing_it_deletes_the_old_one()
    {
        var user = (await App.AddUsersAsync(1, 301))[0];
        var client = App.ClientFor(user);
        var ids = await PhotoTestKit.UploadManyAsync(client, 2, 301);
        var first = await App.MediaRowAsync(ids[0]);

        var set = await client.PatchAsJsonAsync("/me", new { avatarMediaId = ids[0] }, Cancel);
        var post = await ReadJsonAsync(await client.PostAsJsonAsync("/posts", new CreatePostRequest("Hello", "My face now."), Cancel));
        var profile = await ReadJsonAsync(await App.ClientFor(null).GetAsync($"/users/{user.Id}", Cancel));
        var replaced = await ReadJsonAsync(await client.PatchAsJsonAsync("/me", new { avatarMediaId = ids[1] }, Cancel));
        var removed = await ReadJsonAsync(await client.PatchAsJsonAsync("/me", new { avatarMediaId = (long?)null }, Cancel));

        set.StatusCode.Should().Be(HttpStatusCode.OK);
        ((long)post["author"]!["avatar"]!["id"]!).Should().Be(ids[0]);
        ((string)profile["avatar"]!["url320"]!).Should().Contain(first.StorageToken);
        ((long)replaced["avatar"]!["id"]!).Should().Be(ids[1]);
        removed["avatar"].Should().BeNull();
        await using var scope = App.Db();
        (await scope.Context.Media.CountAsync(m => ids.Contains(m.Id), Cancel)).Should().Be(0, "each replaced avatar is deleted");
        (await QueuedAsync(scope.Context, first.StorageToken)).Should().Contain(MediaKeys.Upload(first.StorageToken));
    }

    [Fact]
    public async Task Someone_elses_upload_cannot_become_your_avatar()
    {
        var users = await App.AddUsersAsync(2, 302);
        var theirs = await PhotoTestKit.UploadManyAsync(App.ClientFor(users[1]), 1, 302);

        var response = await App.ClientFor(users[0]).PatchAsJsonAsync("/me", new { avatarMediaId = theirs[0] }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(response))["errors"]!["avatarMediaId"].Should().NotBeNull();
    }

    [Fact]
    public async Task Deleting_a_post_deletes_its_media_rows_and_queues_their_files()
    {
        var user = (await App.AddUsersAsync(1, 303))[0];
        var client = App.ClientFor(user);
        var ids = await PhotoTestKit.UploadManyAsync(client, 2, 303);
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            tokens.Add((await App.MediaRowAsync(id)).StorageToken);
        }

        var created = await client.PostAsJsonAsync("/posts", new CreatePostRequest("Bye", "Soon gone.", [.. ids]), Cancel);
        var post = await ReadJsonAsync(created);
        var deleted = await client.DeleteAsync($"/feed/{(long)post["id"]!}", Cancel);

        deleted.IsSuccessStatusCode.Should().BeTrue();
        await using var scope = App.Db();
        (await scope.Context.Media.CountAsync(m => ids.Contains(m.Id), Cancel)).Should().Be(0);
        foreach (var token in tokens)
        {
            (await QueuedAsync(scope.Context, token)).Should().Contain($"files/{token}/320.webp");
        }
    }

    [Fact]
    public async Task Ten_clients_attaching_at_once_each_get_their_own_and_one_upload_goes_to_one_post_only()
    {
        var users = await App.AddUsersAsync(10, 304);
        var clients = users.Select(App.ClientFor).ToList();
        var uploads = new List<List<long>>();
        foreach (var (client, i) in clients.Select((c, i) => (c, i)))
        {
            uploads.Add(await PhotoTestKit.UploadManyAsync(client, 2, 304 + i));
        }

        var own = await Task.WhenAll(clients.Select((c, i) =>
            c.PostAsJsonAsync("/posts", new CreatePostRequest($"Mine {i}", "Two pictures.", [.. uploads[i]]), Cancel)));
        var shared = (await PhotoTestKit.UploadManyAsync(clients[0], 1, 399))[0];
        var racing = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            clients[0].PostAsJsonAsync("/posts", new CreatePostRequest($"Race {i}", "Who gets it?", [shared]), Cancel)));

        for (var i = 0; i < own.Length; i++)
        {
            own[i].StatusCode.Should().Be(HttpStatusCode.Created);
            PhotoTestKit.MediaIds(await ReadJsonAsync(own[i])).Should().Equal(uploads[i]);
        }

        racing.Count(r => r.StatusCode == HttpStatusCode.Created).Should().Be(1);
        racing.Count(r => r.StatusCode == HttpStatusCode.BadRequest).Should().Be(9);
    }

    [Fact]
    public async Task A_delete_racing_an_attach_leaves_every_upload_either_kept_unattached_or_deleted_with_its_files_queued()
    {
        var user = (await App.AddUsersAsync(1, 305))[0];
        var client = App.ClientFor(user);
        var ids = await PhotoTestKit.UploadManyAsync(client, 8, 305);
        var tokens = new Dictionary<long, string>();
        foreach (var id in ids)
        {
            tokens[id] = (await App.MediaRowAsync(id)).StorageToken;
        }

        var attaches = new List<Task<HttpResponseMessage>>();
        var deletes = new List<Task<HttpResponseMessage>>();
        foreach (var id in ids)
        {
            var created = await client.PostAsJsonAsync("/posts", new CreatePostRequest("Race", "Attach or delete."), Cancel);
            var post = await ReadJsonAsync(created);
            var postId = (long)post["id"]!;
            attaches.Add(client.PatchAsJsonAsync($"/posts/{postId}", new { mediaIds = new[] { id } }, Cancel));
            deletes.Add(client.DeleteAsync($"/feed/{postId}", Cancel));
        }

        await Task.WhenAll(attaches.Concat(deletes));

        deletes.Should().OnlyContain(d => d.Result.IsSuccessStatusCode);
        await using var scope = App.Db();
        var left = await scope.Context.Media.Where(m => ids.Contains(m.Id)).ToListAsync(Cancel);
        left.Where(m => m.ItemId != null).Should().BeEmpty("no media row points at a deleted post (all may have gone with theirs)");
        var attached = attaches.Count(a => a.Result.StatusCode == HttpStatusCode.OK);
        (ids.Count - left.Count).Should().Be(attached, "an attach that won went with its post");
        var leftIds = left.Select(m => m.Id).ToHashSet();
        foreach (var id in ids.Where(id => !leftIds.Contains(id)))
        {
            (await QueuedAsync(scope.Context, tokens[id])).Should().Contain($"files/{tokens[id]}/320.webp", "its files leave the store");
        }
    }

    private static Task<List<string>> QueuedAsync(Feed.Api.Data.FeedDbContext db, string token) =>
        db.MediaDeletions.Where(d => d.Key.Contains(token)).Select(d => d.Key).ToListAsync(Cancel);
}
