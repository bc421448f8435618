using System.Net;
using System.Net.Http.Json;
using Feed.Api.Users;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Plumbing.Identity;

public sealed class StaleTokenTests_Sqlite() : StaleTokenTests(Engine.Sqlite);

public sealed class StaleTokenTests_MariaDb() : StaleTokenTests(Engine.MariaDb);

/// <summary>A token outlives nothing: its user deleted or made again under the same id, it writes nothing.</summary>
public abstract class StaleTokenTests(Engine engine)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_reseed_an_old_token_cannot_write_as_whoever_now_has_its_id()
    {
        await using var app = await FeedApp.StartAsync(engine);
        (await app.RunVerbAsync("create-user", "first-admin", "admin-password", "--admin")).ExitCode.Should().Be(0);
        User admin;
        await using (var scope = app.Db())
        {
            admin = await scope.Context.Users.AsNoTracking().SingleAsync(u => u.Name == "first-admin", Cancel);
        }

        var oldToken = app.ClientFor(admin);
        (await app.RunVerbAsync("seed", "--items", "20", "--users", "5", "--reset", "--force")).ExitCode.Should().Be(0);
        await using var after = app.Db();
        var sameId = await after.Context.Users.AsNoTracking().SingleAsync(u => u.Id == admin.Id, Cancel);

        var write = await oldToken.PostAsJsonAsync("/posts", new { title = "Still me?", body = "An old token tries." }, Cancel);
        var delete = await oldToken.DeleteAsync($"/feed/1", Cancel);
        var read = await oldToken.GetAsync("/feed", Cancel);

        sameId.Name.Should().NotBe("first-admin", "the id now belongs to a seeded user");
        write.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        delete.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "an old admin token keeps no admin rights");
        read.StatusCode.Should().Be(HttpStatusCode.OK, "reads need no user");
    }

    [Fact]
    public async Task A_token_for_a_user_that_does_not_exist_is_401_not_500()
    {
        await using var app = await FeedApp.StartAsync(engine);
        var ghost = new User("ghost-user", DateTime.UtcNow);
        typeof(User).GetProperty(nameof(User.Id))!.SetValue(ghost, 987_654L);
        var token = Tokens.Issue(ghost, 1, app.Services.GetRequiredService<IOptions<AuthOptions>>().Value, DateTime.UtcNow);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);

        var write = await client.PostAsJsonAsync("/posts", new { title = "Boo", body = "Nobody writes this." }, Cancel);

        write.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        write.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }
}
