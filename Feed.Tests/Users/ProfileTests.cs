using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Feed.Tests.Users;

public sealed class ProfileTests_Sqlite(SqliteApp app) : ProfileTests<SqliteApp>(app);

public sealed class ProfileTests_MariaDb(MariaDbApp app) : ProfileTests<MariaDbApp>(app);

/// <summary>Every Location the API sends points at a GET that answers 200: sign-up's at the new user's profile.</summary>
public abstract class ProfileTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Sign_up_points_at_a_profile_that_counts_the_users_items_and_me_is_the_same_profile()
    {
        var name = "profile" + Guid.NewGuid().ToString("N")[..8];
        var client = App.CreateClient();

        var registered = await client.PostAsJsonAsync("/auth/register", new { name, password = "profile-password" }, Cancel);
        var signIn = await client.PostAsJsonAsync("/auth/token", new { name, password = "profile-password" }, Cancel);
        var token = (string)(await ReadJsonAsync(signIn))["accessToken"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var before = await ReadJsonAsync(await client.GetAsync(registered.Headers.Location, Cancel));
        await client.PostAsJsonAsync("/posts", new { title = "Hello", body = "My first post." }, Cancel);
        var after = await ReadJsonAsync(await client.GetAsync(registered.Headers.Location, Cancel));
        var me = await ReadJsonAsync(await client.GetAsync("/me", Cancel));

        registered.StatusCode.Should().Be(HttpStatusCode.Created);
        ((string)before["name"]!, (int)before["itemCount"]!).Should().Be((name, 0));
        ((string)before["joinedAt"]!).Should().EndWith("Z");
        ((int)after["itemCount"]!).Should().Be(1);
        JsonNode.DeepEquals(me, after).Should().BeTrue("/me is the caller's profile");
    }

    [Fact]
    public async Task An_unknown_user_is_404_and_me_without_a_token_is_401()
    {
        var client = App.CreateClient();

        var unknown = await client.GetAsync("/users/987654321", Cancel);
        var me = await client.GetAsync("/me", Cancel);

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        me.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
