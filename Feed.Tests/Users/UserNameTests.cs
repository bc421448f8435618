using System.Net;
using System.Net.Http.Json;

namespace Feed.Tests.Users;

public sealed class UserNameTests_Sqlite(SqliteApp app) : UserNameTests<SqliteApp>(app);

public sealed class UserNameTests_MariaDb(MariaDbApp app) : UserNameTests<MariaDbApp>(app);

/// <summary>
/// One rule for names on both engines: look-alikes of a taken name are taken, invisible and control
/// characters are refused.
/// </summary>
public abstract class UserNameTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Theory]
    [InlineData("{0}")]
    [InlineData("{1}")]
    [InlineData("  {0}  ")]
    [InlineData("ＲＯＯＴ{2}")]
    public async Task A_name_that_differs_from_a_taken_one_only_by_case_width_or_spaces_is_taken(string lookAlike)
    {
        var root = "root" + Guid.NewGuid().ToString("N")[..6];
        var client = App.CreateClient();
        (await client.PostAsJsonAsync("/auth/register", new { name = root, password = "root-password" }, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.Created);
        var name = string.Format(
            System.Globalization.CultureInfo.InvariantCulture, lookAlike, root, root.ToUpperInvariant(), root[4..].ToUpperInvariant());

        var again = await client.PostAsJsonAsync("/auth/register", new { name, password = "other-password" }, Cancel);
        var signIn = await client.PostAsJsonAsync(
            "/auth/token", new { name = root.ToUpperInvariant(), password = "root-password" }, Cancel);

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        signIn.StatusCode.Should().Be(HttpStatusCode.OK, "a name signs in without regard to case");
    }

    [Theory]
    [InlineData("zero\u200bwidth")]
    [InlineData("nul\0name")]
    [InlineData("new\nline")]
    [InlineData("right\u202eleft")]
    [InlineData("tab\tname")]
    [InlineData("two  spaces")]
    [InlineData("ab")]
    [InlineData("hangul\u3164filler")]
    public async Task A_name_with_invisible_or_control_characters_is_refused_naming_the_field(string name)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/auth/register", new { name, password = "a-fine-password" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await ReadJsonAsync(response);
        problem["errors"]!.AsObject().Select(e => e.Key.ToLowerInvariant()).Should().Equal("name");
    }

    [Theory]
    [InlineData("tennis 🎾")]
    [InlineData("\U00020000\U0002A700")]
    public async Task A_name_with_characters_outside_the_BMP_is_a_name(string start)
    {
        var name = start + Guid.NewGuid().ToString("N")[..4];

        var response = await App.CreateClient().PostAsJsonAsync("/auth/register", new { name, password = "a-fine-password" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        ((string)(await ReadJsonAsync(response))["name"]!).Should().Be(name);
    }

    [Theory]
    [InlineData("name\U000F0000", "U+F0000")]
    [InlineData("left\u2066right", "U+2066")]
    public async Task A_refused_character_is_named_whole_never_as_half_a_surrogate_pair(string name, string named)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/auth/register", new { name, password = "a-fine-password" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var message = (string)(await ReadJsonAsync(response))["errors"]!["name"]![0]!;
        message.Should().Contain(named).And.NotContainAny("U+D8", "U+D9", "U+DA", "U+DB", "U+DC", "U+DD", "U+DE", "U+DF");
    }

    [Fact]
    public async Task A_Korean_name_with_a_single_space_is_a_name()
    {
        var name = "김 민지" + Guid.NewGuid().ToString("N")[..4];

        var response = await App.CreateClient().PostAsJsonAsync("/auth/register", new { name, password = "a-fine-password" }, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        ((string)(await ReadJsonAsync(response))["name"]!).Should().Be(name);
    }

    [Theory]
    [InlineData("ab", "secret-password", "name: A name has 3 to 32 characters.")]
    [InlineData("admin\u200bx", "secret-password", "name: A name cannot contain U+200B")]
    [InlineData("{0}", "x", "password: A password has 8 to 128 characters.")]
    public async Task The_create_user_verb_applies_the_same_rules_and_fails_in_one_line(string name, string password, string error)
    {
        var unique = "admin" + Guid.NewGuid().ToString("N")[..6];
        var run = await App.RunVerbAsync(
            "create-user", string.Format(System.Globalization.CultureInfo.InvariantCulture, name, unique), password, "--admin");

        run.ExitCode.Should().Be(1);
        run.Error.Trim().Should().StartWith(error).And.NotContain("\n").And.NotContain("   at ");
    }
}
