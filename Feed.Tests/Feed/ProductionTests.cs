using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Feed;

/// <summary>The app as it runs in production, with one extra route that fails the way a bug would.</summary>
public sealed class ProductionApp : SqliteAppBase
{
    public const string Secret = "SELECT secret FROM Users -- at Feed.Api.Secret()";

    protected override string Environment => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new FailingRoute()));
    }

    private sealed class FailingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/fail", branch => branch.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }
}

public sealed class ProductionTests(ProductionApp app) : FeedTest<ProductionApp>(app)
{
    [Fact]
    public async Task An_unexpected_failure_is_a_500_problem_without_exception_details()
    {
        var response = await App.CreateClient().GetAsync("/fail", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        body.Should().NotContain("SELECT").And.NotContain("Feed.Api").And.NotContain("InvalidOperationException").And.NotContain(" at ");
    }

    [Fact]
    public async Task Bad_input_in_production_still_says_what_was_wrong()
    {
        var response = await App.CreateClient().GetAsync("/feed?limit=abc", Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        ((string?)(await ReadJsonAsync(response))["detail"]).Should().Contain("limit", Exactly.Once());
    }
}
