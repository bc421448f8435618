using System.Net;
using System.Net.Http.Json;

namespace Feed.Tests.Plumbing.Problems;

public sealed class HeaderErrorKeyTests_Sqlite(SqliteApp app) : HeaderErrorKeyTests<SqliteApp>(app);

public sealed class HeaderErrorKeyTests_MariaDb(MariaDbApp app) : HeaderErrorKeyTests<MariaDbApp>(app);

/// <summary>A 400 about a header is keyed by the header's name as clients send it, not re-cased like a JSON field.</summary>
public abstract class HeaderErrorKeyTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_bad_Idempotency_Key_is_keyed_by_the_header_name_as_sent()
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 91))[0]);
        var request = new HttpRequestMessage(HttpMethod.Post, "/posts") { Content = JsonContent.Create(new { title = "t", body = "b" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', 300));

        var response = await client.SendAsync(request, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key).Should().Equal("Idempotency-Key");
    }

    [Fact]
    public async Task A_bad_Last_Event_ID_is_keyed_by_the_header_name_as_sent()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/feed/stream");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", "not-an-event");

        var response = await App.CreateClient().SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key).Should().Equal("Last-Event-ID");
    }

    [Fact]
    public async Task Body_fields_are_still_keyed_in_camelCase()
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 92))[0]);

        var response = await client.PostAsJsonAsync("/games", new { gameName = "Go" }, Cancel);

        (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key).Should().Equal("gameLocation");
    }
}
