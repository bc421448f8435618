using System.Net;
using System.Net.Http.Json;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using static Feed.Tests.Accounts.AccountDeletionKit;

namespace Feed.Tests.Accounts;

public sealed class AccountDeletionTests_Sqlite(SqliteApp app) : AccountDeletionTests<SqliteApp>(app);

public sealed class AccountDeletionTests_MariaDb(MariaDbApp app) : AccountDeletionTests<MariaDbApp>(app);

/// <summary>
/// <c>DELETE /me</c>: what stops at once (tokens, sign-in, profile), retries with and without a key, many at once;
/// and the work that follows (AccountDeletionTests.Work.cs): nothing left, every count right, races, two workers, a lease.
/// </summary>
public abstract partial class AccountDeletionTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_wrong_password_deletes_nothing_and_the_right_one_stops_the_account_at_once()
    {
        var (id, client) = await SignUpAsync(App, "leaver");
        var name = (string)(await ReadJsonAsync(await client.GetAsync("/me", Cancel)))["name"]!;

        var wrong = await client.SendAsync(DeleteMe("not-my-password"), Cancel);
        var stillThere = await client.GetAsync("/me", Cancel);
        var accepted = await client.SendAsync(DeleteMe(), Cancel);
        var post = await client.PostAsJsonAsync("/posts", new { title = "still here?", body = "no" }, Cancel);
        var me = await client.GetAsync("/me", Cancel);
        var profile = await App.CreateClient().GetAsync($"/users/{id}", Cancel);
        var signIn = await App.CreateClient().PostAsJsonAsync("/auth/token", new { name, password = Password }, Cancel);

        wrong.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        wrong.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        stillThere.StatusCode.Should().Be(HttpStatusCode.OK);
        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        ((long)(await ReadJsonAsync(accepted))["id"]!).Should().Be(id);
        post.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the new stamp stops every token writing");
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        profile.StatusCode.Should().Be(HttpStatusCode.NotFound);
        signIn.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "refused as a wrong password is");
        (await LeftOfAsync(App, id)).Should().ContainKey("deletions").WhoseValue.Should().Be(1);
    }

    [Fact]
    public async Task A_retry_with_the_same_key_replays_the_202_and_one_without_a_key_is_answered_the_same_until_the_account_is_gone()
    {
        var (id, client) = await SignUpAsync(App, "retrier");
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(DeleteMe(key: key), Cancel);
        var replay = await client.SendAsync(DeleteMe(key: key), Cancel);
        var unkeyed = await client.SendAsync(DeleteMe(), Cancel);
        var unkeyedWrong = await client.SendAsync(DeleteMe("not-my-password"), Cancel);
        await WorkAllAsync(App, Options());
        var afterwards = await client.SendAsync(DeleteMe(key: key), Cancel);

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        replay.StatusCode.Should().Be(HttpStatusCode.Accepted);
        replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await replay.Content.ReadAsStringAsync(Cancel)).Should().Be(await first.Content.ReadAsStringAsync(Cancel));
        unkeyed.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await ReadJsonAsync(unkeyed))["deletionRequestedAt"]!.ToString()
            .Should().Be((await ReadJsonAsync(first))["deletionRequestedAt"]!.ToString(), "the deletion began once");
        unkeyedWrong.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        afterwards.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the account, its keys and its tokens' user are gone");
        afterwards.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await LeftOfAsync(App, id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Twenty_deletes_of_one_account_at_once_queue_one_deletion_and_each_answers_202_or_a_429_to_retry()
    {
        var (id, client) = await SignUpAsync(App, "hasty");

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.SendAsync(DeleteMe(), Cancel), Cancel)));
        var shed = answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        var retried = new List<HttpResponseMessage>();
        for (var n = 0; n < shed; n++)
        {
            retried.Add(await client.SendAsync(DeleteMe(), Cancel));
        }

        var accepted = answers.Where(a => a.StatusCode == HttpStatusCode.Accepted).Concat(retried).ToList();
        var stamps = await Task.WhenAll(accepted.Select(async a => (await ReadJsonAsync(a))["deletionRequestedAt"]!.ToString()));

        answers.Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Accepted || a.StatusCode == HttpStatusCode.TooManyRequests,
            "the password hashing gate may shed some (429 with Retry-After), never a 500");
        answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).All(a => a.Headers.RetryAfter != null).Should().BeTrue();
        // None may have been shed: OnlyContain would fail on no retries at all.
        retried.Where(a => a.StatusCode != HttpStatusCode.Accepted).Should().BeEmpty("a shed delete sent again is accepted");
        accepted.Should().HaveCount(20);
        stamps.Distinct().Should().ContainSingle("one deletion began; the others found it begun");
        (await LeftOfAsync(App, id))["deletions"].Should().Be(1);
    }

    [Fact]
    public async Task Leaving_the_password_or_the_body_out_is_a_4xx_problem_not_a_500()
    {
        var (_, client) = await SignUpAsync(App, "careless");

        var noPassword = new HttpRequestMessage(HttpMethod.Delete, "/me") { Content = JsonContent.Create(new { }) };
        var empty = await client.SendAsync(noPassword, Cancel);
        var none = await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/me"), Cancel);
        var anonymous = await App.CreateClient().SendAsync(DeleteMe(), Cancel);

        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        empty.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((int)none.StatusCode).Should().BeInRange(400, 415);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Working_a_deletion_off_leaves_nothing_of_the_account_and_every_count_right()
    {
        var others = await App.AddUsersAsync(5, seed: 2901);
        var (id, client) = await SignUpAsync(App, "whole");
        var (mine, theirs) = await LiveAsync(App, id, client, others, items: 30, seed: 2901);
        var changesBefore = await MaxSeqAsync();

        (await client.SendAsync(DeleteMe(), Cancel)).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var chunks = await WorkAllAsync(App, Options(chunk: 7));
        var feed = await ScrollToEndAsync(App.CreateClient(), "/feed?limit=100");
        var homes = await Task.WhenAll(others.Select(o => ScrollToEndAsync(App.ClientFor(o), "/home?limit=100")));
        var changes = await ChangesAfterAsync(changesBefore);

        (await LeftOfAsync(App, id)).Should().BeEmpty();
        (await WrongCountsAsync(App)).Should().BeEmpty();
        chunks.Where(c => c.Step == "items").Sum(c => c.Rows).Should().Be(mine.Count, "each item once");
        chunks.Should().Contain(c => c.Step == "comments").And.Contain(c => c.Step == "likes")
            .And.Contain(c => c.Step == "memberships").And.Contain(c => c.Step == "media");
        chunks[^1].Step.Should().Be("account");
        feed.Ids.Should().Contain(theirs.Select(i => i.Id)).And.NotIntersectWith(mine.Select(i => i.Id));
        homes.SelectMany(h => h.Ids).Should().NotIntersectWith(mine.Select(i => i.Id));
        changes.Where(c => c.Change == FeedChange.Deleted).Select(c => c.ItemId).Should().BeEquivalentTo(mine.Select(i => i.Id));
        changes.Where(c => c.Change == FeedChange.Counts).Select(c => c.ItemId).Should().OnlyContain(i => theirs.Any(t => t.Id == i))
            .And.NotBeEmpty("the counts the account's likes and memberships held are logged as they drop");
        await using var scope = App.Db();
        (await scope.Context.MediaDeletions.CountAsync(Cancel)).Should().BeGreaterThanOrEqualTo(2, "both uploads' files are queued");
    }

    private async Task<long> MaxSeqAsync()
    {
        await using var scope = App.Db();
        return await scope.Context.FeedChanges.MaxAsync(c => (long?)c.Seq, Cancel) ?? 0;
    }

    private async Task<List<FeedChange>> ChangesAfterAsync(long seq)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedChanges.AsNoTracking().Where(c => c.Seq > seq).ToListAsync(Cancel);
    }
}
