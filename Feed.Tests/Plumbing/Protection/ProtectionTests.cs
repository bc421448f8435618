using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Feed.Tests.Plumbing.Protection;

public sealed class RateLimitTests(LimitedApp app) : FeedTest<LimitedApp>(app)
{
    [Fact]
    public async Task The_document_and_Scalar_have_a_bucket_of_their_own_that_the_feed_does_not_share()
    {
        var client = App.CreateClient();

        // At once: the bucket refills a token a second, and a loaded machine can take that long to build the document.
        var documents = (await Task.WhenAll(Enumerable.Range(0, LimitedApp.Burst + 2)
            .Select(i => client.GetAsync(i % 2 == 0 ? "/openapi/v1.json" : "/scalar/", Cancel))))
            .Select(r => r.StatusCode).ToList();

        var feed = await client.GetAsync("/feed?limit=1", Cancel);

        documents.Should().Contain(HttpStatusCode.TooManyRequests, "the docs are limited per address");
        feed.StatusCode.Should().Be(HttpStatusCode.OK, "reading the docs does not use up the feed's bucket");
    }

    [Fact]
    public async Task A_user_past_the_burst_gets_429_problem_with_Retry_After_and_may_go_on_after_waiting_it()
    {
        var users = await App.AddUsersAsync(2, seed: 41);
        var client = App.ClientFor(users[0]);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LimitedApp.Burst + 1; i++)
        {
            statuses.Add((await client.GetAsync("/feed", Cancel)).StatusCode);
        }

        var refused = await client.GetAsync("/feed", Cancel);
        statuses.Take(LimitedApp.Burst).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((int?)(await ReadJsonAsync(refused))["status"]).Should().Be(429);
        var wait = refused.Headers.RetryAfter!.Delta!.Value;
        wait.Should().BeGreaterThan(TimeSpan.Zero).And.BeLessThanOrEqualTo(TimeSpan.FromSeconds(2));

        (await App.ClientFor(users[1]).GetAsync("/feed", Cancel)).StatusCode
            .Should().Be(HttpStatusCode.OK, "each user has a bucket of their own");

        await Task.Delay(wait + TimeSpan.FromMilliseconds(200), Cancel);
        (await client.GetAsync("/feed", Cancel)).StatusCode.Should().Be(HttpStatusCode.OK, "the bucket refills: the limit resets");
    }

    [Fact]
    public async Task Every_answer_says_what_is_left_of_the_callers_limit_so_a_client_can_slow_down_first()
    {
        var users = await App.AddUsersAsync(1, seed: 42);
        var client = App.ClientFor(users[0]);

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < LimitedApp.Burst + 1; i++)
        {
            answers.Add(await client.GetAsync("/feed?limit=1", Cancel));
        }

        var remaining = answers.Select(a => RateLimitField(a, "RateLimit", "r")).ToList();
        answers.Select(a => a.Headers.GetValues("RateLimit-Policy").Single()).Distinct()
            .Should().ContainSingle().Which.Should().Be($"\"user\";q={LimitedApp.Burst};w={LimitedApp.Burst}",
                "a bucket of 5 refilled at one a second is full again in 5 s");
        remaining.Take(LimitedApp.Burst).Should().BeInDescendingOrder().And.EndWith(0);
        remaining[0].Should().BeInRange(LimitedApp.Burst - 2, LimitedApp.Burst - 1,
            "the first request took one (a refill may land meanwhile)");
        answers[^1].StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        remaining[^1].Should().Be(0);
        RateLimitField(answers[^1], "RateLimit", "t").Should().BeInRange(1, LimitedApp.Burst);
    }

    private static int RateLimitField(HttpResponseMessage response, string header, string key) =>
        int.Parse(response.Headers.GetValues(header).Single()
            .Split(';').Single(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..]);

    [Fact]
    public async Task Anonymous_callers_are_limited_per_client_address()
    {
        async Task<int> SendAsync(string address) => (await App.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/feed";
            http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        }, Cancel)).Response.StatusCode;

        var first = new List<int>();
        for (var i = 0; i < LimitedApp.Burst + 2; i++)
        {
            first.Add(await SendAsync("203.0.113.7"));
        }

        first.Should().Contain(StatusCodes.Status429TooManyRequests);
        (await SendAsync("198.51.100.9")).Should().Be(StatusCodes.Status200OK, "another address has its own bucket");
    }

    [Fact]
    public async Task Health_probes_are_never_rate_limited()
    {
        var client = App.CreateClient();
        for (var i = 0; i < LimitedApp.Burst * 3; i++)
        {
            var probe = await client.GetAsync("/health/live", Cancel);
            probe.StatusCode.Should().Be(HttpStatusCode.OK);
            probe.Headers.Contains("RateLimit").Should().BeFalse("a probe has no limit to announce");
        }
    }
}

public sealed class WebSecurityTests(LimitedApp app) : FeedTest<LimitedApp>(app)
{
    [Theory]
    [InlineData("/feed")]
    [InlineData("/no-such-route")]
    [InlineData("/feed?limit=abc")]
    public async Task Api_answers_carry_security_headers(string url)
    {
        var response = await App.CreateClient().GetAsync(url, Cancel);

        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
        response.Headers.GetValues("X-Frame-Options").Should().Equal("DENY");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("default-src 'none'");
        response.Headers.Contains("Referrer-Policy").Should().BeTrue();
        response.Headers.Contains("Server").Should().BeFalse();
    }

    [Fact]
    public async Task The_allowed_web_origin_may_call_the_api_from_a_browser()
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/posts");
        preflight.Headers.Add("Origin", LimitedApp.WebOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        var response = await App.CreateClient().SendAsync(preflight, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal(LimitedApp.WebOrigin);
        response.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("POST");
    }

    [Fact]
    public async Task Other_web_origins_get_no_cors_permission()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/feed");
        request.Headers.Add("Origin", "https://evil.example.net");

        var response = await App.CreateClient().SendAsync(request, Cancel);

        response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
    }
}

public sealed class RequestLimitTests(KestrelApp app) : FeedTest<KestrelApp>(app)
{
    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413_problem_and_nothing_is_stored()
    {
        var author = (await App.AddUsersAsync(1, seed: 43)).Single();
        var before = await App.DigestAsync();
        var huge = new string('x', 200_000); // Kestrel:Limits:MaxRequestBodySize is 128 KiB

        var response = await App.ClientFor(author).PostAsJsonAsync("/posts", new { title = "big", body = huge }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await App.DigestAsync()).Should().Be(before);
    }

    [Fact]
    public async Task The_longest_valid_post_fits_under_the_size_limit()
    {
        var author = (await App.AddUsersAsync(1, seed: 44)).Single();
        var body = string.Concat(Enumerable.Repeat("\U0001F600", 5_000)); // 10,000 UTF-16 units, 20 KB of UTF-8, 60 KB escaped

        var response = await App.ClientFor(author).PostAsJsonAsync("/posts", new { title = new string('t', 128), body }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public async Task A_10000_character_cursor_is_a_400_problem_naming_its_parameter(string parameter)
    {
        var response = await App.CreateClient().GetAsync($"/feed?{parameter}={new string('A', 10_000)}", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await ReadJsonAsync(response))["errors"]![parameter].Should().NotBeNull();
    }

    [Fact]
    public async Task Too_many_headers_are_refused_by_Kestrel_with_a_4xx()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/feed");
        for (var i = 0; i < 100; i++)
        {
            request.Headers.Add($"X-Filler-{i}", "x");
        }

        var response = await App.CreateClient().SendAsync(request, Cancel);

        // Kestrel refuses before the app runs, so this answer has no problem+json body.
        ((int)response.StatusCode).Should().BeInRange(400, 499);
    }
}
