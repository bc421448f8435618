using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Feed.Tests.Docs;

public sealed class DocumentedAnswersTests_Sqlite(SqliteApp app) : DocumentedAnswersTests<SqliteApp>(app);

public sealed class DocumentedAnswersTests_MariaDb(MariaDbApp app) : DocumentedAnswersTests<MariaDbApp>(app);

/// <summary>
/// The answers the fuzzer (scripts/fuzz.sh) found missing from the document, sent over HTTP: each one's status is
/// one the document lists for that operation.
/// </summary>
public abstract class DocumentedAnswersTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private const string BadKey = "not a key"; // spaces: not visible ASCII

    private async Task<(JsonObject Paths, long ItemId, long UserId, HttpClient User)> ArrangeAsync(int seed)
    {
        var document = await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));
        var users = await App.AddUsersAsync(1, seed);
        var items = await App.AddItemsAsync(3, users, DateTime.UtcNow, TimeSpan.FromMinutes(1), seed);
        return (document["paths"]!.AsObject(), items[0].Id, users[0].Id, App.ClientFor(users[0]));
    }

    private static void ShouldBeListed(JsonObject paths, string method, string route, HttpResponseMessage answer)
    {
        var responses = paths[route]![method.ToLowerInvariant()]!["responses"]!.AsObject();
        responses.Select(r => r.Key).Should().Contain(((int)answer.StatusCode).ToString(), $"{method} {route} answered it");
    }

    [Fact]
    public async Task Every_read_lists_the_401_a_malformed_token_gets()
    {
        var (paths, itemId, userId, _) = await ArrangeAsync(seed: 251);
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.token");

        var reads = paths.Where(p => p.Value!["get"] is not null).Select(p => p.Key).ToList();
        foreach (var route in reads)
        {
            var id = route.StartsWith("/users/") ? userId : itemId;
            var answer = await client.GetAsync(route.Replace("{id}", id.ToString()), HttpCompletionOption.ResponseHeadersRead, Cancel);

            answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized, route);
            ShouldBeListed(paths, "GET", route, answer);
        }

        reads.Should().HaveCountGreaterThan(15);
    }

    [Fact]
    public async Task Admin_operations_list_the_401_of_a_caller_without_a_token()
    {
        var (paths, _, _, _) = await ArrangeAsync(seed: 252);
        var client = App.CreateClient();

        var start = await client.PostAsJsonAsync("/admin/seed-jobs", new { items = 10 }, Cancel);
        var read = await client.GetAsync("/admin/seed-jobs/1", Cancel);
        var cancel = await client.DeleteAsync("/admin/seed-jobs/1", Cancel);

        ShouldBeListed(paths, "POST", "/admin/seed-jobs", start);
        ShouldBeListed(paths, "GET", "/admin/seed-jobs/{id}", read);
        ShouldBeListed(paths, "DELETE", "/admin/seed-jobs/{id}", cancel);
        new[] { start, read, cancel }.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Likes_memberships_deletes_and_cancels_list_the_400_of_a_bad_Idempotency_Key()
    {
        var (paths, itemId, _, user) = await ArrangeAsync(seed: 253);
        var admin = App.ClientFor((await App.AddUsersAsync(1, seed: 254, isAdmin: true))[0]);
        (HttpClient Client, HttpMethod Method, string Route)[] writes =
        [
            (user, HttpMethod.Put, "/feed/{id}/like"), (user, HttpMethod.Delete, "/feed/{id}/like"),
            (user, HttpMethod.Put, "/games/{id}/membership"), (user, HttpMethod.Delete, "/teams/{id}/membership"),
            (user, HttpMethod.Delete, "/feed/{id}"), (admin, HttpMethod.Delete, "/admin/seed-jobs/{id}"),
        ];

        foreach (var (client, method, route) in writes)
        {
            using var request = new HttpRequestMessage(method, route.Replace("{id}", itemId.ToString()));
            request.Headers.TryAddWithoutValidation("Idempotency-Key", BadKey);
            var answer = await client.SendAsync(request, Cancel);

            answer.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"{method} {route}");
            ShouldBeListed(paths, method.Method, route, answer);
        }
    }

    [Fact]
    public async Task A_users_new_count_lists_the_404_of_an_id_that_is_not_a_number()
    {
        var (paths, _, _, _) = await ArrangeAsync(seed: 255);

        var answer = await App.CreateClient().GetAsync("/users/abc/items/new-count?after=x", Cancel);

        answer.StatusCode.Should().Be(HttpStatusCode.NotFound);
        ShouldBeListed(paths, "GET", "/users/{id}/items/new-count", answer);
    }
}
