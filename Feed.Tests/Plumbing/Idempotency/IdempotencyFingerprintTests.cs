using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Feed.Api.Data;
using Feed.Api.Plumbing.Idempotency;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Feed.Tests.Plumbing.Idempotency;

public sealed class IdempotencyFingerprintTests_Sqlite(SqliteApp app) : IdempotencyFingerprintTests<SqliteApp>(app);

public sealed class IdempotencyFingerprintTests_MariaDb(MariaDbApp app) : IdempotencyFingerprintTests<MariaDbApp>(app);

/// <summary>A body of a type whose name says nothing about requests.</summary>
public sealed record FingerprintedNote(string Text);

/// <summary>Arguments bound together: one from the query, one from the server (which the fingerprint must leave out).</summary>
public sealed record FingerprintedTag([FromQuery] string Tag, [FromServices] FeedDbContext Db);

/// <summary>
/// Idempotency-Key tells requests apart by what their endpoint binds: route values, a body of any
/// type, uploaded files by their bytes. The writes of the API cannot show the last two yet (every
/// body type is named <c>…Request</c>, nothing takes an upload), so the app gets test-only keyed writes.
/// </summary>
public abstract class IdempotencyFingerprintTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task The_same_key_with_another_route_value_is_422_and_changes_nothing()
    {
        var users = await App.AddUsersAsync(1, seed: 171);
        var items = await App.AddItemsAsync(2, users, DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 171);
        var client = App.ClientFor(users[0]);

        var first = await SendAsync(client, HttpMethod.Put, $"/feed/{items[0].Id}/like", null, "route-1");
        var other = await SendAsync(client, HttpMethod.Put, $"/feed/{items[1].Id}/like", null, "route-1");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        await using var scope = App.Db();
        (await scope.Context.Likes.CountAsync(l => l.ItemId == items[1].Id, Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task The_same_key_with_another_body_of_any_type_is_422_and_the_same_body_replays()
    {
        await using var app = WithTestOnlyWrites();
        var client = await ClientForNewUserAsync(app, seed: 172);

        var first = await SendAsync(client, HttpMethod.Post, "/test-only/notes", new FingerprintedNote("first"), "note-1");
        var other = await SendAsync(client, HttpMethod.Post, "/test-only/notes", new FingerprintedNote("second"), "note-1");
        var again = await SendAsync(client, HttpMethod.Post, "/test-only/notes", new FingerprintedNote("first"), "note-1");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
        (await again.Content.ReadAsStringAsync(Cancel)).Should().Be(await first.Content.ReadAsStringAsync(Cancel));
    }

    [Fact]
    public async Task Arguments_bound_together_count_by_what_comes_from_the_request_not_by_the_services_among_them()
    {
        await using var app = WithTestOnlyWrites();
        var client = await ClientForNewUserAsync(app, seed: 174);

        var first = await SendAsync(client, HttpMethod.Post, "/test-only/tagged?tag=a", new FingerprintedNote("same"), "tag-1");
        var other = await SendAsync(client, HttpMethod.Post, "/test-only/tagged?tag=b", new FingerprintedNote("same"), "tag-1");
        var again = await SendAsync(client, HttpMethod.Post, "/test-only/tagged?tag=a", new FingerprintedNote("same"), "tag-1");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
    }

    [Theory]
    [InlineData("/test-only/upload", "file")]
    [InlineData("/test-only/uploads", "files")]
    public async Task Two_different_uploads_under_one_key_are_told_apart_by_their_bytes(string path, string field)
    {
        await using var app = WithTestOnlyWrites();
        var client = await ClientForNewUserAsync(app, seed: 173);

        var first = await UploadAsync(client, path, field, "photo.jpg", [1, 2, 3, 4], "upload-1");
        var other = await UploadAsync(client, path, field, "photo.jpg", [4, 3, 2, 1], "upload-1"); // same name, type and length
        var again = await UploadAsync(client, path, field, "photo.jpg", [1, 2, 3, 4], "upload-1");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        again.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
    }

    /// <summary>The app with keyed writes of its own under <c>/test-only</c>, behind the API's Idempotency-Key filter.</summary>
    private WebApplicationFactory<Program> WithTestOnlyWrites() =>
        App.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddSingleton<IStartupFilter>(new TestOnlyWrites())));

    /// <summary>A client of <paramref name="app"/> signed in as a new user (stored in the database it shares with <c>App</c>).</summary>
    private async Task<HttpClient> ClientForNewUserAsync(WebApplicationFactory<Program> app, int seed)
    {
        var user = (await App.AddUsersAsync(1, seed))[0];
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", App.TokenFor(user, DateTime.UtcNow));
        return client;
    }

    private static Task<HttpResponseMessage> UploadAsync(
        HttpClient client, string path, string field, string fileName, byte[] bytes, string key)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var form = new MultipartFormDataContent { { file, field, fileName } };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string key)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }

    /// <summary>
    /// Keyed writes the API does not have: a body of a type not named <c>…Request</c>, arguments
    /// bound together with a service among them, one upload, several uploads. They route on their
    /// own (after the app's pipeline, which does not know them).
    /// </summary>
    private sealed class TestOnlyWrites : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test-only", branch =>
            {
                branch.Properties.Remove("__GlobalEndpointRouteBuilder"); // routes of its own, not added to the app's
                branch.UseRouting();
                branch.UseEndpoints(endpoints =>
                {
                    var writes = endpoints.MapGroup("").WithIdempotentWrites();
                    writes.MapPost("/notes", (FingerprintedNote note) => TypedResults.Ok(note));
                    writes.MapPost("/tagged", ([AsParameters] FingerprintedTag tag, FingerprintedNote note) => TypedResults.Ok(tag.Tag));
                    writes.MapPost("/upload", (IFormFile file) => TypedResults.Ok(file.Length)).DisableAntiforgery();
                    writes.MapPost("/uploads", (IFormFileCollection files) => TypedResults.Ok(files.Count)).DisableAntiforgery();
                });
            });
        };
    }
}
