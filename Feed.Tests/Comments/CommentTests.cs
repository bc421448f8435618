using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Comments;

public sealed class CommentTests_Sqlite(SqliteApp app) : CommentTests<SqliteApp>(app);

public sealed class CommentTests_MariaDb(MariaDbApp app) : CommentTests<MariaDbApp>(app);

/// <summary>Comments over HTTP: writing them, reading a conversation oldest first, and what items say of them.</summary>
public abstract class CommentTests<TApp>(TApp app) : CommentTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_comment_is_created_with_its_location_and_read_back_as_the_items_show_their_authors()
    {
        var (author, commenter) = await TwoUsersAsync(301);
        var item = await ItemOfAsync(author, 301);
        var client = App.ClientFor(commenter);

        var created = await client.PostAsJsonAsync($"/feed/{item}/comments", new { text = "첫 댓글이에요\nfirst!" }, Cancel);
        var body = await ReadJsonAsync(created);
        var read = await ReadJsonAsync(await App.CreateClient().GetAsync(created.Headers.Location, Cancel));

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/comments/{(long)body["id"]!}");
        read.ToJsonString().Should().Be(body.ToJsonString());
        ((long)body["itemId"]!, (string)body["text"]!, (int)body["replyCount"]!).Should().Be((item, "첫 댓글이에요\nfirst!", 0));
        body["replyToId"].Should().BeNull();
        body["editedAt"].Should().BeNull();
        ((long)body["author"]!["id"]!, (string)body["author"]!["name"]!).Should().Be((commenter.Id, commenter.Name));
        body["author"]!.AsObject().Should().ContainKeys("displayName", "avatar");
    }

    [Fact]
    public async Task Replies_go_under_their_comment_and_a_reply_to_a_reply_under_the_same_comment()
    {
        var (author, other) = await TwoUsersAsync(302);
        var item = await ItemOfAsync(author, 302);
        var (mine, theirs) = (App.ClientFor(author), App.ClientFor(other));

        var first = await CommentAsync(theirs, item, "one");
        var second = await CommentAsync(mine, item, "two");
        var reply = await CommentAsync(mine, item, "reply to one", first);
        var replyToReply = await CommentAsync(theirs, item, "reply to the reply", reply);
        var page = await ReadJsonAsync(await App.CreateClient().GetAsync($"/feed/{item}/comments", Cancel));
        var replies = await ReadJsonAsync(await App.CreateClient().GetAsync($"/comments/{first}/replies", Cancel));
        var top = await ReadJsonAsync(await App.CreateClient().GetAsync($"/comments/{first}", Cancel));
        var itemRead = await ReadJsonAsync(await App.CreateClient().GetAsync($"/feed/{item}", Cancel));

        CommentIds(page).Should().Equal(first, reply, replyToReply, second);
        page["items"]!.AsArray().Select(c => (long?)c!["replyToId"]).Should().Equal(null, first, first, null);
        CommentIds(replies).Should().Equal(reply, replyToReply);
        ((int)top["replyCount"]!).Should().Be(2);
        ((int)itemRead["commentCount"]!).Should().Be(4);
        ((bool)page["hasMore"]!, page["previousCursor"]).Should().Be((false, null));
    }

    [Fact]
    public async Task Paging_both_ways_at_depth_never_repeats_or_skips_a_comment_while_others_comment()
    {
        var users = await App.AddUsersAsync(4, seed: 303);
        var item = await ItemOfAsync(users[0], 303);
        var clients = users.Select(App.ClientFor).ToList();
        var written = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            written.Add(await CommentAsync(clients[i % 4], item, $"comment {i}"));
        }

        var reader = App.CreateClient();
        var read = new List<long>();
        var pages = new List<JsonObject>();
        var page = await ReadJsonAsync(await reader.GetAsync($"/feed/{item}/comments?limit=4", Cancel));
        while (true)
        {
            pages.Add(page);
            read.AddRange(CommentIds(page));
            if (pages.Count is 2 or 4)
            {
                written.Add(await CommentAsync(clients[1], item, $"while reading {pages.Count}"));
            }

            if (!(bool)page["hasMore"]!)
            {
                break;
            }

            page = await ReadJsonAsync(await reader.GetAsync($"/feed/{item}/comments?limit=4&after={page["nextCursor"]}", Cancel));
        }

        var back = new List<long>();
        for (var cursor = (string?)pages[^1]["previousCursor"]; cursor is not null;)
        {
            var earlier = await ReadJsonAsync(await reader.GetAsync($"/feed/{item}/comments?limit=4&before={cursor}", Cancel));
            back.InsertRange(0, CommentIds(earlier));
            cursor = (string?)earlier["previousCursor"];
        }

        var later = await CommentAsync(clients[2], item, "after the end");
        var poll = await ReadJsonAsync(await reader.GetAsync($"/feed/{item}/comments?after={pages[^1]["nextCursor"]}", Cancel));

        read.Should().Equal(written, "oldest first, each comment once, the ones written while reading at the end");
        back.Concat(CommentIds(pages[^1])).Should().Equal(written, "scrolling back from the last page reads the same, in order");
        CommentIds(poll).Should().Equal(later);
        pages[0]["previousCursor"].Should().BeNull();
    }

    [Fact]
    public async Task A_comments_page_is_one_SQL_command_at_any_depth_signed_in_or_not()
    {
        var users = await App.AddUsersAsync(3, seed: 304);
        var item = await ItemOfAsync(users[0], 304);
        long? first = null;
        for (var i = 0; i < 12; i++)
        {
            var id = await CommentAsync(App.ClientFor(users[i % 3]), item, $"c{i}", i % 4 == 3 ? first : null);
            first ??= id;
        }

        var counts = new List<int>();
        foreach (var client in new[] { App.CreateClient(), App.ClientFor(users[1]) })
        {
            var page = await ReadJsonAsync(await client.GetAsync($"/feed/{item}/comments?limit=3", Cancel));
            foreach (var url in new[] { $"/feed/{item}/comments?limit=3", $"/feed/{item}/comments?limit=3&after={page["nextCursor"]}",
                         $"/feed/{item}/comments?limit=5&after={page["nextCursor"]}", $"/comments/{first}/replies?limit=2" })
            {
                App.Commands.Reset();
                (await client.GetAsync(url, Cancel)).EnsureSuccessStatusCode();
                counts.Add(App.Commands.Count);
            }
        }

        counts.Should().OnlyContain(c => c == 1, string.Join(" | ", App.Commands.Log));
    }

    [Fact]
    public async Task Every_item_on_a_feed_page_carries_its_comment_count_equal_to_its_rows()
    {
        var users = await App.AddUsersAsync(3, seed: 305);
        var items = await App.AddItemsAsync(3, users, DateTime.UtcNow, TimeSpan.FromSeconds(1), seed: 305);
        var top = await CommentAsync(App.ClientFor(users[1]), items[0].Id, "top");
        await CommentAsync(App.ClientFor(users[2]), items[0].Id, "reply", top);
        await CommentAsync(App.ClientFor(users[2]), items[1].Id, "another");

        var page = await ReadJsonAsync(await App.CreateClient().GetAsync("/feed?limit=100", Cancel));
        await using var scope = App.Db();
        var rows = await scope.Context.Comments.GroupBy(c => c.ItemId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, Cancel);

        foreach (var item in items)
        {
            ((int)FindItem(page, item.Id)["commentCount"]!).Should().Be(rows.GetValueOrDefault(item.Id));
        }

        rows[items[0].Id].Should().Be(2);
    }

    [Fact]
    public async Task Bad_text_an_unknown_item_or_parent_and_a_foreign_cursor_are_clear_4xx_answers()
    {
        var (author, other) = await TwoUsersAsync(306);
        var item = await ItemOfAsync(author, 306);
        var elsewhere = await ItemOfAsync(author, 307);
        var foreign = await CommentAsync(App.ClientFor(other), elsewhere, "on another item");
        var client = App.ClientFor(other);
        var feedCursor = (string?)(await ReadJsonAsync(await client.GetAsync("/feed?limit=1", Cancel)))["refreshCursor"];

        var empty = await client.PostAsJsonAsync($"/feed/{item}/comments", new { text = "" }, Cancel);
        var tooLong = await client.PostAsJsonAsync($"/feed/{item}/comments", new { text = new string('a', 2201) }, Cancel);
        var noItem = await client.PostAsJsonAsync("/feed/987654321/comments", new { text = "hi" }, Cancel);
        var noParent = await client.PostAsJsonAsync($"/feed/{item}/comments", new { text = "hi", replyToId = foreign }, Cancel);
        var anonymous = await App.CreateClient().PostAsJsonAsync($"/feed/{item}/comments", new { text = "hi" }, Cancel);

        (empty.StatusCode, tooLong.StatusCode).Should().Be((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest));
        (await ReadJsonAsync(empty))["errors"]!.AsObject().Should().ContainKey("text");
        (noItem.StatusCode, noParent.StatusCode).Should().Be((HttpStatusCode.NotFound, HttpStatusCode.NotFound));
        ((string)(await ReadJsonAsync(noParent))["detail"]!).Should().Contain("replyToId");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/feed/987654321/comments", Cancel)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await client.GetAsync($"/feed/{item}/comments?after={feedCursor}", Cancel)).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_makes_one_comment()
    {
        var (author, other) = await TwoUsersAsync(308);
        var item = await ItemOfAsync(author, 308);
        var client = App.ClientFor(other);

        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/feed/{item}/comments")
            {
                Content = JsonContent.Create(new { text = "once" }),
            };
            request.Headers.Add("Idempotency-Key", "comment-308");
            return await client.SendAsync(request, Cancel);
        }

        var first = await Send();
        var again = await Send();

        (first.StatusCode, again.StatusCode).Should().Be((HttpStatusCode.Created, HttpStatusCode.Created));
        (await again.Content.ReadAsStringAsync(Cancel)).Should().Be(await first.Content.ReadAsStringAsync(Cancel));
        ((int)(await ReadJsonAsync(await client.GetAsync($"/feed/{item}", Cancel)))["commentCount"]!).Should().Be(1);
    }
}
