using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Comments;

public sealed class CommentRaceTests_Sqlite(SqliteApp app) : CommentRaceTests<SqliteApp>(app);

public sealed class CommentRaceTests_MariaDb(MariaDbApp app) : CommentRaceTests<MariaDbApp>(app);

/// <summary>Many clients commenting at once, and deletes racing them: the counters stay exact, and nobody gets a 500.</summary>
public abstract class CommentRaceTests<TApp>(TApp app) : CommentTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Twenty_clients_commenting_and_replying_at_once_leave_exact_counts()
    {
        var users = await App.AddUsersAsync(20, seed: 321);
        var item = await ItemOfAsync(users[0], 321);
        var top = await CommentAsync(App.ClientFor(users[1]), item, "top");

        var answers = await Task.WhenAll(users.Select((u, i) => App.ClientFor(u).PostAsJsonAsync(
            $"/feed/{item}/comments", new { text = $"at once {i}", replyToId = i % 2 == 0 ? top : (long?)null }, Cancel)));
        var topRead = await ReadJsonAsync(await App.CreateClient().GetAsync($"/comments/{top}", Cancel));

        answers.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        (await CountsAsync(item)).Should().Be((21, 21));
        ((int)topRead["replyCount"]!).Should().Be(10);
    }

    [Fact]
    public async Task Deleting_the_item_while_twenty_clients_comment_answers_201_or_404_and_leaves_no_comment()
    {
        var users = await App.AddUsersAsync(20, seed: 322);
        var item = await ItemOfAsync(users[0], 322);
        var top = await CommentAsync(App.ClientFor(users[1]), item, "top");

        var comments = users.Select((u, i) => App.ClientFor(u).PostAsJsonAsync(
            $"/feed/{item}/comments", new { text = $"racing {i}", replyToId = i % 3 == 0 ? top : (long?)null }, Cancel)).ToList();
        var delete = App.ClientFor(users[0]).DeleteAsync($"/feed/{item}", Cancel);
        var answers = await Task.WhenAll(comments);

        (await delete).StatusCode.Should().Be(HttpStatusCode.NoContent);
        answers.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.NotFound);
        await using var scope = App.Db();
        (await scope.Context.Comments.CountAsync(c => c.ItemId == item, Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task Deleting_a_comment_while_others_reply_to_it_answers_201_or_404_and_keeps_the_counts_exact()
    {
        var users = await App.AddUsersAsync(20, seed: 323);
        var item = await ItemOfAsync(users[0], 323);
        var top = await CommentAsync(App.ClientFor(users[1]), item, "top");
        var other = await CommentAsync(App.ClientFor(users[2]), item, "another");

        var replies = users.Select((u, i) => App.ClientFor(u).PostAsJsonAsync(
            $"/feed/{item}/comments", new { text = $"racing {i}", replyToId = i % 2 == 0 ? top : other }, Cancel)).ToList();
        var delete = App.ClientFor(users[1]).DeleteAsync($"/comments/{top}", Cancel);
        var answers = await Task.WhenAll(replies);
        var otherRead = await ReadJsonAsync(await App.CreateClient().GetAsync($"/comments/{other}", Cancel));

        (await delete).StatusCode.Should().Be(HttpStatusCode.NoContent);
        answers.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created || r.StatusCode == HttpStatusCode.NotFound);
        answers.Where((_, i) => i % 2 == 1).Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Created);
        var (count, rows) = await CountsAsync(item);
        count.Should().Be(rows).And.Be(11);
        ((int)otherRead["replyCount"]!).Should().Be(10);
    }

    [Fact]
    public async Task Comment_counts_reach_the_change_log_as_a_counts_change()
    {
        var users = await App.AddUsersAsync(2, seed: 324);
        var item = await ItemOfAsync(users[0], 324);
        var client = App.CreateClient();
        var head = await ReadJsonAsync(await client.GetAsync("/feed/changes", Cancel));

        await CommentAsync(App.ClientFor(users[1]), item, "counted");
        var changes = await ReadJsonAsync(await client.GetAsync($"/feed/changes?since={head["next"]}", Cancel));

        changes.ToJsonString().Should().Contain($"\"id\":{item}").And.Contain("\"commentCount\":1");
    }
}
