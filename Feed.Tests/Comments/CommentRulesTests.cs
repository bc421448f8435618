using System.Net;
using System.Net.Http.Json;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Comments;

public sealed class CommentRulesTests_Sqlite(SqliteApp app) : CommentRulesTests<SqliteApp>(app);

public sealed class CommentRulesTests_MariaDb(MariaDbApp app) : CommentRulesTests<MariaDbApp>(app);

/// <summary>Who may edit and delete a comment, what blocks and mutes do to comments, and the notifications comments make.</summary>
public abstract class CommentRulesTests<TApp>(TApp app) : CommentTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Only_the_author_edits_and_the_author_the_items_author_or_an_admin_deletes()
    {
        var users = await App.AddUsersAsync(3, seed: 311);
        var admin = (await App.AddUsersAsync(1, seed: 312, isAdmin: true))[0];
        var (itemAuthor, commenter, stranger) = (users[0], users[1], users[2]);
        var item = await ItemOfAsync(itemAuthor, 311);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await CommentAsync(App.ClientFor(commenter), item, $"c{i}"));
        }

        var strangerEdit = await App.ClientFor(stranger).PatchAsJsonAsync($"/comments/{ids[0]}", new { text = "mine now" }, Cancel);
        var itemAuthorEdit = await App.ClientFor(itemAuthor).PatchAsJsonAsync($"/comments/{ids[0]}", new { text = "no" }, Cancel);
        var edit = await App.ClientFor(commenter).PatchAsJsonAsync($"/comments/{ids[0]}", new { text = "edited" }, Cancel);
        var strangerDelete = await App.ClientFor(stranger).DeleteAsync($"/comments/{ids[0]}", Cancel);
        var deletes = new[]
        {
            await App.ClientFor(commenter).DeleteAsync($"/comments/{ids[0]}", Cancel),
            await App.ClientFor(itemAuthor).DeleteAsync($"/comments/{ids[1]}", Cancel),
            await App.ClientFor(admin).DeleteAsync($"/comments/{ids[2]}", Cancel),
        };
        var again = await App.ClientFor(commenter).DeleteAsync($"/comments/{ids[0]}", Cancel);

        (strangerEdit.StatusCode, itemAuthorEdit.StatusCode).Should().Be((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden));
        edit.StatusCode.Should().Be(HttpStatusCode.OK);
        var edited = await ReadJsonAsync(edit);
        ((string)edited["text"]!, edited["editedAt"] is not null).Should().Be(("edited", true));
        strangerDelete.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        deletes.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await CountsAsync(item)).Should().Be((0, 0));
    }

    [Fact]
    public async Task Deleting_a_comment_deletes_its_replies_and_moves_every_counter()
    {
        var users = await App.AddUsersAsync(3, seed: 313);
        var item = await ItemOfAsync(users[0], 313);
        var top = await CommentAsync(App.ClientFor(users[1]), item, "top");
        var kept = await CommentAsync(App.ClientFor(users[1]), item, "kept");
        var replies = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            replies.Add(await CommentAsync(App.ClientFor(users[2]), item, $"reply {i}", i == 0 ? top : replies[0]));
        }

        await CommentAsync(App.ClientFor(users[2]), item, "reply to kept", kept);

        (await App.ClientFor(users[2]).DeleteAsync($"/comments/{replies[2]}", Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var topAfterReplyDeleted = await ReadJsonAsync(await App.CreateClient().GetAsync($"/comments/{top}", Cancel));
        (await App.ClientFor(users[1]).DeleteAsync($"/comments/{top}", Cancel)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        ((int)topAfterReplyDeleted["replyCount"]!).Should().Be(2);
        (await CountsAsync(item)).Should().Be((2, 2));
        (await App.CreateClient().GetAsync($"/comments/{replies[0]}", Cancel)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await App.CreateClient().GetAsync($"/comments/{top}/replies", Cancel)).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_block_either_way_refuses_the_comment_or_reply_and_hides_comments_both_ways_and_a_mute_for_the_muter()
    {
        var users = await App.AddUsersAsync(4, seed: 314);
        var (itemAuthor, blocked, commenter, muter) = (users[0], users[1], users[2], users[3]);
        var item = await ItemOfAsync(itemAuthor, 314);
        var other = await ItemOfAsync(commenter, 315);
        var byBlocked = await CommentAsync(App.ClientFor(blocked), other, "before the block");
        var byCommenter = await CommentAsync(App.ClientFor(commenter), item, "hello");
        (await App.ClientFor(itemAuthor).PutAsync($"/users/{blocked.Id}/block", null, Cancel)).EnsureSuccessStatusCode();
        (await App.ClientFor(blocked).PutAsync($"/users/{commenter.Id}/block", null, Cancel)).EnsureSuccessStatusCode();
        (await App.ClientFor(muter).PutAsync($"/users/{blocked.Id}/mute", null, Cancel)).EnsureSuccessStatusCode();

        var onBlocker = await App.ClientFor(blocked).PostAsJsonAsync($"/feed/{item}/comments", new { text = "hi" }, Cancel);
        var replyToBlocked = await App.ClientFor(commenter)
            .PostAsJsonAsync($"/feed/{other}/comments", new { text = "hi", replyToId = byBlocked }, Cancel);
        var replyByBlocked = await App.ClientFor(blocked)
            .PostAsJsonAsync($"/feed/{item}/comments", new { text = "hi", replyToId = byCommenter }, Cancel);
        var asCommenter = CommentIds(await ReadJsonAsync(await App.ClientFor(commenter).GetAsync($"/feed/{other}/comments", Cancel)));
        var asMuter = CommentIds(await ReadJsonAsync(await App.ClientFor(muter).GetAsync($"/feed/{other}/comments", Cancel)));
        var asAnyone = CommentIds(await ReadJsonAsync(await App.CreateClient().GetAsync($"/feed/{other}/comments", Cancel)));
        var asBlocked = CommentIds(await ReadJsonAsync(await App.ClientFor(blocked).GetAsync($"/feed/{item}/comments", Cancel)));
        var one = await App.ClientFor(commenter).GetAsync($"/comments/{byBlocked}", Cancel);

        (onBlocker.StatusCode, replyToBlocked.StatusCode, replyByBlocked.StatusCode)
            .Should().Be((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden));
        ((string)(await ReadJsonAsync(onBlocker))["detail"]!).Should().Contain("block one another");
        asCommenter.Should().BeEmpty("the commenter is blocked by the comment's author");
        asMuter.Should().BeEmpty("the muter does not see what the muted write");
        asAnyone.Should().Equal(byBlocked);
        asBlocked.Should().BeEmpty("the blocked person does not see what someone they block writes");
        one.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_comment_notifies_the_items_author_a_reply_the_threads_author_too_and_a_delete_takes_them_back()
    {
        var users = await App.AddUsersAsync(3, seed: 316);
        var (itemAuthor, first, second) = (users[0], users[1], users[2]);
        var item = await ItemOfAsync(itemAuthor, 316);
        var top = await CommentAsync(App.ClientFor(first), item, "top");
        var reply = await CommentAsync(App.ClientFor(second), item, "reply", top);
        await CommentAsync(App.ClientFor(itemAuthor), item, "the author answers", top);

        var made = await NotificationsAsync(itemAuthor.Id, first.Id);
        (await App.ClientFor(second).DeleteAsync($"/comments/{reply}", Cancel)).EnsureSuccessStatusCode();
        var afterReplyDeleted = await NotificationsAsync(itemAuthor.Id, first.Id);
        (await App.ClientFor(first).DeleteAsync($"/comments/{top}", Cancel)).EnsureSuccessStatusCode();
        var afterTopDeleted = await NotificationsAsync(itemAuthor.Id, first.Id);

        made.Should().BeEquivalentTo([(itemAuthor.Id, Notification.Comment, item, 2), (first.Id, Notification.Reply, top, 2)]);
        afterReplyDeleted.Should().BeEquivalentTo([(itemAuthor.Id, Notification.Comment, item, 1), (first.Id, Notification.Reply, top, 1)]);
        afterTopDeleted.Should().BeEmpty();
    }

    private async Task<List<(long Recipient, string Kind, long Subject, int Actors)>> NotificationsAsync(params long[] recipients)
    {
        await using var scope = App.Db();
        return (await scope.Context.Notifications.Where(n => recipients.Contains(n.RecipientId))
                .Select(n => new { n.RecipientId, n.Kind, n.SubjectId, n.ActorCount }).ToListAsync(Cancel))
            .Select(n => (n.RecipientId, n.Kind, n.SubjectId, n.ActorCount)).ToList();
    }
}
