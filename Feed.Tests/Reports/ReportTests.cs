using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Reports;

public sealed class ReportTests_Sqlite(SqliteApp app) : ReportTests<SqliteApp>(app);

public sealed class ReportTests_MariaDb(MariaDbApp app) : ReportTests<MariaDbApp>(app);

/// <summary>Reporting an item once, and the admins' queue: listing, removing, dismissing.</summary>
public abstract class ReportTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task A_report_is_filed_once_and_a_second_one_answers_the_first_unchanged()
    {
        var (author, reporter) = await TwoUsersAsync(seed: 301);
        var item = (await App.AddItemsAsync(1, [author], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 301))[0];
        var client = App.ClientFor(reporter);

        var first = await client.PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "spam", details = "  A link. " }, Cancel);
        var again = await client.PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "hate" }, Cancel);
        var filed = await ReadJsonAsync(first);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        first.Headers.Location.Should().BeNull("no GET shows a report to its reporter");
        ((string)filed["reason"]!, (string)filed["details"]!, (string)filed["state"]!).Should().Be(("spam", "A link.", "open"));
        ((long)filed["reporter"]!["id"]!, (long)filed["itemId"]!, (bool)filed["itemExists"]!).Should().Be((reporter.Id, item.Id, true));
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonNode.DeepEquals(await ReadJsonAsync(again), filed).Should().BeTrue("the first report, unchanged");
        (await CountAsync(item.Id)).Should().Be(1);
    }

    [Fact]
    public async Task No_such_item_is_404_your_own_item_is_400_and_so_are_a_bad_reason_and_long_details()
    {
        var (author, _) = await TwoUsersAsync(seed: 302);
        var item = (await App.AddItemsAsync(1, [author], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 302))[0];
        var client = App.ClientFor(author);
        var other = App.ClientFor((await App.AddUsersAsync(1, seed: 303))[0]);

        var missing = await other.PostAsJsonAsync("/feed/987654321/reports", new { reason = "spam" }, Cancel);
        var own = await client.PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "spam" }, Cancel);
        var reason = await other.PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "boring" }, Cancel);
        var details = await other.PostAsJsonAsync(
            $"/feed/{item.Id}/reports", new { reason = "other", details = new string('x', 1001) }, Cancel);
        var anonymous = await App.CreateClient().PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "spam" }, Cancel);

        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((string)(await ReadJsonAsync(own))["errors"]!["id"]![0]!).Should().Contain("You wrote this item");
        (await ReadJsonAsync(reason))["errors"]!["reason"].Should().NotBeNull();
        (await ReadJsonAsync(details))["errors"]!["details"].Should().NotBeNull();
        new[] { own, reason, details }.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.BadRequest);
        anonymous.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await CountAsync(item.Id)).Should().Be(0);
    }

    [Fact]
    public async Task Admins_page_through_one_states_reports_newest_first_and_others_are_refused()
    {
        var users = await App.AddUsersAsync(6, seed: 304);
        var items = await App.AddItemsAsync(3, [users[0]], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 304);
        var admin = await AdminAsync(seed: 305);
        foreach (var (reporter, item) in users.Skip(1).SelectMany(u => items.Select(i => (u, i))))
        {
            (await App.ClientFor(reporter).PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "spam" }, Cancel))
                .EnsureSuccessStatusCode();
        }

        var (ids, pages) = await ScrollToEndAsync(admin, "/admin/reports?limit=4");
        App.Commands.Reset();
        await admin.GetAsync($"/admin/reports?limit=1&before={(string)pages[0]["nextCursor"]!}", Cancel);
        var small = App.Commands.Count;
        App.Commands.Reset();
        await admin.GetAsync($"/admin/reports?limit=100&before={(string)pages[0]["nextCursor"]!}", Cancel);
        var large = App.Commands.Count;
        var otherState = await admin.GetAsync($"/admin/reports?state=dismissed&before={(string)pages[0]["nextCursor"]!}", Cancel);
        var badState = await admin.GetAsync("/admin/reports?state=closed", Cancel);
        var notAdmin = await App.ClientFor(users[1]).GetAsync("/admin/reports", Cancel);

        ids.Should().Equal(await ExpectedAsync(Report.Open), "every open report, the newest first");
        ids.Should().Contain(await ExpectedAsync(Report.Open, items.Select(i => i.Id))).And.HaveCountGreaterThanOrEqualTo(15);
        (small, large).Should().Be((2, 2), "the admin check and one command for the page, whatever its size");
        (await ReadJsonAsync(otherState))["errors"]!.AsObject().Should().ContainKey("before", "a cursor belongs to its state");
        (await ReadJsonAsync(badState))["errors"]!.AsObject().Should().ContainKey("state");
        notAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Removing_deletes_the_item_everywhere_and_resolves_every_open_report_of_it()
    {
        var users = await App.AddUsersAsync(4, seed: 306);
        var author = App.ClientFor(users[0]);
        var item = await ReadJsonAsync(await author.PostAsJsonAsync("/posts", new { title = "Buy now", body = "Cheap." }, Cancel));
        var id = (long)item["id"]!;
        var reports = new List<long>();
        foreach (var reporter in users.Skip(1))
        {
            var filed = await App.ClientFor(reporter).PostAsJsonAsync($"/feed/{id}/reports", new { reason = "spam" }, Cancel);
            reports.Add((long)(await ReadJsonAsync(filed))["id"]!);
        }

        var admin = await AdminAsync(seed: 307);
        var removed = await admin.PostAsJsonAsync($"/admin/reports/{reports[1]}/resolve", new { action = "remove" }, Cancel);
        var gone = await App.CreateClient().GetAsync($"/feed/{id}", Cancel);
        var home = await ReadJsonAsync(await author.GetAsync("/home", Cancel));
        var listed = await ReadJsonAsync(await admin.GetAsync("/admin/reports?state=removed", Cancel));
        var open = await ReadJsonAsync(await admin.GetAsync("/admin/reports", Cancel));

        removed.StatusCode.Should().Be(HttpStatusCode.OK);
        var answer = await ReadJsonAsync(removed);
        ((string)answer["state"]!, (bool)answer["itemExists"]!).Should().Be(("removed", false));
        ((string)answer["resolvedAt"]!).Should().EndWith("Z");
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        home["items"]!.AsArray().Select(i => (long)i!["id"]!).Should().NotContain(id);
        var ofItem = listed["items"]!.AsArray().Where(r => (long)r!["itemId"]! == id).ToList();
        ofItem.Select(r => (long)r!["id"]!).Should().BeEquivalentTo(reports);
        ofItem.Select(r => (string)r!["resolvedBy"]!["name"]!).Distinct().Should().ContainSingle("the admin who removed it");
        open["items"]!.AsArray().Select(r => (long)r!["itemId"]!).Should().NotContain(id);
        await using var scope = App.Db();
        (await scope.Context.FeedChanges.CountAsync(c => c.ItemId == id && c.Change == FeedChange.Deleted, Cancel))
            .Should().Be(1, "the change log and the stream learn of the removal");
    }

    [Fact]
    public async Task Dismissing_resolves_that_report_alone_and_resolving_again_is_409()
    {
        var users = await App.AddUsersAsync(3, seed: 308);
        var item = (await App.AddItemsAsync(1, [users[0]], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 308))[0];
        var first = await ReadJsonAsync(
            await App.ClientFor(users[1]).PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "other" }, Cancel));
        await App.ClientFor(users[2]).PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "hate" }, Cancel);
        var admin = await AdminAsync(seed: 309);
        var url = $"/admin/reports/{(long)first["id"]!}/resolve";

        var dismissed = await admin.PostAsJsonAsync(url, new { action = "dismiss" }, Cancel);
        var again = await admin.PostAsJsonAsync(url, new { action = "remove" }, Cancel);
        var missing = await admin.PostAsJsonAsync("/admin/reports/987654321/resolve", new { action = "dismiss" }, Cancel);
        var badAction = await admin.PostAsJsonAsync(url, new { action = "ban" }, Cancel);
        var notAdmin = await App.ClientFor(users[1]).PostAsJsonAsync(url, new { action = "dismiss" }, Cancel);
        var stillThere = await App.CreateClient().GetAsync($"/feed/{item.Id}", Cancel);

        ((string)(await ReadJsonAsync(dismissed))["state"]!).Should().Be("dismissed");
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        again.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ReadJsonAsync(badAction))["errors"]!.AsObject().Should().ContainKey("action");
        notAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        stillThere.StatusCode.Should().Be(HttpStatusCode.OK);
        await using var scope = App.Db();
        (await scope.Context.Reports.Where(r => r.ItemId == item.Id).Select(r => r.State).ToListAsync(Cancel))
            .Should().BeEquivalentTo(["dismissed", "open"]);
    }

    private async Task<(User Author, User Reporter)> TwoUsersAsync(int seed)
    {
        var users = await App.AddUsersAsync(2, seed);
        return (users[0], users[1]);
    }

    private async Task<HttpClient> AdminAsync(int seed) => App.ClientFor((await App.AddUsersAsync(1, seed, isAdmin: true))[0]);

    private async Task<int> CountAsync(long itemId)
    {
        await using var scope = App.Db();
        return await scope.Context.Reports.CountAsync(r => r.ItemId == itemId, Cancel);
    }

    /// <summary>The reports in <paramref name="state"/> (of <paramref name="items"/> when given), as the listing orders them.</summary>
    private async Task<List<long>> ExpectedAsync(string state, IEnumerable<long>? items = null)
    {
        await using var scope = App.Db();
        var reports = scope.Context.Reports.Where(r => r.State == state);
        if (items?.ToList() is { } ids)
        {
            reports = reports.Where(r => ids.Contains(r.ItemId));
        }

        return await reports
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Select(r => r.Id).ToListAsync(Cancel);
    }
}
