using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Api.Plumbing.Wire;

namespace Feed.Tests.Plumbing.Wire;

public sealed class NumberSpellingTests_Sqlite(SqliteApp app) : NumberSpellingTests<SqliteApp>(app);

public sealed class NumberSpellingTests_MariaDb(MariaDbApp app) : NumberSpellingTests<MariaDbApp>(app);

/// <summary>
/// A whole number in a URL has one spelling, decimal digits without sign, spaces or leading zeros:
/// an id spelled otherwise names nothing (404, as <c>/feed/abc</c>), a query number spelled otherwise
/// is a 400 naming the parameter; the document says so on every such parameter.
/// </summary>
public abstract class NumberSpellingTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Theory]
    [InlineData("/feed/{0}", "/feed/0{0}")]
    [InlineData("/feed/{0}", "/feed/%2B{0}")]
    [InlineData("/feed/{0}", "/feed/%20{0}")]
    [InlineData("/feed/{0}", "/feed/{0}%20")]
    [InlineData("/posts/{0}", "/posts/00{0}")]
    [InlineData("/feed/{0}/likes", "/feed/0{0}/likes")]
    [InlineData("/users/{1}", "/users/%2B{1}")]
    [InlineData("/users/{1}/items", "/users/0{1}/items")]
    public async Task An_id_in_the_path_spelled_other_than_in_plain_digits_is_a_404(string canonical, string other)
    {
        var (item, author) = await PostAsync();

        var plain = await App.CreateClient().GetAsync(Format(canonical, item, author), Cancel);
        var response = await App.CreateClient().GetAsync(Format(other, item, author), Cancel);

        plain.StatusCode.Should().Be(HttpStatusCode.OK);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the same id spelled otherwise names nothing, as /feed/abc");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("/feed?limit={2}", "limit")]
    [InlineData("/posts?limit={2}", "limit")]
    [InlineData("/users/{1}/items?limit={2}", "limit")]
    [InlineData("/feed/{0}/likes?limit={2}", "limit")]
    [InlineData("/feed/items?ids={0},{2}", "ids")]
    public async Task A_query_number_spelled_other_than_in_plain_digits_is_a_400_naming_the_parameter(string url, string parameter)
    {
        var (item, author) = await PostAsync();
        var answers = new List<string>();

        var plain = await App.CreateClient().GetAsync(Format(url, item, author, "5"), Cancel);
        foreach (var spelling in (string[])["%2B5", "05", "%205", "5%20", "5.0", "", "%EF%BC%95"])
        {
            var response = await App.CreateClient().GetAsync(Format(url, item, author, spelling), Cancel);
            var problem = response.StatusCode == HttpStatusCode.BadRequest ? await ReadJsonAsync(response) : null;
            var keys = problem?["errors"]?.AsObject().Select(e => e.Key) ?? [];
            answers.Add($"{spelling}: {(int)response.StatusCode} {string.Join(",", keys)}");
        }

        plain.StatusCode.Should().Be(HttpStatusCode.OK);
        answers.Should().AllSatisfy(a => a.Should().EndWith($": 400 {parameter}"));
    }

    [Fact]
    public async Task A_query_number_sent_twice_is_a_400_naming_the_parameter()
    {
        var response = await App.CreateClient().GetAsync("/feed?limit=5&limit=5", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key).Should().Equal("limit");
    }

    [Fact]
    public async Task The_document_gives_every_whole_number_in_a_path_or_query_its_one_spelling()
    {
        var document = JsonNode.Parse(await App.CreateClient().GetStringAsync("/openapi/v1.json", Cancel))!;
        var numbers = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(op => op.Value is JsonObject { } o && o["parameters"] is not null)
                .SelectMany(op => op.Value!["parameters"]!.AsArray()
                    .Select(p => (Where: $"{op.Key} {path.Key} {p!["name"]}", Parameter: p!))))
            .Where(p => (string?)p.Parameter["in"] is "path" or "query"
                && p.Parameter["schema"]?["type"]?.ToJsonString().Contains("integer", StringComparison.Ordinal) == true)
            .ToList();

        numbers.Select(p => p.Where).Should().Contain(w => w.EndsWith(" limit", StringComparison.Ordinal))
            .And.Contain(w => w.EndsWith(" id", StringComparison.Ordinal));
        numbers.Where(p => (string?)p.Parameter["schema"]!["pattern"] != CanonicalNumbers.Pattern).Select(p => p.Where)
            .Should().BeEmpty();
    }

    private async Task<(long Item, long Author)> PostAsync()
    {
        var author = (await App.AddUsersAsync(1, seed: 90))[0];
        var created = await App.ClientFor(author).PostAsJsonAsync("/posts", new { title = "t", body = "b" }, Cancel);
        return ((long)(await ReadJsonAsync(created))["id"]!, author.Id);
    }

    private static string Format(string template, long item, long author, string number = "") =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, template, item, author, number);
}
