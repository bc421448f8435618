using System.Net;
using System.Net.Http.Json;
using System.Text;
using Feed.Domain;

namespace Feed.Tests.Plumbing.Problems;

public sealed class BadInputTests_Sqlite(SqliteApp app) : BadInputTests<SqliteApp>(app);

public sealed class BadInputTests_MariaDb(MariaDbApp app) : BadInputTests<MariaDbApp>(app);

public abstract class BadInputTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Theory]
    [InlineData("/feed?limit=0", "limit")]
    [InlineData("/feed?limit=101", "limit")]
    [InlineData("/feed?limit=-5", "limit")]
    [InlineData("/posts?limit=1000000", "limit")]
    [InlineData("/feed?limit=abc", "limit")]
    [InlineData("/feed?limit=99999999999999999999", "limit")]
    [InlineData("/feed?types=video", "types")]
    [InlineData("/feed?types=post,,gam", "types")]
    [InlineData("/feed?types=post,,game", "types")]
    [InlineData("/feed?types=,", "types")]
    [InlineData("/feed?types=post,", "types")]
    [InlineData("/feed?before=not-a-cursor", "before")]
    [InlineData("/feed?after=AAAA", "after")]
    [InlineData("/games?before=%F0%9F%92%A5", "before")]
    [InlineData("/teams?after=AQ", "after")]
    [InlineData("/feed?before=AQjfSfLNcvf4AAAAAAAAAEthbGw&after=AQjfSfLNcvf4AAAAAAAAAEthbGw", "after")]
    [InlineData("/games/1/members?limit=0", "limit")]
    [InlineData("/teams/1/members?before=x", "before")]
    public async Task Bad_query_input_is_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        var response = await App.CreateClient().GetAsync(url, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await ReadJsonAsync(response);
        var named = problem["errors"]?.AsObject().Select(e => e.Key) ?? [];
        var detail = (string?)problem["detail"];
        var namesIt = named.Any(k => k.Equals(parameter, StringComparison.OrdinalIgnoreCase))
            || detail?.Contains(parameter, StringComparison.OrdinalIgnoreCase) == true;
        namesIt.Should().BeTrue($"the problem names '{parameter}': {problem.ToJsonString()}");
    }

    [Theory]
    [InlineData("/feed/999999999")]
    [InlineData("/posts/999999999")]
    [InlineData("/games/999999999/members")]
    [InlineData("/nowhere")]
    public async Task Unknown_ids_and_routes_are_a_404_problem(string url)
    {
        var response = await App.CreateClient().GetAsync(url, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((string?)(await ReadJsonAsync(response))["detail"]).Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task An_item_of_another_kind_is_not_found_under_this_kind()
    {
        var author = (await App.AddUsersAsync(1, seed: 11))[0];
        var post = (await App.ClientFor(author).PostAsJsonAsync("/posts", new { title = "t", body = "b" }, Cancel)).Headers.Location!;
        var id = post.ToString().Split('/')[^1];

        var asGame = await App.CreateClient().GetAsync($"/games/{id}", Cancel);
        var asItem = await App.CreateClient().GetAsync($"/feed/{id}", Cancel);

        asGame.StatusCode.Should().Be(HttpStatusCode.NotFound);
        ((string?)(await ReadJsonAsync(asGame))["detail"]).Should().Be($"There is no game with id {id}.");
        asItem.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "/posts", "{\"title\":\"\",\"body\":\"b\"}", "title" },
        { "/posts", "{\"title\":\"   \",\"body\":\"b\"}", "title" },
        { "/posts", $"{{\"title\":\"{new string('x', FeedRules.TitleMaxLength + 1)}\",\"body\":\"b\"}}", "title" },
        { "/posts", $"{{\"title\":\"t\",\"body\":\"{new string('x', FeedRules.BodyMaxLength + 1)}\"}}", "body" },
        { "/posts", "{\"title\":\"t\"}", "body" },
        { "/games", "{\"gameName\":\"Go\"}", "gameLocation" },
        { "/teams", "{\"roomName\":null}", "roomName" },
        { "/teams", "{\"roomName\":42}", "" },
        { "/posts", "{\"title\":\"t\",", "" },
        { "/posts", "[]", "" },
        { "/posts", "", "" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_a_400_problem_and_stores_nothing(string url, string json, string field)
    {
        var author = (await App.AddUsersAsync(1, seed: 12))[0];
        var before = (await IdsNewestFirstAsync()).Count;

        var response = await App.ClientFor(author).PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"), Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        if (field.Length > 0)
        {
            (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key)
                .Should().Contain(k => k.Equals(field, StringComparison.OrdinalIgnoreCase));
        }

        (await IdsNewestFirstAsync()).Should().HaveCount(before);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_problem()
    {
        var author = (await App.AddUsersAsync(1, seed: 13))[0];

        var response = await App.ClientFor(author).PostAsync("/posts", new StringContent("title=t", Encoding.UTF8, "text/plain"), Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
