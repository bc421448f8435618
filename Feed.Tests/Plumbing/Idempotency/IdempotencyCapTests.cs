using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Plumbing.Idempotency;

public sealed class IdempotencyCapTests_Sqlite(IdempotencyCappedSqliteApp app) : IdempotencyCapTests<IdempotencyCappedSqliteApp>(app);

public sealed class IdempotencyCapTests_MariaDb(IdempotencyCappedMariaDbApp app) : IdempotencyCapTests<IdempotencyCappedMariaDbApp>(app);

/// <summary>What one user's Idempotency-Keys may keep: a count of keys and bytes of bodies (<see cref="IdempotencyCapped"/>).</summary>
public abstract class IdempotencyCapTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Past_the_key_cap_a_users_oldest_answered_keys_are_evicted_and_the_newest_still_replay()
    {
        var user = (await App.AddUsersAsync(1, seed: 261))[0];
        var client = App.ClientFor(user);

        for (var i = 0; i < IdempotencyCapped.Keys + 3; i++)
        {
            (await SendAsync(client, "/teams", new { roomName = $"Room {i}" }, $"key-{i}")).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var last = IdempotencyCapped.Keys + 2;
        var newest = await SendAsync(client, "/teams", new { roomName = $"Room {last}" }, $"key-{last}");

        (await KeysAsync(user.Id)).Select(k => k.Key).Should().BeEquivalentTo(
            Enumerable.Range(3, IdempotencyCapped.Keys).Select(i => $"key-{i}"), "the three oldest keys were evicted");
        newest.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
    }

    [Fact]
    public async Task An_answer_larger_than_the_body_cap_is_kept_as_status_and_location_and_its_retry_does_no_work()
    {
        var user = (await App.AddUsersAsync(1, seed: 262))[0];
        var client = App.ClientFor(user);
        var post = new { title = "Long", body = new string('x', IdempotencyCapped.BodyBytes + 500) };

        var first = await SendAsync(client, "/posts", post, "long-1");
        var retry = await SendAsync(client, "/posts", post, "long-1");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.Headers.Location.Should().Be(first.Headers.Location);
        retry.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await retry.Content.ReadAsByteArrayAsync(Cancel)).Should().BeEmpty();
        (await KeysAsync(user.Id)).Should().ContainSingle().Which.ResponseBody.Should().BeNull();
        await using var scope = App.Db();
        (await scope.Context.FeedItems.CountAsync(i => i.AuthorId == user.Id, Cancel)).Should().Be(1);
    }

    [Fact]
    public async Task Past_the_users_byte_budget_answers_are_kept_without_their_bodies()
    {
        var user = (await App.AddUsersAsync(1, seed: 263))[0];
        var client = App.ClientFor(user);

        for (var i = 0; i < 4; i++)
        {
            var post = new { title = $"Medium {i}", body = new string('m', IdempotencyCapped.BodyBytes / 2) };
            (await SendAsync(client, "/posts", post, $"medium-{i}")).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var keys = await KeysAsync(user.Id);
        keys.Should().HaveCount(4).And.OnlyContain(k => k.Status == 201 && k.Location != null);
        keys.Sum(k => k.ResponseBody?.Length ?? 0).Should().BeLessThanOrEqualTo(IdempotencyCapped.BytesPerUser);
        keys.Count(k => k.ResponseBody == null).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task A_users_keys_are_deleted_with_the_user()
    {
        var users = await App.AddUsersAsync(2, seed: 264);
        var item = (await App.AddItemsAsync(1, [users[1]], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 264))[0];
        var put = new HttpRequestMessage(HttpMethod.Put, $"/feed/{item.Id}/like");
        put.Headers.Add("Idempotency-Key", "like-then-leave");
        (await App.ClientFor(users[0]).SendAsync(put, Cancel)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await KeysAsync(users[0].Id)).Should().ContainSingle();

        await using (var scope = App.Db())
        {
            await scope.Context.Users.Where(u => u.Id == users[0].Id).ExecuteDeleteAsync(Cancel);
        }

        (await KeysAsync(users[0].Id)).Should().BeEmpty();
    }

    [Fact]
    public async Task Twenty_keyed_writes_at_once_all_succeed_and_leave_at_most_the_cap_of_keys()
    {
        var user = (await App.AddUsersAsync(1, seed: 265))[0];

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            SendAsync(App.ClientFor(user), "/teams", new { roomName = $"Crowd {i}" }, $"crowd-{i}")));

        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created);
        (await KeysAsync(user.Id)).Should().HaveCountLessThanOrEqualTo(IdempotencyCapped.Keys);
    }

    private async Task<List<Feed.Api.Data.IdempotentRequest>> KeysAsync(long userId)
    {
        await using var scope = App.Db();
        return await scope.Context.IdempotentRequests.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(Cancel);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }
}
