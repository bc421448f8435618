using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Feed.Tests.Plumbing.ConditionalGets;

public sealed class ConditionalGetTests_Sqlite(SqliteApp app) : ConditionalGetTests<SqliteApp>(app);

public sealed class ConditionalGetTests_MariaDb(MariaDbApp app) : ConditionalGetTests<MariaDbApp>(app);

/// <summary>
/// Reads carry a weak ETag; sending it back as If-None-Match gives 304 with no body while the
/// answer is the same for this caller, and a new tag once it is not (a like, a new item).
/// </summary>
public abstract class ConditionalGetTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Theory]
    [InlineData("page")]
    [InlineData("item")]
    public async Task If_None_Match_gives_304_until_a_like_changes_the_answer(string what)
    {
        var users = await App.AddUsersAsync(2, seed: 81);
        await App.AddItemsAsync(3, users, DateTime.UtcNow.AddYears(1), TimeSpan.FromMinutes(1), seed: 81);
        var liked = Ids(await ReadJsonAsync(await App.CreateClient().GetAsync("/feed?limit=3", Cancel)))[0];
        var url = what == "page" ? "/feed?limit=3" : $"/feed/{liked}";
        var reader = App.ClientFor(users[0]);

        var first = await reader.GetAsync(url, Cancel);
        var tag = first.Headers.ETag!;
        var unchanged = await SendAsync(reader, url, tag);
        (await App.ClientFor(users[1]).PutAsync($"/feed/{liked}/like", null, Cancel)).EnsureSuccessStatusCode();
        var afterLike = await SendAsync(reader, url, tag);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        tag.IsWeak.Should().BeTrue();
        first.Headers.CacheControl!.Private.Should().BeTrue();
        first.Headers.CacheControl.NoCache.Should().BeTrue();
        first.Headers.Vary.Should().Contain("Authorization");
        unchanged.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await unchanged.Content.ReadAsByteArrayAsync(Cancel)).Should().BeEmpty();
        unchanged.Headers.ETag.Should().Be(tag);
        afterLike.StatusCode.Should().Be(HttpStatusCode.OK, "another user's like changed the count");
        afterLike.Headers.ETag.Should().NotBe(tag);
    }

    [Fact]
    public async Task The_tag_covers_the_callers_own_flags()
    {
        var users = await App.AddUsersAsync(2, seed: 82);
        var item = (await App.AddItemsAsync(1, users, DateTime.UtcNow.AddYears(2), TimeSpan.FromMinutes(1), seed: 82))[0];
        var url = $"/feed/{item.Id}";
        var liker = App.ClientFor(users[0]);
        (await liker.PutAsync($"/feed/{item.Id}/like", null, Cancel)).EnsureSuccessStatusCode();

        var asLiker = await liker.GetAsync(url, Cancel);
        var asOther = await SendAsync(App.ClientFor(users[1]), url, asLiker.Headers.ETag!);
        var anonymous = await SendAsync(App.CreateClient(), url, asLiker.Headers.ETag!);

        asOther.StatusCode.Should().Be(HttpStatusCode.OK, "likedByMe differs for this caller, so the tag does");
        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
        asOther.Headers.ETag.Should().Be(anonymous.Headers.ETag, "neither liked it: the same answer, the same tag");
    }

    [Fact]
    public async Task A_new_item_changes_the_first_pages_tag_and_a_star_always_matches()
    {
        var users = await App.AddUsersAsync(1, seed: 83);
        await App.AddItemsAsync(2, users, DateTime.UtcNow.AddYears(3), TimeSpan.FromMinutes(1), seed: 83);
        var client = App.CreateClient();
        var first = await client.GetAsync("/feed?limit=5", Cancel);

        await App.AddItemsAsync(1, users, DateTime.UtcNow.AddYears(4), TimeSpan.FromMinutes(1), seed: 84);
        var afterPost = await SendAsync(client, "/feed?limit=5", first.Headers.ETag!);
        var star = await SendAsync(client, "/feed?limit=5", EntityTagHeaderValue.Any);

        afterPost.StatusCode.Should().Be(HttpStatusCode.OK);
        star.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Fact]
    public async Task Errors_and_writes_other_than_a_create_carry_no_tag()
    {
        var users = await App.AddUsersAsync(1, seed: 85);

        var missing = await App.CreateClient().GetAsync("/feed/987654321", Cancel);
        var invalid = await App.CreateClient().GetAsync("/feed?limit=0", Cancel);
        var created = await App.ClientFor(users[0]).PostAsJsonAsync("/teams", new { roomName = "Tagless" }, Cancel);
        var liked = await App.ClientFor(users[0]).PutAsync($"/feed/{(long)(await ReadJsonAsync(created))["id"]!}/like", null, Cancel);

        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        invalid.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        liked.StatusCode.Should().Be(HttpStatusCode.OK);
        new[] { missing, invalid, liked }.Should().OnlyContain(r => r.Headers.ETag == null);
        created.Headers.ETag.Should().NotBeNull("a create answers with the new item's tag, ready for If-Match (ReplayedHeaderTests)");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string url, EntityTagHeaderValue tag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(tag);
        return client.SendAsync(request, Cancel);
    }
}
