using System.Net;

namespace Feed.Tests.Plumbing.Wire;

public sealed class HeadTests_Sqlite(SqliteApp app) : HeadTests<SqliteApp>(app);

public sealed class HeadTests_MariaDb(MariaDbApp app) : HeadTests<MariaDbApp>(app);

/// <summary>HEAD answers what GET answers, without the body: <c>curl -sI …/feed | grep -i link</c> works.</summary>
public abstract class HeadTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Theory]
    [InlineData("/feed?limit=2")]
    [InlineData("/posts?limit=1")]
    [InlineData("/feed/999999")]
    [InlineData("/feed?limit=0")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/health/live")]
    public async Task HEAD_answers_the_status_and_headers_of_GET_without_a_body(string url)
    {
        var users = await App.AddUsersAsync(1, seed: 71);
        await App.AddItemsAsync(5, users, DateTime.UtcNow, TimeSpan.FromMinutes(5), seed: 71);
        var client = App.CreateClient();

        var get = await client.GetAsync(url, Cancel);
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), Cancel);

        head.StatusCode.Should().Be(get.StatusCode);
        head.Content.Headers.ContentType?.ToString().Should().Be(get.Content.Headers.ContentType?.ToString());
        head.Headers.Select(h => h.Key).Should().BeEquivalentTo(get.Headers.Select(h => h.Key));
        (await head.Content.ReadAsByteArrayAsync(Cancel)).Should().BeEmpty();
        if (url.StartsWith("/feed?limit=2", StringComparison.Ordinal))
        {
            head.Headers.GetValues("Link").Should().Equal(get.Headers.GetValues("Link"));
        }
    }

    [Fact]
    public async Task HEAD_on_a_route_without_GET_is_still_405()
    {
        var head = await App.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/auth/token"), Cancel);

        head.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }
}
