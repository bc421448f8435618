using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Api.Items;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Media;

public sealed class PostMediaTests_Sqlite(SqliteApp app) : PostMediaTests<SqliteApp>(app);

public sealed class PostMediaTests_MariaDb(MariaDbApp app) : PostMediaTests<MariaDbApp>(app);

/// <summary>Posts carry their author's uploads, in order: <c>mediaIds</c> on create and on edit.</summary>
public abstract class PostMediaTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_post_carries_its_uploads_in_the_order_named_and_shows_them_while_processing()
    {
        var (client, _) = await SignedInAsync(201);
        var ids = await PhotoTestKit.UploadManyAsync(client, 3, 201);
        var order = new[] { ids[2], ids[0], ids[1] };

        var created = await client.PostAsJsonAsync("/posts", NewPost(201, order), Cancel);
        var post = await ReadJsonAsync(created);
        var read = await ReadJsonAsync(await App.ClientFor(null).GetAsync($"/posts/{(long)post["id"]!}", Cancel));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        PhotoTestKit.MediaIds(post).Should().Equal(order);
        PhotoTestKit.MediaIds(read).Should().Equal(order);
        var first = read["media"]![0]!;
        ((string)first["status"]!).Should().Be("processing", "the larger renditions are still to render");
        ((string)first["previewUrl"]!).Should().StartWith("/media/files/");
        first["renditions"]!.AsArray().Select(r => (string)r!["name"]!).Should().Equal("320");
    }

    [Theory]
    [InlineData("theirs", "mediaIds[1]")]
    [InlineData("twice", "mediaIds[2]")]
    [InlineData("unknown", "mediaIds[1]")]
    [InlineData("eleven", "mediaIds")]
    [InlineData("attached", "mediaIds[0]")]
    public async Task Uploads_a_post_cannot_carry_are_a_400_naming_the_entry_and_nothing_is_written(string what, string field)
    {
        var (client, me) = await SignedInAsync(202);
        var mine = await PhotoTestKit.UploadManyAsync(client, 2, 202);
        var (other, _) = await SignedInAsync(203);
        var theirs = await PhotoTestKit.UploadManyAsync(other, 1, 203);
        if (what == "attached")
        {
            (await client.PostAsJsonAsync("/posts", NewPost(204, [mine[0]]), Cancel)).EnsureSuccessStatusCode();
        }

        long[] ids = what switch
        {
            "theirs" => [mine[0], theirs[0]],
            "twice" => [mine[0], mine[1], mine[0]],
            "unknown" => [mine[0], mine[1] + 1_000_000],
            "eleven" => [.. Enumerable.Range(1, MediaRules.MaxPerPost + 1).Select(i => (long)i)],
            _ => [mine[0]],
        };
        var before = await PostCountAsync(me);

        var response = await client.PostAsJsonAsync("/posts", NewPost(205, ids), Cancel);
        var problem = await ReadJsonAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).Should().Contain(k => string.Equals(k, field, StringComparison.OrdinalIgnoreCase));
        (await PostCountAsync(me)).Should().Be(before);
        (await App.MediaRowAsync(theirs[0])).ItemId.Should().BeNull();
    }

    [Fact]
    public async Task An_edit_replaces_the_set_left_out_keeps_it_and_an_empty_list_removes_every_picture()
    {
        var (client, _) = await SignedInAsync(206);
        var ids = await PhotoTestKit.UploadManyAsync(client, 3, 206);
        var post = await ReadJsonAsync(await client.PostAsJsonAsync("/posts", NewPost(206, [ids[0], ids[1]]), Cancel));
        var url = $"/posts/{(long)post["id"]!}";

        var replaced = await ReadJsonAsync(await client.PatchAsJsonAsync(url, new { mediaIds = new[] { ids[2], ids[0] } }, Cancel));
        var kept = await ReadJsonAsync(await client.PatchAsJsonAsync(url, new { title = "Same pictures" }, Cancel));
        var detached = await App.MediaRowAsync(ids[1]);
        var emptied = await ReadJsonAsync(await client.PatchAsJsonAsync(url, new { mediaIds = Array.Empty<long>() }, Cancel));

        PhotoTestKit.MediaIds(replaced).Should().Equal(ids[2], ids[0]);
        PhotoTestKit.MediaIds(kept).Should().Equal(ids[2], ids[0]);
        detached.ItemId.Should().BeNull("a detached upload is unattached again, and expires as such");
        PhotoTestKit.MediaIds(emptied).Should().BeEmpty();
        replaced["editedAt"].Should().NotBeNull();
    }

    [Fact]
    public async Task A_page_of_20_photo_posts_with_avatars_is_one_SQL_command_on_every_listing()
    {
        var (client, me) = await SignedInAsync(207);
        await PhotoTestKit.AddPhotoPostsAsync(App, me, 20, 3);
        var reader = App.ClientFor((await App.AddUsersAsync(1, 208))[0]);
        (await reader.PutAsync($"/users/{me}/follow", null, Cancel)).EnsureSuccessStatusCode(); // copies the 20 into its home
        string[] urls = [$"/users/{me}/items?limit=20", "/posts?limit=20", "/feed?limit=20", "/home?limit=20"];

        var counts = new List<int>();
        var pages = new List<JsonObject>();
        foreach (var url in urls)
        {
            App.Commands.Reset();
            var response = await reader.GetAsync(url, Cancel);
            response.EnsureSuccessStatusCode();
            counts.Add(App.Commands.Count);
            pages.Add(await ReadJsonAsync(response));
        }

        counts.Should().Equal([1, 1, 1, 1], "the items, their media, avatars and flags come in one query");
        foreach (var page in new[] { pages[0], pages[3] }) // the author's items and the follower's home: only these 20
        {
            var items = page["items"]!.AsArray();
            items.Should().HaveCount(20);
            items.Should().OnlyContain(i => i!["media"]!.AsArray().Count == 3);
            items.Should().OnlyContain(i => i!["author"]!["avatar"]!["url320"] != null);
        }
    }

    [Fact]
    public async Task The_live_stream_sends_a_new_posts_pictures_and_its_authors_avatar()
    {
        var (client, _) = await SignedInAsync(209);
        var ids = await PhotoTestKit.UploadManyAsync(client, 3, 209);
        (await client.PatchAsJsonAsync("/me", new { avatarMediaId = ids[2] }, Cancel)).EnsureSuccessStatusCode();
        await using var stream = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);

        var created = await ReadJsonAsync(await client.PostAsJsonAsync("/posts", NewPost(209, [ids[1], ids[0]]), Cancel));
        var events = await stream.ReadAsync(1, TimeSpan.FromSeconds(20), Cancel);

        var item = events[0].Data!;
        ((long)item["id"]!).Should().Be((long)created["id"]!);
        PhotoTestKit.MediaIds(item.AsObject()).Should().Equal(ids[1], ids[0]);
        ((long)item["author"]!["avatar"]!["id"]!).Should().Be(ids[2]);
    }

    private async Task<(HttpClient Client, long Id)> SignedInAsync(int seed)
    {
        var user = (await App.AddUsersAsync(1, seed))[0];
        return (App.ClientFor(user), user.Id);
    }

    private static CreatePostRequest NewPost(int seed, long[] mediaIds)
    {
        var faker = new Bogus.Faker { Random = new Bogus.Randomizer(seed) };
        return new CreatePostRequest(faker.Lorem.Sentence(4), faker.Lorem.Paragraph(), mediaIds);
    }

    private async Task<int> PostCountAsync(long author)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedItems.CountAsync(i => i.AuthorId == author, Cancel);
    }
}
