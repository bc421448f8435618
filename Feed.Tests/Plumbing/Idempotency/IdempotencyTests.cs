using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Plumbing.Idempotency;

public sealed class IdempotencyTests_Sqlite(SqliteApp app) : IdempotencyTests<SqliteApp>(app);

public sealed class IdempotencyTests_MariaDb(MariaDbApp app) : IdempotencyTests<MariaDbApp>(app);

/// <summary>Idempotency-Key: a retried write is done once and answered as the first time.</summary>
public abstract class IdempotencyTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_create_retried_after_a_lost_answer_makes_one_item_and_replays_the_first_answer()
    {
        var user = (await App.AddUsersAsync(1, seed: 151))[0];
        var client = App.ClientFor(user);

        var first = await SendAsync(client, HttpMethod.Post, "/posts", new { title = "Once", body = "Only once" }, "create-1");
        // The first answer was "lost".
        var retry = await SendAsync(client, HttpMethod.Post, "/posts", new { title = "Once", body = "Only once" }, "create-1");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.Location.Should().Be(first.Headers.Location);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        (await retry.Content.ReadAsStringAsync(Cancel)).Should().Be(await first.Content.ReadAsStringAsync(Cancel));
        (await CountPostsAsync(user.Id, "Once")).Should().Be(1);
    }

    [Fact]
    public async Task A_write_whose_server_died_after_its_commit_is_not_done_again_by_its_retry()
    {
        var user = (await App.AddUsersAsync(1, seed: 158))[0];
        var client = App.ClientFor(user);
        var post = new { title = "Committed", body = "then the server died" };
        (await SendAsync(client, HttpMethod.Post, "/posts", post, "died-1")).StatusCode.Should().Be(HttpStatusCode.Created);
        await using (var scope = App.Db())
        {
            // What a server that died between the commit (the claim commits with the post) and storing
            // the answer leaves.
            await scope.Context.IdempotentRequests.Where(r => r.UserId == user.Id && r.Key == "died-1").ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Status, (int?)null)
                .SetProperty(r => r.ResponseBody, (byte[]?)null)
                .SetProperty(r => r.CreatedAt, DateTime.UtcNow.AddMinutes(-2)), Cancel);
        }

        var retry = await SendAsync(client, HttpMethod.Post, "/posts", post, "died-1");

        retry.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await retry.Content.ReadAsStringAsync(Cancel)).Should().Contain("did its work").And.Contain("will not be done again");
        (await CountPostsAsync(user.Id, "Committed")).Should().Be(1);
    }

    [Fact]
    public async Task A_keyed_write_and_its_claim_commit_together_so_a_write_that_rolled_back_leaves_no_claim()
    {
        var user = (await App.AddUsersAsync(1, seed: 159))[0];
        var client = App.ClientFor(user);

        var edit = await SendAsync(client, new HttpMethod("PATCH"), "/posts/999999", new { title = "nothing to edit" }, "rolled-back-1");
        var created = await SendAsync(client, HttpMethod.Post, "/posts", new { title = "Claimed", body = "with its post" }, "claim-1");
        await using var scope = App.Db();
        var claim = await scope.Context.IdempotentRequests.AsNoTracking()
            .SingleAsync(r => r.UserId == user.Id && r.Key == "claim-1", Cancel);

        edit.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await scope.Context.IdempotentRequests.AnyAsync(r => r.UserId == user.Id && r.Key == "rolled-back-1", Cancel))
            .Should().BeFalse("the edit's transaction rolled back, and its claim with it");
        claim.Status.Should().Be(201);
        claim.Location.Should().Be(created.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_changes_nothing()
    {
        var user = (await App.AddUsersAsync(1, seed: 152))[0];
        var client = App.ClientFor(user);
        await SendAsync(client, HttpMethod.Post, "/posts", new { title = "A", body = "a" }, "reused");

        var other = await SendAsync(client, HttpMethod.Post, "/posts", new { title = "B", body = "b" }, "reused");
        var otherRoute = await SendAsync(client, HttpMethod.Post, "/teams", new { roomName = "A" }, "reused");

        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        otherRoute.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        other.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await CountPostsAsync(user.Id, "B")).Should().Be(0);
    }

    [Fact]
    public async Task Twenty_concurrent_requests_with_one_key_create_one_item_and_all_get_its_answer()
    {
        var user = (await App.AddUsersAsync(1, seed: 153))[0];

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            SendAsync(App.ClientFor(user), HttpMethod.Post, "/posts", new { title = "Stormy", body = "one of twenty" }, "storm")));

        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created);
        answers.Select(a => a.Headers.Location).Distinct().Should().ContainSingle();
        (await CountPostsAsync(user.Id, "Stormy")).Should().Be(1);
    }

    [Fact]
    public async Task A_refused_request_keeps_no_answer_so_the_fixed_request_may_reuse_its_key()
    {
        var user = (await App.AddUsersAsync(1, seed: 154))[0];
        var client = App.ClientFor(user);

        var invalid = await SendAsync(client, HttpMethod.Post, "/posts", new { title = "", body = "b" }, "fix-me");
        var fixedUp = await SendAsync(client, HttpMethod.Post, "/posts", new { title = "Fixed", body = "b" }, "fix-me");

        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        fixedUp.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Keys_are_per_user_likes_replay_and_an_expired_key_runs_again()
    {
        var users = await App.AddUsersAsync(2, seed: 155);
        var item = (await App.AddItemsAsync(1, users, DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 155))[0];

        var mine = await SendAsync(App.ClientFor(users[0]), HttpMethod.Post, "/teams", new { roomName = "Same key" }, "shared");
        var theirs = await SendAsync(App.ClientFor(users[1]), HttpMethod.Post, "/teams", new { roomName = "Same key" }, "shared");
        var like = await SendAsync(App.ClientFor(users[0]), HttpMethod.Put, $"/feed/{item.Id}/like", null, "like-1");
        await App.ClientFor(users[0]).DeleteAsync($"/feed/{item.Id}/like", Cancel);
        var likeAgain = await SendAsync(App.ClientFor(users[0]), HttpMethod.Put, $"/feed/{item.Id}/like", null, "like-1");
        await using (var scope = App.Db())
        {
            await scope.Context.IdempotentRequests.Where(r => r.UserId == users[0].Id && r.Key == "shared")
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTime.UtcNow.AddHours(-1)), Cancel);
        }

        var afterExpiry = await SendAsync(App.ClientFor(users[0]), HttpMethod.Post, "/teams", new { roomName = "Same key" }, "shared");

        theirs.Headers.Location.Should().NotBe(mine.Headers.Location, "another user's key is another key");
        likeAgain.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await ReadJsonAsync(likeAgain)).ToJsonString().Should().Be((await ReadJsonAsync(like)).ToJsonString());
        afterExpiry.Headers.Location.Should().NotBe(mine.Headers.Location, "after 24 h the key is free again");
        afterExpiry.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
    }

    [Fact]
    public async Task Keyed_likes_racing_a_delete_of_their_item_answer_200_or_404_never_500_and_a_404_keeps_no_answer()
    {
        var users = await App.AddUsersAsync(1, seed: 157);
        var item = (await App.AddItemsAsync(1, users, DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 157))[0];

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => i == 6
            ? App.ClientFor(users[0]).DeleteAsync($"/feed/{item.Id}", Cancel)
            : SendAsync(App.ClientFor(users[0]), HttpMethod.Put, $"/feed/{item.Id}/like", null, $"race-{i % 3}")));
        var afterwards = await SendAsync(App.ClientFor(users[0]), HttpMethod.Put, $"/feed/{item.Id}/like", null, "race-after");

        answers.Select(a => a.StatusCode)
            .Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.NotFound || s == HttpStatusCode.NoContent);
        afterwards.StatusCode.Should().Be(HttpStatusCode.NotFound);
        await using var scope = App.Db();
        (await scope.Context.IdempotentRequests.AnyAsync(r => r.UserId == users[0].Id && r.Key == "race-after", Cancel))
            .Should().BeFalse("only successes are kept");
    }

    [Theory]
    [InlineData("ключ")]
    [InlineData("tab\there")]
    [InlineData("has space")]
    public async Task A_key_that_is_not_1_to_255_visible_ASCII_characters_is_a_400_naming_it(string key)
    {
        var user = (await App.AddUsersAsync(1, seed: 156))[0];

        var tooLong = await SendAsync(App.ClientFor(user), HttpMethod.Post, "/teams", new { roomName = "r" }, new string('k', 256));
        var bad = await SendAsync(App.ClientFor(user), HttpMethod.Post, "/teams", new { roomName = "r" }, key);

        foreach (var response in new[] { tooLong, bad })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ReadJsonAsync(response))["errors"]!["Idempotency-Key"].Should().NotBeNull();
        }
    }

    private async Task<int> CountPostsAsync(long authorId, string title)
    {
        await using var scope = App.Db();
        return await scope.Context.FeedItems.OfType<Feed.Domain.Post>().CountAsync(p => p.AuthorId == authorId && p.Title == title, Cancel);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string key)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }
}
