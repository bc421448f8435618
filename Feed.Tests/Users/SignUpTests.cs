using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Feed.Tests.Users;

public sealed class SignUpTests_Sqlite(SqliteApp app) : SignUpTests<SqliteApp>(app);

public sealed class SignUpTests_MariaDb(MariaDbApp app) : SignUpTests<MariaDbApp>(app);

/// <summary>
/// Sign-up signs the new user in (its answer carries a token as sign-in's does), and an empty bearer
/// (what Scalar sends when no token was entered) is no token: anonymous, where a bad token is a 401.
/// </summary>
public abstract class SignUpTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Sign_up_answers_with_a_token_shaped_as_sign_in_s_that_writes_at_once()
    {
        var name = "signup" + Guid.NewGuid().ToString("N")[..8];
        var client = App.CreateClient();

        var registered = await client.PostAsJsonAsync("/auth/register", new { name, password = "sign-up password" }, Cancel);
        var body = await ReadJsonAsync(registered);
        var signIn = await client.PostAsJsonAsync("/auth/token", new { name, password = "sign-up password" }, Cancel);
        var signedIn = await ReadJsonAsync(signIn);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)body["accessToken"]!);
        var posted = await client.PostAsJsonAsync("/posts", new { title = "Hello", body = "Written with sign-up's token." }, Cancel);

        registered.StatusCode.Should().Be(HttpStatusCode.Created);
        registered.Headers.Location!.ToString().Should().Be($"/users/{(long)body["id"]!}");
        ((string)body["name"]!).Should().Be(name);
        ((string)body["tokenType"]!, (long)body["expiresIn"]!).Should().Be(((string)signedIn["tokenType"]!, (long)signedIn["expiresIn"]!));
        body.Select(p => p.Key).Should().Contain(signedIn.Select(p => p.Key), "a client that reads sign-in's answer reads sign-up's");
        posted.StatusCode.Should().Be(HttpStatusCode.Created);
        ((long)(await ReadJsonAsync(posted))["author"]!["id"]!).Should().Be((long)body["id"]!);
    }

    [Fact]
    public async Task Many_sign_ups_of_one_name_at_once_make_one_user_and_give_one_token()
    {
        var name = "race" + Guid.NewGuid().ToString("N")[..8];

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(
            () => App.CreateClient().PostAsJsonAsync("/auth/register", new { name, password = "racing password" }, Cancel), Cancel)));

        // The others find the name taken (409) or are told to come back while a hash runs (429).
        answers.Select(a => a.StatusCode).Should().ContainSingle(s => s == HttpStatusCode.Created)
            .And.Subject.Should()
            .OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.Conflict || s == HttpStatusCode.TooManyRequests);
        var created = answers.Single(a => a.StatusCode == HttpStatusCode.Created);
        ((string?)(await ReadJsonAsync(created))["accessToken"]).Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("bearer   ")]
    [InlineData("")]
    public async Task An_empty_bearer_is_anonymous_so_reads_work_and_writes_ask_to_sign_in(string authorization)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var read = await client.GetAsync("/feed?limit=1", Cancel);
        var write = await client.PostAsJsonAsync("/posts", new { title = "Anonymous", body = "No token." }, Cancel);

        read.StatusCode.Should().Be(HttpStatusCode.OK);
        write.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a write needs a signed-in user");
        write.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((string)(await ReadJsonAsync(write))["detail"]!).Should().StartWith("Sign in first", "no token was sent, not a bad one");
    }

    [Theory]
    [InlineData("Bearer x")]
    [InlineData("Bearer not.a.token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task A_malformed_token_on_a_read_is_still_a_401(string authorization)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var read = await client.GetAsync("/feed?limit=1", Cancel);

        read.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        read.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
