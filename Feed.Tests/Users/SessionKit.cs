using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Users;

/// <summary>A signed-in device as a client holds it: its user, tokens and session.</summary>
public sealed record Device(long UserId, string Name, string AccessToken, string RefreshToken)
{
    public long SessionId => long.Parse(RefreshToken.Split('.')[0]);
}

/// <summary>Signing up, in, refreshing and writing over HTTP, as the session tests do it.</summary>
public static class SessionKit
{
    public const string Password = "session password";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static async Task<Device> SignUpAsync(this FeedApp app, string userAgent = "tests/1.0")
    {
        var name = "sess" + Guid.NewGuid().ToString("N")[..10];
        var client = Client(app, userAgent);
        var answer = await client.PostAsJsonAsync("/auth/register", new { name, password = Password }, Cancel);
        answer.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = (await answer.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!;
        return new Device((long)body["id"]!, name, (string)body["accessToken"]!, (string)body["refreshToken"]!);
    }

    public static async Task<Device> SignInAsync(this FeedApp app, Device someone, string userAgent, string password = Password)
    {
        var answer = await Client(app, userAgent).PostAsJsonAsync("/auth/token", new { name = someone.Name, password }, Cancel);
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!;
        return someone with { AccessToken = (string)body["accessToken"]!, RefreshToken = (string)body["refreshToken"]! };
    }

    public static Task<HttpResponseMessage> RefreshAsync(this FeedApp app, string refreshToken) =>
        app.CreateClient().PostAsJsonAsync("/auth/refresh", new { refreshToken }, Cancel);

    /// <summary>The device with the tokens of a successful refresh's answer.</summary>
    public static async Task<Device> RefreshedAsync(this Device device, HttpResponseMessage answer)
    {
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = (await answer.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!;
        return device with { AccessToken = (string)body["accessToken"]!, RefreshToken = (string)body["refreshToken"]! };
    }

    public static HttpClient ClientOf(this FeedApp app, string accessToken)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>The status of a write (a new post) with <paramref name="accessToken"/>.</summary>
    public static async Task<HttpStatusCode> WriteAsync(this FeedApp app, string accessToken) =>
        (await app.ClientOf(accessToken).PostAsJsonAsync("/posts", new { title = "Session", body = "A write." }, Cancel)).StatusCode;

    public static async Task<Session> SessionAsync(this FeedApp app, long id)
    {
        await using var scope = app.Db();
        return await scope.Context.Sessions.AsNoTracking().SingleAsync(s => s.Id == id, Cancel);
    }

    /// <summary>Moves the session's last refresh <paramref name="ago"/> into the past, as if time had passed.</summary>
    public static async Task BackdateRefreshAsync(this FeedApp app, long id, TimeSpan ago)
    {
        await using var scope = app.Db();
        var at = DateTime.UtcNow - ago;
        await scope.Context.Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RefreshedAt, at), Cancel);
    }

    private static HttpClient Client(FeedApp app, string userAgent)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", userAgent);
        return client;
    }
}
