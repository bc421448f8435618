using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Users;

public sealed class RefreshTests_Sqlite(SqliteApp app) : RefreshTests<SqliteApp>(app);

public sealed class RefreshTests_MariaDb(MariaDbApp app) : RefreshTests<MariaDbApp>(app);

/// <summary>
/// Refresh tokens rotate; the one just replaced, shown again within the grace, answers the same new tokens (lost answers,
/// racing tabs); shown again later it is a theft and revokes the whole session, whose access tokens stop writing at once.
/// </summary>
public abstract class RefreshTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_refresh_rotates_both_tokens_and_the_new_access_token_writes()
    {
        var device = await App.SignUpAsync();

        var first = await device.RefreshedAsync(await App.RefreshAsync(device.RefreshToken));
        var second = await first.RefreshedAsync(await App.RefreshAsync(first.RefreshToken));

        new[] { device.RefreshToken, first.RefreshToken, second.RefreshToken }.Should().OnlyHaveUniqueItems();
        (await App.SessionAsync(device.SessionId)).Generation.Should().Be(2);
        (await App.WriteAsync(second.AccessToken)).Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_replaced_token_shown_again_within_the_grace_answers_the_same_new_refresh_token()
    {
        var device = await App.SignUpAsync();
        var refreshed = await device.RefreshedAsync(await App.RefreshAsync(device.RefreshToken));

        var retried = await device.RefreshedAsync(await App.RefreshAsync(device.RefreshToken));

        retried.RefreshToken.Should().Be(refreshed.RefreshToken, "a client that lost the answer gets it again");
        (await App.SessionAsync(device.SessionId)).Generation.Should().Be(1);
        (await App.WriteAsync(retried.AccessToken)).Should().Be(HttpStatusCode.Created);
        (await App.RefreshAsync(refreshed.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.OK, "the session is still good");
    }

    [Fact]
    public async Task The_replaced_token_shown_after_the_grace_revokes_the_session_and_its_access_tokens_stop_writing_at_once()
    {
        var device = await App.SignUpAsync();
        var refreshed = await device.RefreshedAsync(await App.RefreshAsync(device.RefreshToken));
        await App.BackdateRefreshAsync(device.SessionId, TimeSpan.FromMinutes(1));

        var reused = await App.RefreshAsync(device.RefreshToken);

        reused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        reused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((string)(await ReadJsonAsync(reused))["detail"]!).Should().Contain("revoked");
        (await App.SessionAsync(device.SessionId)).RevokedAt.Should().NotBeNull();
        (await App.RefreshAsync(refreshed.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the whole family");
        (await App.WriteAsync(refreshed.AccessToken)).Should().Be(HttpStatusCode.Unauthorized, "writes stop at once");
        (await App.ClientOf(refreshed.AccessToken).GetAsync("/feed", Cancel)).StatusCode
            .Should().Be(HttpStatusCode.OK, "reads go on until the access token expires");
    }

    [Fact]
    public async Task Twenty_clients_refreshing_one_token_at_once_all_get_the_same_next_token_and_move_the_session_once()
    {
        var device = await App.SignUpAsync();

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 20).Select(_ => Task.Run(() => App.RefreshAsync(device.RefreshToken), Cancel)));

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        var tokens = await Task.WhenAll(answers.Select(async a => (string)(await ReadJsonAsync(a))["refreshToken"]!));
        tokens.Distinct().Should().ContainSingle();
        (await App.SessionAsync(device.SessionId)).Generation.Should().Be(1);
        (await App.RefreshAsync(tokens[0])).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_unused_past_its_lifetime_is_refused_and_each_refresh_slides_the_expiry()
    {
        var device = await App.SignUpAsync();
        var signedIn = await App.SessionAsync(device.SessionId);
        var refreshed = await device.RefreshedAsync(await App.RefreshAsync(device.RefreshToken));
        var slid = await App.SessionAsync(device.SessionId);
        await using (var scope = App.Db())
        {
            var past = DateTime.UtcNow.AddSeconds(-1);
            await scope.Context.Sessions.Where(s => s.Id == device.SessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, past), Cancel);
        }

        var expired = await App.RefreshAsync(refreshed.RefreshToken);

        slid.ExpiresAt.Should().BeOnOrAfter(signedIn.ExpiresAt);
        expired.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ((string)(await ReadJsonAsync(expired))["detail"]!).Should().Contain("expired");
    }

    [Fact]
    public async Task A_token_of_a_later_generation_or_of_another_session_or_with_a_wrong_mac_is_401_and_revokes_nothing()
    {
        var device = await App.SignUpAsync();
        var other = await App.SignUpAsync();
        var parts = device.RefreshToken.Split('.');

        string[] forged =
        [
            $"{parts[0]}.5.{parts[2]}", $"{parts[0]}.0.{other.RefreshToken.Split('.')[2]}", $"{other.SessionId}.0.{parts[2]}",
            $"{parts[0]}.0.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}", $"{parts[0]}.0.{parts[2]}x", $"999999999.0.{parts[2]}",
        ];
        foreach (var token in forged)
        {
            (await App.RefreshAsync(token)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, token);
        }

        (await App.SessionAsync(device.SessionId)).RevokedAt.Should().BeNull();
        (await App.SessionAsync(other.SessionId)).RevokedAt.Should().BeNull();
        (await App.RefreshAsync(device.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"x\"")]
    [InlineData("\"1.2\"")]
    [InlineData("\"1.2.3.4\"")]
    [InlineData("\"-1.0.abc\"")]
    [InlineData("\"1.-1.abc\"")]
    [InlineData("\"+1.0.abc\"")]
    [InlineData("\"1.0.\"")]
    [InlineData("\"..\"")]
    [InlineData("\"99999999999999999999999.0.abc\"")]
    [InlineData("\"1.99999999999.abc\"")]
    [InlineData("\"1.0.\\u00e9\\u00e9\\u00e9\"")]
    [InlineData("\"\\u0000.\\u0000.\\u0000\"")]
    [InlineData("\"1.0.aGVsbG8=\"")]
    public async Task Any_garbage_refresh_token_is_a_401_problem_never_a_500(string json)
    {
        var answer = await PostRefreshAsync($$"""{"refreshToken": {{json}}}""");

        answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized, json);
        answer.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"refreshToken\": null}")]
    [InlineData("{\"refreshToken\": 12}")]
    [InlineData("{\"refreshToken\": [\"1.0.x\"]}")]
    [InlineData("[]")]
    [InlineData("not json")]
    public async Task A_body_not_in_the_shape_is_a_400_problem(string body)
    {
        var answer = await PostRefreshAsync(body);

        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        answer.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task A_very_long_token_is_a_401_and_a_huge_one_never_a_500()
    {
        var long401 = await PostRefreshAsync($$"""{"refreshToken": "1.0.{{new string('A', 5_000)}}"}""");
        var huge = await PostRefreshAsync($$"""{"refreshToken": "{{new string('9', 2_000_000)}}"}""");

        long401.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ((int)huge.StatusCode).Should().BeInRange(400, 499);
    }

    private Task<HttpResponseMessage> PostRefreshAsync(string json) =>
        App.CreateClient().PostAsync("/auth/refresh", new StringContent(json, Encoding.UTF8, "application/json"), Cancel);
}
