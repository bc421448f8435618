using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Feed.Api.Items;
using Feed.Api.Live;
using Feed.Api.Media;

namespace Feed.Tests.Users;

public sealed class ProfileEditTests_Sqlite(SqliteApp app) : ProfileEditTests<SqliteApp>(app);

public sealed class ProfileEditTests_MariaDb(MariaDbApp app) : ProfileEditTests<MariaDbApp>(app);

/// <summary><c>PATCH /me</c>'s display name and bio: on profiles, and the display name on every item's author.</summary>
public abstract class ProfileEditTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private const string Bio = "서울에서 보드게임을 합니다.\nBoard games on Fridays.";

    [Fact]
    public async Task A_display_name_and_bio_show_on_profiles_and_the_display_name_on_every_items_author()
    {
        var user = (await App.AddUsersAsync(1, seed: 291))[0];
        var client = App.ClientFor(user);
        var post = await ReadJsonAsync(await client.PostAsJsonAsync("/posts", new { title = "Hi", body = "Hello." }, Cancel));
        var id = (long)post["id"]!;

        var patched = await client.PatchAsJsonAsync("/me", new { displayName = "  민지 🌿 ", bio = Bio }, Cancel);
        var profile = await ReadJsonAsync(await App.CreateClient().GetAsync($"/users/{user.Id}", Cancel));
        var me = await ReadJsonAsync(await client.GetAsync("/me", Cancel));
        string[] reads = ["/feed", "/posts", $"/users/{user.Id}/items", $"/feed/items?ids={id}", "/home"];
        var pages = new List<JsonNode>();
        foreach (var read in reads)
        {
            pages.Add((await ReadJsonAsync(await client.GetAsync(read, Cancel)))["items"]!.AsArray().Single(i => (long)i!["id"]! == id)!);
        }

        pages.Add(await ReadJsonAsync(await client.GetAsync($"/feed/{id}", Cancel)));
        pages.Add(await StreamedItemAsync(id));

        patched.StatusCode.Should().Be(HttpStatusCode.OK);
        ((string)profile["displayName"]!, (string)profile["bio"]!).Should().Be(("민지 🌿", Bio), "trimmed, line breaks kept");
        ((string)me["displayName"]!, (string)me["bio"]!).Should().Be(("민지 🌿", Bio));
        JsonNode.DeepEquals(await ReadJsonAsync(patched), me).Should().BeTrue("PATCH answers the profile as GET /me shows it");
        foreach (var (item, where) in pages.Zip(reads.Append($"/feed/{id}").Append("the stream")))
        {
            ((string)item["author"]!["displayName"]!).Should().Be("민지 🌿", where);
            ((string)item["author"]!["name"]!).Should().Be(user.Name, where);
        }
    }

    [Fact]
    public async Task Null_clears_an_empty_bio_clears_and_a_member_left_out_is_unchanged()
    {
        var user = (await App.AddUsersAsync(1, seed: 292))[0];
        var client = App.ClientFor(user);
        await client.PatchAsJsonAsync("/me", new { displayName = "Jordan", bio = "Hello" }, Cancel);

        var bioOnly = await ReadJsonAsync(await client.PatchAsJsonAsync("/me", new { bio = "  " }, Cancel));
        var nameCleared = await ReadJsonAsync(await client.PatchAsJsonAsync("/me", new { displayName = (string?)null }, Cancel));
        var author = await ReadJsonAsync(await client.PostAsJsonAsync("/posts", new { title = "Hi", body = "Hello." }, Cancel));

        ((string?)bioOnly["displayName"], (string?)bioOnly["bio"]).Should().Be(("Jordan", null));
        nameCleared["displayName"].Should().BeNull();
        author["author"]!.AsObject().Should().ContainKey("displayName").WhoseValue.Should().BeNull("unset is null, not left out");
    }

    [Fact]
    public async Task Display_names_are_NFC_and_keep_compatibility_forms_and_need_not_be_unique()
    {
        var users = await App.AddUsersAsync(2, seed: 293);

        var composed = await ReadJsonAsync(
            await App.ClientFor(users[0]).PatchAsJsonAsync("/me", new { displayName = "Zoe\u0301 Ｆｕｌｌ" }, Cancel));
        var same = await App.ClientFor(users[1]).PatchAsJsonAsync("/me", new { displayName = "Zoé Ｆｕｌｌ" }, Cancel);

        ((string)composed["displayName"]!).Should().Be("Zoé Ｆｕｌｌ", "NFC composes é; full-width letters stay (NFKC would fold them)");
        same.StatusCode.Should().Be(HttpStatusCode.OK, "display names are not unique");
    }

    [Theory]
    [InlineData("{\"displayName\": \"\"}", "displayName")]
    [InlineData("{\"displayName\": \"   \"}", "displayName")]
    [InlineData("{\"displayName\": \"a\\u0000b\"}", "displayName")]
    [InlineData("{\"displayName\": \"evil\\u202Egnp.exe\"}", "displayName")]
    [InlineData("{\"displayName\": \"two  spaces\"}", "displayName")]
    [InlineData("{\"displayName\": 42}", "displayName")]
    [InlineData("{\"bio\": \"a\\u0007b\"}", "bio")]
    [InlineData("{\"bio\": [\"x\"]}", "bio")]
    public async Task A_display_name_or_bio_that_breaks_its_rule_is_a_400_naming_it_and_nothing_changes(string body, string field)
    {
        var user = (await App.AddUsersAsync(1, seed: 294))[0];
        var client = App.ClientFor(user);
        await client.PatchAsJsonAsync("/me", new { displayName = "Before", bio = "Before" }, Cancel);
        var withName = body.Insert(1, "\"bio\": \"After\", ");

        var refused = await client.PatchAsync("/me", new StringContent(field == "bio" ? body : withName, null, "application/json"), Cancel);
        var me = await ReadJsonAsync(await client.GetAsync("/me", Cancel));

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await ReadJsonAsync(refused))["errors"]![field].Should().NotBeNull();
        ((string)me["displayName"]!, (string)me["bio"]!).Should().Be(("Before", "Before"), "a refused patch changes nothing");
    }

    [Fact]
    public async Task Lengths_are_50_for_a_display_name_and_160_for_a_bio()
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 295))[0]);

        var longest = await client.PatchAsJsonAsync("/me", new { displayName = new string('가', 50), bio = new string('b', 160) }, Cancel);
        var nameTooLong = await client.PatchAsJsonAsync("/me", new { displayName = new string('가', 51) }, Cancel);
        var bioTooLong = await client.PatchAsJsonAsync("/me", new { bio = new string('b', 161) }, Cancel);

        longest.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadJsonAsync(nameTooLong))["errors"]!["displayName"].Should().NotBeNull();
        (await ReadJsonAsync(bioTooLong))["errors"]!["bio"].Should().NotBeNull();
    }

    [Fact]
    public async Task Many_edits_of_one_profile_at_once_all_succeed_and_one_of_them_stays()
    {
        var user = (await App.AddUsersAsync(1, seed: 296))[0];
        var names = Enumerable.Range(0, 16).Select(i => $"Name {i}").ToList();

        var answers = await Task.WhenAll(names.Select(name =>
            App.ClientFor(user).PatchAsJsonAsync("/me", new { displayName = name, bio = $"Bio of {name}" }, Cancel)));
        var me = await ReadJsonAsync(await App.ClientFor(user).GetAsync("/me", Cancel));

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        names.Should().Contain((string)me["displayName"]!);
        ((string)me["bio"]!).Should().Be($"Bio of {me["displayName"]}", "each edit is one UPDATE of both");
    }

    [Fact]
    public async Task The_documented_example_works_as_sent_and_touches_no_avatar()
    {
        var document = await ReadJsonAsync(await App.CreateClient().GetAsync("/openapi/v1.json", Cancel));
        var example = document["components"]!["schemas"]!["EditMeRequest"]!["examples"]![0]!;
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 297))[0]);

        var sent = await client.PatchAsync("/me", new StringContent(example.ToJsonString(), null, "application/merge-patch+json"), Cancel);

        sent.StatusCode.Should().Be(HttpStatusCode.OK);
        example.AsObject().Should().NotContainKey("avatarMediaId", "a null would remove the sender's picture");
        ((string)(await ReadJsonAsync(sent))["displayName"]!).Should().Be((string)example["displayName"]!);
    }

    /// <summary>The item's creation as the live stream sends it (one serialization for every subscriber).</summary>
    private async Task<JsonNode> StreamedItemAsync(long id)
    {
        await using var scope = App.Db();
        var (changes, _, _) = await FeedEvents.ReadAsync(scope.Context, 0, long.MaxValue, FeedListing.Of(), 1_000, Cancel);
        var created = changes.Single(c => c.Change.ItemId == id && c.Change.Change == Feed.Domain.FeedChange.Created);
        var sent = FeedEvents.ToEvent(created, JsonSerializerOptions.Web, MediaUrlsOfRequest.RootRelative)!;
        return JsonNode.Parse(sent.Data)!;
    }
}
