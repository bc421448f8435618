using System.Net;
using System.Net.Http.Json;

namespace Feed.Tests.Comments;

public sealed class CommentReportTests_Sqlite(SqliteApp app) : CommentReportTests<SqliteApp>(app);

public sealed class CommentReportTests_MariaDb(MariaDbApp app) : CommentReportTests<MariaDbApp>(app);

/// <summary>Reports cover comments: filed once, shown to admins with their comment, and a removal deletes the comment.</summary>
public abstract class CommentReportTests<TApp>(TApp app) : CommentTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_comment_is_reported_once_apart_from_its_item_and_removing_it_deletes_the_comment_and_its_replies()
    {
        var users = await App.AddUsersAsync(3, seed: 331);
        var (author, commenter, reporter) = (users[0], users[1], users[2]);
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 332, isAdmin: true))[0]);
        var item = await ItemOfAsync(author, 331);
        var comment = await CommentAsync(App.ClientFor(commenter), item, "buy cheap watches");
        await CommentAsync(App.ClientFor(author), item, "no thanks", comment);
        var kept = await CommentAsync(App.ClientFor(reporter), item, "a fine comment");
        var client = App.ClientFor(reporter);

        var itemReport = await client.PostAsJsonAsync($"/feed/{item}/reports", new { reason = "other" }, Cancel);
        var filed = await client.PostAsJsonAsync($"/comments/{comment}/reports", new { reason = "spam" }, Cancel);
        var again = await client.PostAsJsonAsync($"/comments/{comment}/reports", new { reason = "spam" }, Cancel);
        var own = await App.ClientFor(commenter).PostAsJsonAsync($"/comments/{comment}/reports", new { reason = "spam" }, Cancel);
        var missing = await client.PostAsJsonAsync("/comments/987654321/reports", new { reason = "spam" }, Cancel);
        var report = await ReadJsonAsync(filed);
        var queue = await ReadJsonAsync(await admin.GetAsync("/admin/reports", Cancel));
        var removed = await admin.PostAsJsonAsync($"/admin/reports/{report["id"]}/resolve", new { action = "remove" }, Cancel);
        var page = await ReadJsonAsync(await App.CreateClient().GetAsync($"/feed/{item}/comments", Cancel));

        (itemReport.StatusCode, filed.StatusCode, again.StatusCode)
            .Should().Be((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.OK));
        ((long)report["commentId"]!, (long)report["itemId"]!, (bool)report["itemExists"]!).Should().Be((comment, item, true));
        (own.StatusCode, missing.StatusCode).Should().Be((HttpStatusCode.BadRequest, HttpStatusCode.NotFound));
        queue["items"]!.AsArray().Select(r => (long?)r!["commentId"]).Should().BeEquivalentTo(new long?[] { comment, null });
        removed.StatusCode.Should().Be(HttpStatusCode.OK);
        var resolved = await ReadJsonAsync(removed);
        ((string)resolved["state"]!, (bool)resolved["itemExists"]!).Should().Be(("removed", false));
        CommentIds(page).Should().Equal(kept);
        (await CountsAsync(item)).Should().Be((1, 1));
        (await App.CreateClient().GetAsync($"/feed/{item}", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK, "only the comment goes");
    }
}
