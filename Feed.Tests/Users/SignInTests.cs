using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Feed.Api.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Users;

/// <summary>
/// Sign-in and sign-up under attack: limited per name and per address whatever token comes along,
/// one password hash per core at a time, and an unknown name costing what a wrong password costs.
/// Each test uses names and addresses of its own (the limits are the app's, shared by the class).
/// </summary>
public sealed class SignInTests(SignInLimitedApp app) : FeedTest<SignInLimitedApp>(app)
{
    [Fact]
    public async Task Guessing_one_name_is_stopped_after_a_few_tries_from_any_address_and_with_any_token()
    {
        var name = "target" + Guid.NewGuid().ToString("N")[..8];
        await App.RunVerbAsync("create-user", name, "the-right-password");
        var token = await SomeUsersTokenAsync();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < SignInLimitedApp.PerName + 2; i++)
        {
            answers.Add(await SignInAsync(name, $"guess-{i}-wrong", address: $"198.51.100.{10 + i}", token));
        }

        answers.Take(SignInLimitedApp.PerName).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.Unauthorized);
        answers.Skip(SignInLimitedApp.PerName).Should().OnlyContain(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        answers[^1].Headers.RetryAfter!.Delta.Should().BePositive();
        answers[^1].Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await SignInAsync(name, "the-right-password", "198.51.100.99", token)).StatusCode
            .Should().Be(HttpStatusCode.TooManyRequests, "not even the right password gets through until the limit resets");
    }

    [Fact]
    public async Task One_address_trying_many_names_is_stopped_and_a_token_does_not_lift_it()
    {
        var token = await SomeUsersTokenAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < SignInLimitedApp.PerAddress + 2; i++)
        {
            answers.Add((await SignInAsync($"nobody{i}{Guid.NewGuid():N}"[..20], "wrong-password", "203.0.113.50", token)).StatusCode);
        }

        answers.Take(SignInLimitedApp.PerAddress).Should().OnlyContain(s => s == HttpStatusCode.Unauthorized);
        answers.Skip(SignInLimitedApp.PerAddress).Should().OnlyContain(s => s == HttpStatusCode.TooManyRequests);
        (await SignInAsync("someone-else", "wrong-password", "203.0.113.51", token)).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "another address has its own bucket");
    }

    [Fact]
    public async Task At_most_one_password_hash_per_permitted_slot_runs_at_once_and_the_rest_are_told_to_come_back()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => SignInAsync($"crowd{i}{Guid.NewGuid():N}"[..20], "wrong-password", $"192.0.2.{i + 1}", token: null), Cancel)));

        App.Hasher.MostAtOnce.Should().Be(1, "the gate lets one hash run at a time here (HashingConcurrency=1)");
        answers.Select(a => a.StatusCode)
            .Should().OnlyContain(s => s == HttpStatusCode.Unauthorized || s == HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task An_unknown_name_costs_one_password_check_like_a_wrong_password()
    {
        var name = "known" + Guid.NewGuid().ToString("N")[..8];
        await App.RunVerbAsync("create-user", name, "the-right-password");

        var before = App.Hasher.Checked;
        var unknown = await SignInAsync("unknown" + Guid.NewGuid().ToString("N")[..8], "some-password", "192.0.2.200", token: null);
        var afterUnknown = App.Hasher.Checked;
        var wrong = await SignInAsync(name, "some-password", "192.0.2.201", token: null);

        unknown.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (afterUnknown - before).Should().Be(1, "an unknown name is checked against a stand-in hash");
        (App.Hasher.Checked - afterUnknown).Should().Be(1);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("a-long-but-wrong-password")]
    public async Task A_wrong_password_of_any_length_is_401_wrong_name_or_password(string password)
    {
        var name = "length" + Guid.NewGuid().ToString("N")[..8];
        await App.RunVerbAsync("create-user", name, "the-right-password");

        var wrong = await SignInAsync(name, password, "192.0.2.210", token: null);
        var unknown = await SignInAsync("ab", password, "192.0.2.211", token: null);

        foreach (var answer in new[] { wrong, unknown })
        {
            answer.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            answer.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            ((string)(await ReadJsonAsync(answer))["detail"]!).Should().Be("Wrong name or password.");
        }
    }

    private async Task<string> SomeUsersTokenAsync()
    {
        var user = (await App.AddUsersAsync(1, seed: 51))[0];
        return Tokens.Issue(user, null, App.Services.GetRequiredService<IOptions<AuthOptions>>().Value, DateTime.UtcNow);
    }

    /// <summary>POST /auth/token from <paramref name="address"/>, with a bearer token when given.</summary>
    private async Task<HttpResponseMessage> SignInAsync(string name, string password, string address, string? token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.PostAsJsonAsync("/auth/token", new { name, password }, Cancel);
    }
}
