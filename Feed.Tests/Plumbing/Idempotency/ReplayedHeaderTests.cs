using System.Net;
using System.Text;

namespace Feed.Tests.Plumbing.Idempotency;

public sealed class ReplayedHeaderTests_Sqlite(SqliteApp app) : ReplayedHeaderTests<SqliteApp>(app);

public sealed class ReplayedHeaderTests_MariaDb(MariaDbApp app) : ReplayedHeaderTests<MariaDbApp>(app);

/// <summary>
/// A created item carries the ETag an edit sends as If-Match (no read in between), and a replayed
/// create or edit answers with the headers the first answer had.
/// </summary>
public abstract class ReplayedHeaderTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    public static TheoryData<string, string, string> Kinds => new()
    {
        { "posts", """{"title":"t","body":"b"}""", """{"title":"t2"}""" },
        { "games", """{"gameName":"Go","gameLocation":"Park"}""", """{"gameName":"Baduk"}""" },
        { "teams", """{"roomName":"Room"}""", """{"roomName":"Room 2"}""" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_created_item_carries_the_ETag_its_read_has_and_an_edit_sends_as_If_Match(string route, string create, string edit)
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 96))[0]);

        var created = await client.PostAsync($"/{route}", Json(create), Cancel);
        var read = await client.GetAsync(created.Headers.Location, Cancel);
        var patch = new HttpRequestMessage(HttpMethod.Patch, created.Headers.Location) { Content = Json(edit) };
        patch.Headers.IfMatch.Add(created.Headers.ETag!);
        var edited = await client.SendAsync(patch, Cancel);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.ETag.Should().NotBeNull().And.Be(read.Headers.ETag);
        edited.StatusCode.Should().Be(HttpStatusCode.OK, "the created item's tag is the one If-Match checks");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_replayed_create_or_edit_keeps_its_ETag_and_Location_and_says_so(string route, string create, string edit)
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 97))[0]);
        var key = Guid.NewGuid().ToString();

        var created = await SendAsync(client, HttpMethod.Post, $"/{route}", create, key);
        var createdAgain = await SendAsync(client, HttpMethod.Post, $"/{route}", create, key);
        var edited = await SendAsync(client, HttpMethod.Patch, created.Headers.Location!.ToString(), edit, key + "-edit");
        var editedAgain = await SendAsync(client, HttpMethod.Patch, created.Headers.Location!.ToString(), edit, key + "-edit");

        createdAgain.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        createdAgain.Headers.Location.Should().Be(created.Headers.Location);
        createdAgain.Headers.ETag.Should().NotBeNull().And.Be(created.Headers.ETag);
        edited.StatusCode.Should().Be(HttpStatusCode.OK);
        editedAgain.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        editedAgain.Headers.ETag.Should().NotBeNull().And.Be(edited.Headers.ETag);
    }

    [Fact]
    public async Task A_replayed_like_carries_no_ETag_as_the_first_had_none()
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 98))[0]);
        var post = await client.PostAsync("/posts", Json("""{"title":"t","body":"b"}"""), Cancel);
        var like = $"{post.Headers.Location}".Replace("/posts/", "/feed/", StringComparison.Ordinal) + "/like";
        var key = Guid.NewGuid().ToString();

        var first = await SendAsync(client, HttpMethod.Put, like, null, key);
        var again = await SendAsync(client, HttpMethod.Put, like, null, key);

        first.Headers.ETag.Should().BeNull();
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        again.Headers.ETag.Should().BeNull();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? body, string key)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }
}
