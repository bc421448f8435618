using System.Net;
using System.Net.Http.Json;
using Feed.Api.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Hosting;

/// <summary>The demo account's password is in the README: only a developer's machine may have it.</summary>
public sealed class DemoDataTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Staging", null, false)]
    [InlineData("Development", null, true)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", "false", false)]
    public async Task The_demo_user_and_items_exist_only_in_Development_unless_asked_for(string environment, string? demoData, bool expected)
    {
        await using var app = new DemoDataApp(environment, demoData);
        app.Settings["Auth:SigningKey"] = FeedApp.SigningKey;
        await app.InitializeAsync();

        var signIn = await app.CreateClient().PostAsJsonAsync("/auth/token", new { name = DemoData.UserName, password = DemoData.Password }, Cancel);
        await using var scope = app.Db();
        var items = await scope.Context.FeedItems.CountAsync(Cancel);

        signIn.StatusCode.Should().Be(expected ? HttpStatusCode.OK : HttpStatusCode.Unauthorized);
        (items > 0).Should().Be(expected);
    }
}
