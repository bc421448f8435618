using System.Net;
using System.Net.Http.Json;
using Feed.Domain;

namespace Feed.Tests.Media;

public sealed class MediaEditTests_Sqlite(SqliteApp app) : MediaEditTests<SqliteApp>(app);

public sealed class MediaEditTests_MariaDb(MariaDbApp app) : MediaEditTests<MariaDbApp>(app);

public abstract class MediaEditTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task The_owner_sets_alt_text_and_a_focal_point_and_an_empty_alt_text_removes_it()
    {
        var (owner, _, id) = await UploadAsync(101);
        var altText = new Bogus.Faker { Random = new Bogus.Randomizer(101) }.Lorem.Sentence(12);

        var described = await owner.PatchAsJsonAsync($"/media/{id}", new { altText, focus = new { x = 0.5, y = -0.25 } }, Cancel);
        var read = await ReadJsonAsync(await owner.GetAsync($"/media/{id}", Cancel));
        var focusOnly = await ReadJsonAsync(await owner.PatchAsJsonAsync($"/media/{id}", new { focus = new { x = -1, y = 1 } }, Cancel));
        var cleared = await ReadJsonAsync(await owner.PatchAsJsonAsync($"/media/{id}", new { altText = "" }, Cancel));

        described.StatusCode.Should().Be(HttpStatusCode.OK);
        ((string)read["altText"]!).Should().Be(altText);
        ((double)read["focus"]!["x"]!, (double)read["focus"]!["y"]!).Should().Be((0.5, -0.25));
        ((string)focusOnly["altText"]!).Should().Be(altText, "a field left out stays as it is");
        ((double)focusOnly["focus"]!["x"]!).Should().Be(-1);
        cleared["altText"].Should().BeNull();
    }

    [Theory]
    [InlineData("long", "altText")]
    [InlineData("control", "altText")]
    [InlineData("focus", "focus.x")]
    public async Task A_patch_that_breaks_a_rule_is_a_400_naming_the_field_and_changes_nothing(string what, string field)
    {
        var (owner, _, id) = await UploadAsync(102);
        object body = what switch
        {
            "long" => new { altText = new string('a', MediaRules.AltTextMaxLength + 1) },
            "control" => new { altText = "a picture\u0007 of a bell" },
            _ => new { focus = new { x = 1.5, y = 0 } },
        };

        var response = await owner.PatchAsJsonAsync($"/media/{id}", body, Cancel);
        var problem = await ReadJsonAsync(response);
        var after = await App.MediaRowAsync(id);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key.ToLowerInvariant()).Should().Contain(field.ToLowerInvariant());
        (after.AltText, after.FocusX).Should().Be((null, 0));
    }

    [Fact]
    public async Task An_unattached_upload_is_the_owners_alone_others_and_anonymous_get_404_and_may_not_patch_it()
    {
        var (owner, other, id) = await UploadAsync(103);

        var mine = await owner.GetAsync($"/media/{id}", Cancel);
        var theirs = await other.GetAsync($"/media/{id}", Cancel);
        var anonymous = await App.ClientFor(null).GetAsync($"/media/{id}", Cancel);
        var patched = await other.PatchAsJsonAsync($"/media/{id}", new { altText = "mine now" }, Cancel);
        var missing = await owner.GetAsync($"/media/{id + 1_000_000}", Cancel);

        mine.StatusCode.Should().Be(HttpStatusCode.OK);
        theirs.StatusCode.Should().Be(HttpStatusCode.NotFound);
        anonymous.StatusCode.Should().Be(HttpStatusCode.NotFound);
        patched.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadJsonAsync(missing))["detail"].Should().NotBeNull();
    }

    [Fact]
    public async Task An_avatar_is_visible_to_everyone_but_only_its_owner_may_patch_it()
    {
        var (owner, other, id) = await UploadAsync(104);
        await using (var scope = App.Db())
        {
            var user = scope.Context.Users.Single(u => u.Id == OwnerId(owner));
            user.ShowAvatar(id);
            await scope.Context.SaveChangesAsync(Cancel);
        }

        var anonymous = await App.ClientFor(null).GetAsync($"/media/{id}", Cancel);
        var patched = await other.PatchAsJsonAsync($"/media/{id}", new { altText = "mine now" }, Cancel);

        anonymous.StatusCode.Should().Be(HttpStatusCode.OK);
        patched.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private readonly Dictionary<HttpClient, long> _owners = [];

    private long OwnerId(HttpClient client) => _owners[client];

    private async Task<(HttpClient Owner, HttpClient Other, long Id)> UploadAsync(int seed)
    {
        var users = await App.AddUsersAsync(2, seed);
        var owner = App.ClientFor(users[0]);
        _owners[owner] = users[0].Id;
        var created = await ReadJsonAsync(await owner.UploadAsync(TestPictures.Png(400, 300, seed)));
        return (owner, App.ClientFor(users[1]), (long)created["id"]!);
    }
}
