using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Feed.Api.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Users;

/// <summary>
/// A token is good from its <c>nbf</c> to its <c>exp</c>, give or take <c>Auth:ClockSkew</c> (30 s),
/// not the framework's 5 minutes.
/// </summary>
public sealed class TokenTests(SqliteApp app) : FeedTest<SqliteApp>(app)
{
    [Theory]
    [InlineData(-120, HttpStatusCode.Unauthorized)]
    [InlineData(-45, HttpStatusCode.Unauthorized)]
    [InlineData(-10, HttpStatusCode.Created)]
    [InlineData(600, HttpStatusCode.Created)]
    public async Task A_token_past_its_expiry_by_more_than_the_clock_skew_is_refused(int secondsLeft, HttpStatusCode expected)
    {
        var user = (await App.AddUsersAsync(1, seed: 41))[0];
        var auth = App.Services.GetRequiredService<IOptions<AuthOptions>>().Value;

        var token = App.TokenFor(user, DateTime.UtcNow.AddSeconds(secondsLeft) - auth.AccessTokenLifetime);

        (await PostWithAsync(token)).Should().Be(expected);
    }

    [Theory]
    [InlineData(120, HttpStatusCode.Unauthorized)]
    [InlineData(45, HttpStatusCode.Unauthorized)]
    [InlineData(10, HttpStatusCode.Created)]
    public async Task A_token_not_valid_yet_by_more_than_the_clock_skew_is_refused(int secondsAhead, HttpStatusCode expected)
    {
        var user = (await App.AddUsersAsync(1, seed: 42))[0];

        var token = App.TokenFor(user, DateTime.UtcNow.AddSeconds(secondsAhead));

        (await PostWithAsync(token)).Should().Be(expected);
    }

    [Theory]
    [InlineData("/feed")]
    [InlineData("/feed/1")]
    [InlineData("/users/1/items")]
    public async Task An_expired_or_forged_token_is_a_401_on_reads_too_so_the_app_signs_in_again(string url)
    {
        var user = (await App.AddUsersAsync(1, seed: 43))[0];
        var auth = App.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var expired = App.TokenFor(user, DateTime.UtcNow.AddHours(-1) - auth.AccessTokenLifetime);

        foreach (var token in new[] { expired, "forged.token.value" })
        {
            var client = App.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.GetAsync(url, Cancel);

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "not silently anonymous");
            response.Headers.WwwAuthenticate.Should().NotBeEmpty();
            ((string)(await ReadJsonAsync(response))["detail"]!).Should().Contain("Sign in again");
        }

        var signIn = App.CreateClient();
        signIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", expired);
        (await signIn.PostAsJsonAsync("/auth/token", new { name = "nobody", password = "wrong password" }, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "sign-in ignores the stale token and judges the password");
    }

    private async Task<HttpStatusCode> PostWithAsync(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.PostAsJsonAsync("/posts", new { title = "On time", body = "Tokens keep time." }, Cancel)).StatusCode;
    }
}
