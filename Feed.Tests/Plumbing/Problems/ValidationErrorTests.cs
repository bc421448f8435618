using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Feed.Tests.Plumbing.Problems;

/// <summary>Validation errors are keyed by the names clients send and say what to do, for every create body and query parameter.</summary>
public sealed class ValidationErrorTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    [Theory]
    [InlineData("/posts", "{}", "title,body")]
    [InlineData("/posts", """{"title":"","body":"b"}""", "title")]
    [InlineData("/posts", """{"title":"t","body":"b","extra":1}""", "")]
    [InlineData("/games", "{}", "gameName,gameLocation")]
    [InlineData("/teams", """{"roomName":""}""", "roomName")]
    [InlineData("/auth/register", """{"name":"ab","password":"short"}""", "name,password")]
    [InlineData("/auth/token", "{}", "name,password")]
    public async Task Body_errors_are_keyed_by_the_JSON_field_names(string path, string body, string fields)
    {
        var user = (await App.AddUsersAsync(1, seed: 81))[0];

        var response = await App.ClientFor(user).PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

        if (fields.Length == 0)
        {
            response.StatusCode.Should().Be(HttpStatusCode.Created, "unknown fields are ignored");
            return;
        }

        await ShouldNameAsync(response, fields.Split(','));
    }

    [Fact]
    public async Task A_too_long_field_says_its_limit()
    {
        var user = (await App.AddUsersAsync(1, seed: 82))[0];

        var response = await App.ClientFor(user).PostAsJsonAsync("/posts", new { title = new string('t', 129), body = "b" }, Cancel);

        var errors = await ShouldNameAsync(response, ["title"]);
        errors["title"].Should().Equal("title must have at most 128 characters.");
    }

    [Theory]
    [InlineData("/feed?limit=0", "limit")]
    [InlineData("/feed?limit=abc", "limit")]
    [InlineData("/posts?limit=101", "limit")]
    [InlineData("/feed?types=video", "types")]
    [InlineData("/feed?before=nope", "before")]
    [InlineData("/games?after=nope", "after")]
    [InlineData("/teams/1/members?limit=0", "limit")]
    public async Task Query_errors_are_keyed_by_the_parameter_names(string url, string parameter)
    {
        var response = await App.CreateClient().GetAsync(url, Cancel);

        await ShouldNameAsync(response, [parameter]);
    }

    private async Task<Dictionary<string, string[]>> ShouldNameAsync(HttpResponseMessage response, string[] fields)
    {
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ReadJsonAsync(response))["errors"]!.AsObject()
            .ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(m => (string)m!).ToArray());
        errors.Keys.Should().BeEquivalentTo(fields);
        errors.SelectMany(e => e.Value.Select(m => (e.Key, Message: m))).Should().OnlyContain(
            e => !e.Message.Contains("The field", StringComparison.Ordinal)
                && !e.Message.Contains("The " + char.ToUpperInvariant(e.Key[0]), StringComparison.Ordinal),
            "messages are worded for people, not the framework's defaults");
        return errors;
    }

    [Theory]
    [InlineData("""{"title":123,"body":"x"}""", "title")]
    [InlineData("""{bad json""", "$")]
    [InlineData("", "$")]
    [InlineData("[]", "$")]
    public async Task An_unreadable_body_is_a_400_with_errors_keyed_by_the_field_or_the_whole_body(string body, string key)
    {
        var user = (await App.AddUsersAsync(1, seed: 36))[0];

        var json = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await App.ClientFor(user).PostAsync("/posts", json, Cancel);
        var problem = await ReadJsonAsync(response);

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        problem["errors"]![key].Should().NotBeNull();
        problem.ToJsonString().Should().NotContain("Implicit body").And.NotContain("Failed to read parameter");
    }
}
