using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Feed.Domain;

namespace Feed.Tests.Items;

public sealed class EditTests_Sqlite(SqliteApp app) : EditTests<SqliteApp>(app);

public sealed class EditTests_MariaDb(MariaDbApp app) : EditTests<MariaDbApp>(app);

/// <summary>PATCH: the author edits an item's own fields; it keeps its place; If-Match guards against a lost update.</summary>
public abstract class EditTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task The_author_edits_a_post_it_is_marked_edited_and_keeps_its_place_in_the_feed()
    {
        var users = await App.AddUsersAsync(1, seed: 141);
        await App.AddItemsAsync(10, users, DateTime.UtcNow.AddDays(-1), TimeSpan.FromHours(1), seed: 141);
        var author = App.ClientFor(users[0]);
        var post = await CreateAsync(author, "/posts", new { title = "Before", body = "Unchanged body" });
        await App.AddItemsAsync(3, users, DateTime.UtcNow.AddMinutes(1), TimeSpan.FromSeconds(10), seed: 142);
        var order = Ids(await ReadJsonAsync(await author.GetAsync("/feed?limit=20", Cancel)));

        var edited = await PatchAsync(author, $"/posts/{post}", """{"title":"After"}""");
        var body = await ReadJsonAsync(edited);

        edited.StatusCode.Should().Be(HttpStatusCode.OK);
        ((string)body["title"]!, (string)body["body"]!).Should().Be(("After", "Unchanged body"));
        ((string?)body["editedAt"]).Should().NotBeNull();
        Ids(await ReadJsonAsync(await author.GetAsync("/feed?limit=20", Cancel))).Should().Equal(order, "editing does not move an item");
        var read = await ReadJsonAsync(await author.GetAsync($"/feed/{post}", Cancel));
        ((string)read["title"]!).Should().Be("After");
        ((string?)read["editedAt"]).Should().Be((string?)body["editedAt"]);
    }

    [Fact]
    public async Task Games_and_teams_are_edited_by_their_own_fields()
    {
        var users = await App.AddUsersAsync(1, seed: 143);
        var author = App.ClientFor(users[0]);
        var game = await CreateAsync(author, "/games", new { gameName = "Chess", gameLocation = "Park" });
        var team = await CreateAsync(author, "/teams", new { roomName = "Room" });

        var g = await ReadJsonAsync(await PatchAsync(author, $"/games/{game}", """{"gameLocation":"Library"}"""));
        var t = await ReadJsonAsync(await PatchAsync(author, $"/teams/{team}", """{"roomName":"Room 2"}"""));
        var wrongKind = await PatchAsync(author, $"/posts/{game}", """{"title":"x"}""");

        ((string)g["gameName"]!, (string)g["gameLocation"]!).Should().Be(("Chess", "Library"));
        ((string)t["roomName"]!).Should().Be("Room 2");
        wrongKind.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_user_and_an_admin_get_403_and_the_item_is_unchanged()
    {
        var users = await App.AddUsersAsync(2, seed: 144);
        var admin = (await App.AddUsersAsync(1, seed: 145, isAdmin: true))[0];
        var post = await CreateAsync(App.ClientFor(users[0]), "/posts", new { title = "Mine", body = "b" });

        var other = await PatchAsync(App.ClientFor(users[1]), $"/posts/{post}", """{"title":"Theirs"}""");
        var byAdmin = await PatchAsync(App.ClientFor(admin), $"/posts/{post}", """{"title":"Admin's"}""");
        var anonymous = await PatchAsync(App.CreateClient(), $"/posts/{post}", """{"title":"Nobody's"}""");

        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ((string)(await ReadJsonAsync(await App.CreateClient().GetAsync($"/posts/{post}", Cancel)))["title"]!).Should().Be("Mine");
    }

    [Fact]
    public async Task A_stale_If_Match_is_412_a_current_one_succeeds_and_the_ETag_changes()
    {
        var users = await App.AddUsersAsync(1, seed: 146);
        var author = App.ClientFor(users[0]);
        var post = await CreateAsync(author, "/posts", new { title = "v1", body = "b" });
        var read = await author.GetAsync($"/posts/{post}", Cancel);
        var tag = read.Headers.ETag!;

        var first = await PatchAsync(author, $"/posts/{post}", """{"title":"v2"}""", tag);
        var stale = await PatchAsync(author, $"/posts/{post}", """{"title":"v3"}""", tag);
        var again = await author.GetAsync($"/posts/{post}", Cancel);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Headers.ETag.Should().Be(again.Headers.ETag, "the edit answers the new tag");
        again.Headers.ETag.Should().NotBe(tag);
        stale.StatusCode.Should().Be(HttpStatusCode.PreconditionFailed);
        var garbage = new HttpRequestMessage(HttpMethod.Patch, $"/posts/{post}")
        {
            Content = new StringContent("""{"title":"v4"}""", Encoding.UTF8, "application/json"),
        };
        garbage.Headers.TryAddWithoutValidation("If-Match", "garbage");
        (await author.SendAsync(garbage, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.PreconditionFailed, "an If-Match that does not parse matches nothing");
        stale.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((string)(await ReadJsonAsync(again))["title"]!).Should().Be("v2");
    }

    [Fact]
    public async Task The_ETag_of_a_Korean_post_is_the_one_If_Match_accepts_and_its_text_travels_unescaped()
    {
        var author = App.ClientFor((await App.AddUsersAsync(1, seed: 147))[0]);
        var post = await CreateAsync(author, "/posts", new { title = "스크롤 테스트", body = "한국어 본문" });
        var read = await author.GetAsync($"/posts/{post}", Cancel);
        var wire = await read.Content.ReadAsStringAsync(Cancel);

        var edit = await PatchAsync(author, $"/posts/{post}", """{"title":"수정"}""", read.Headers.ETag);

        wire.Should().Contain("스크롤 테스트", "UTF-8 as it is: cheap in bytes, and the bytes the tag is taken of");
        edit.StatusCode.Should().Be(HttpStatusCode.OK, "the tag a read answers is the tag an edit checks");
    }

    [Theory]
    [InlineData("""{"title":""}""", "title")]
    [InlineData("""{"body":""}""", "body")]
    [InlineData("""{"title":123}""", "title")]
    [InlineData("""{"title":"   "}""", "title")]
    [InlineData("""{"body":"\t\n"}""", "body")]
    public async Task Invalid_fields_are_a_400_naming_the_field(string patch, string field)
    {
        var users = await App.AddUsersAsync(1, seed: 147);
        var author = App.ClientFor(users[0]);
        var post = await CreateAsync(author, "/posts", new { title = "ok", body = "ok" });

        var response = await PatchAsync(author, $"/posts/{post}", patch);
        var tooLong = await PatchAsync(author, $"/posts/{post}", $$"""{"title":"{{new string('t', FeedRules.TitleMaxLength + 1)}}"}""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ReadJsonAsync(response))["errors"]![field].Should().NotBeNull();
        (await ReadJsonAsync(tooLong))["errors"]!["title"].Should().NotBeNull();
    }

    [Fact]
    public async Task Concurrent_edits_with_one_If_Match_let_exactly_one_through_and_a_racing_delete_never_500s()
    {
        var users = await App.AddUsersAsync(1, seed: 148);
        var author = App.ClientFor(users[0]);
        var post = await CreateAsync(author, "/posts", new { title = "v1", body = "b" });
        var tag = (await author.GetAsync($"/posts/{post}", Cancel)).Headers.ETag!;

        var edits = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(i => PatchAsync(App.ClientFor(users[0]), $"/posts/{post}", $$"""{"title":"edit {{i}}"}""", tag)));

        edits.Count(r => r.StatusCode == HttpStatusCode.OK).Should().Be(1);
        edits.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed).Should().Be(9);

        var doomed = await CreateAsync(author, "/posts", new { title = "doomed", body = "b" });
        var racing = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(i => i == 4
                ? App.ClientFor(users[0]).DeleteAsync($"/feed/{doomed}", Cancel)
                : PatchAsync(App.ClientFor(users[0]), $"/posts/{doomed}", $$"""{"body":"b{{i}}"}""")));
        racing.Select(r => r.StatusCode)
            .Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.NotFound || s == HttpStatusCode.NoContent);
    }

    private async Task<long> CreateAsync(HttpClient client, string path, object body)
    {
        var created = await client.PostAsJsonAsync(path, body, Cancel);
        created.EnsureSuccessStatusCode();
        return (long)(await ReadJsonAsync(created))["id"]!;
    }

    private static Task<HttpResponseMessage> PatchAsync(HttpClient client, string path, string patch, EntityTagHeaderValue? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"),
        };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }

        return client.SendAsync(request, Cancel);
    }
}
