using System.Text.RegularExpressions;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.SeedJobs;

public sealed class LiveTrafficTests_Sqlite(SqliteApp app) : LiveTrafficTests<SqliteApp>(app);

public sealed class LiveTrafficTests_MariaDb(MariaDbApp app) : LiveTrafficTests<MariaDbApp>(app);

/// <summary><c>seed --live</c>: fake users act on the feed through the API's own writes, many at once.</summary>
public abstract partial class LiveTrafficTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private static readonly string[] Seeded = ["seed", "--items", "400", "--users", "40", "--reset", "--force"];

    [Fact]
    public async Task Live_traffic_from_many_clients_keeps_every_counter_equal_to_its_rows_and_the_change_log_and_stream_see_it()
    {
        (await App.RunVerbAsync(Seeded)).ExitCode.Should().Be(0);
        await using var stream = await EventStream.OpenAsync(App.CreateClient(), "/feed/stream", null, Cancel);

        var run = await App.RunVerbAsync("seed", "--live", "--rate", "150/s", "--duration", "3s", "--clients", "8", "--seed", "3");
        var events = await stream.ReadAsync(20, TimeSpan.FromSeconds(10), Cancel);

        run.ExitCode.Should().Be(0, run.Output + run.Error);
        var done = Done(run.Output);
        done.Values.Sum().Should().Be(450);
        done.Should().ContainKeys("post", "like", "join", "edit", "delete");
        await using var scope = App.Db();
        var db = scope.Context;
        (await db.FeedItems.CountAsync(i => i.LikeCount != db.Likes.Count(l => l.ItemId == i.Id), Cancel)).Should().Be(0);
        (await db.FeedItems.OfType<JoinableItem>().CountAsync(i => i.JoinedCount != db.Memberships.Count(m => m.ItemId == i.Id), Cancel))
            .Should().Be(0);
        (await db.FeedChanges.LongCountAsync(c => c.Change == FeedChange.Created, Cancel)).Should().Be(done["post"]);
        (await db.FeedChanges.LongCountAsync(c => c.Change == FeedChange.Edited, Cancel)).Should().Be(done["edit"]);
        (await db.FeedChanges.LongCountAsync(c => c.Change == FeedChange.Deleted, Cancel)).Should().Be(done["delete"]);
        (await db.FeedItems.LongCountAsync(Cancel)).Should().Be(400 + done["post"] - done["delete"]);
        events.Select(e => e.Type).Should().Contain("item");
    }

    [Fact]
    public async Task Users_who_can_sign_in_never_act_and_their_items_are_never_edited_or_deleted()
    {
        (await App.RunVerbAsync(Seeded)).ExitCode.Should().Be(0);
        var person = (await App.AddUsersAsync(1, seed: 301))[0];
        await using (var scope = App.Db())
        {
            scope.Context.Users.Attach(person);
            person.SetPasswordHash("not a real hash");
            await scope.Context.FeedItems.Where(i => i.Id > 300).ExecuteUpdateAsync(s => s.SetProperty(i => i.AuthorId, person.Id), Cancel);
            await scope.Context.SaveChangesAsync(Cancel);
        }

        var run = await App.RunVerbAsync("seed", "--live", "--rate", "200/s", "--duration", "2s", "--clients", "4", "--seed", "4");

        run.ExitCode.Should().Be(0, run.Output + run.Error);
        await using var check = App.Db();
        (await check.Context.FeedItems.CountAsync(i => i.AuthorId == person.Id && i.EditedAt == null, Cancel))
            .Should().Be(100, "none of their 100 items was edited or deleted");
        (await check.Context.Likes.CountAsync(l => l.UserId == person.Id, Cancel)).Should().Be(0);
        (await check.Context.FeedItems.CountAsync(i => i.AuthorId == person.Id, Cancel)).Should().Be(100);
    }

    [Fact]
    public async Task The_same_seed_on_the_same_feed_gives_the_same_actions_and_texts()
    {
        await using var other = await FeedApp.StartAsync(App.Engine);
        string[] live = ["seed", "--live", "--rate", "1000/s", "--duration", "0.3s", "--clients", "1", "--seed", "9", "--locale", "ko"];

        (await App.RunVerbAsync(Seeded)).ExitCode.Should().Be(0);
        (await other.RunVerbAsync(Seeded)).ExitCode.Should().Be(0);
        var first = await App.RunVerbAsync(live);
        var second = await other.RunVerbAsync(live);

        Done(first.Output).Should().Equal(Done(second.Output));
        (await NewTitlesAsync(App)).Should().Equal(await NewTitlesAsync(other)).And.NotBeEmpty();
    }

    [Fact]
    public async Task Live_traffic_on_a_feed_without_fake_users_is_refused_with_the_reason()
    {
        await using (var scope = App.Db())
        {
            await scope.Context.FeedItems.ExecuteDeleteAsync(Cancel);
            await scope.Context.Users.ExecuteDeleteAsync(Cancel);
        }

        var run = await App.RunVerbAsync("seed", "--live", "--duration", "1s");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("seed a feed first");
    }

    private static async Task<List<string>> NewTitlesAsync(FeedApp app)
    {
        await using var scope = app.Db();
        return await scope.Context.FeedItems.OfType<Post>()
            .Where(p => p.Id > 400).OrderBy(p => p.Id)
            .Select(p => p.Title).ToListAsync(Cancel);
    }

    /// <summary>The verb's closing line, "Did N actions in T s: 12 post, 30 like, …", as counts by action.</summary>
    private static Dictionary<string, long> Done(string output) =>
        DoneText().Matches(output[output.IndexOf("Did ", StringComparison.Ordinal)..].Split(':', 2)[1])
            .ToDictionary(m => m.Groups[2].Value, m => long.Parse(
                m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"([0-9,]+) ([a-z]+)")]
    private static partial Regex DoneText();
}
