using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Feed.Tests.Items;

public sealed class TextRuleTests_Sqlite(SqliteApp app) : TextRuleTests<SqliteApp>(app);

public sealed class TextRuleTests_MariaDb(MariaDbApp app) : TextRuleTests<MariaDbApp>(app);

/// <summary>
/// One text rule for every item text field, on create and on edit: something visible, no control
/// characters (a body keeps line breaks and tabs), no bidirectional embeddings, overrides or isolates;
/// characters outside the BMP are characters like any other.
/// </summary>
public abstract class TextRuleTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly Dictionary<string, JsonObject> Valid = new()
    {
        ["posts"] = new() { ["title"] = "Tennis", ["body"] = "Saturday" },
        ["games"] = new() { ["gameName"] = "Go", ["gameLocation"] = "Park" },
        ["teams"] = new() { ["roomName"] = "Room" },
    };

    public static TheoryData<string, string> Fields => new()
    {
        { "posts", "title" }, { "posts", "body" }, { "games", "gameName" }, { "games", "gameLocation" }, { "teams", "roomName" },
    };

    public static TheoryData<string> Refused =>
    [
        "\u200b\u200b", "\u200b \u2060\ufeff", "\u3164", "\u00ad", "a\u202eb", "a\u2066b\u2069", "a\0b", "a\u0007b", "a\u001bb",
        "\u200d\ufe0f",
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Invisible_control_and_bidi_override_text_is_a_400_naming_the_field_on_create_and_edit(string route, string field)
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 93))[0]);
        var created = await client.PostAsJsonAsync($"/{route}", Valid[route], Cancel);
        var answers = new List<string>();

        foreach (var text in Refused.Select(row => (string)row.Data))
        {
            var body = Valid[route].DeepClone().AsObject();
            body[field] = text;
            var create = await client.PostAsJsonAsync($"/{route}", body, Cancel);
            var patch = new StringContent(new JsonObject { [field] = text }.ToJsonString(), Encoding.UTF8, "application/json");
            var edit = await client.PatchAsync(created.Headers.Location, patch, Cancel);
            answers.Add($"{Escape(text)}: {await KeysAsync(create)} / {await KeysAsync(edit)}");
        }

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        answers.Should().AllSatisfy(a => a.Should().EndWith($": 400 {field} / 400 {field}"));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task Emoji_rare_CJK_and_joiners_between_visible_characters_are_text(string route, string field)
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 94))[0]);
        var body = Valid[route].DeepClone().AsObject();
        body[field] = "🎾 \U00020000 👩\u200d💻 \u05e9\u05dc\u05d5\u05dd\u200f";

        var response = await client.PostAsJsonAsync($"/{route}", body, Cancel);
        var read = await ReadJsonAsync(await client.GetAsync(response.Headers.Location, Cancel));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        ((string)read[field]!).Should().Be((string)body[field]!);
    }

    [Fact]
    public async Task A_body_keeps_line_breaks_and_tabs_and_a_title_does_not()
    {
        var client = App.ClientFor((await App.AddUsersAsync(1, seed: 95))[0]);

        var body = await client.PostAsJsonAsync("/posts", new { title = "t", body = "line 1\r\nline 2\n\tindented" }, Cancel);
        var title = await client.PostAsJsonAsync("/posts", new { title = "line 1\nline 2", body = "b" }, Cancel);

        body.StatusCode.Should().Be(HttpStatusCode.Created);
        (await KeysAsync(title)).Should().Be("400 title");
    }

    private static async Task<string> KeysAsync(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.BadRequest
            ? $"400 {string.Join(",", (await ReadJsonAsync(response))["errors"]!.AsObject().Select(e => e.Key))}"
            : $"{(int)response.StatusCode}";

    private static string Escape(string text) => string.Concat(text.Select(c => c < 0x7f && c >= 0x20 ? $"{c}" : $"\\u{(int)c:x4}"));
}
