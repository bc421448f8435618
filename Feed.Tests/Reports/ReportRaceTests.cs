using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Reports;

public sealed class ReportRaceTests_Sqlite(SqliteApp app) : ReportRaceTests<SqliteApp>(app);

public sealed class ReportRaceTests_MariaDb(MariaDbApp app) : ReportRaceTests<MariaDbApp>(app);

/// <summary>Reports filed and resolved by many clients at once, and racing the item's deletion: never a 500, never a second row.</summary>
public abstract class ReportRaceTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Many_reporters_of_one_item_at_once_each_file_one_report_even_sending_it_twice()
    {
        var users = await App.AddUsersAsync(17, seed: 311);
        var item = (await App.AddItemsAsync(1, [users[0]], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 311))[0];
        var reporters = users.Skip(1).ToList();

        var answers = await Task.WhenAll(reporters.Concat(reporters).Select(u => Task.Run(() =>
            App.ClientFor(u).PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "spam" }, Cancel), Cancel)));
        var ids = await Task.WhenAll(answers.Select(async a => (long)(await ReadJsonAsync(a))["id"]!));

        answers.Select(a => a.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.OK);
        answers.Count(a => a.StatusCode == HttpStatusCode.Created).Should().Be(reporters.Count, "one new report per reporter");
        ids.Distinct().Should().HaveCount(reporters.Count, "a reporter's second send answers their first report");
        await using var scope = App.Db();
        (await scope.Context.Reports.CountAsync(r => r.ItemId == item.Id, Cancel)).Should().Be(reporters.Count);
    }

    [Fact]
    public async Task Two_admins_resolving_one_report_at_once_one_wins_and_the_other_is_409()
    {
        var users = await App.AddUsersAsync(6, seed: 312);
        var items = await App.AddItemsAsync(5, [users[0]], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 312);
        var admins = (await App.AddUsersAsync(2, seed: 313, isAdmin: true)).Select(App.ClientFor).ToList();
        var outcomes = new List<HttpStatusCode[]>();

        foreach (var (item, round) in items.Select((item, round) => (item, round)))
        {
            var reports = await Task.WhenAll(users.Skip(1).Select(async u => (long)(await ReadJsonAsync(
                await App.ClientFor(u).PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "spam" }, Cancel)))["id"]!));
            string[] actions = round % 2 == 0 ? ["remove", "dismiss"] : ["remove", "remove"];
            var answers = await Task.WhenAll(admins.Zip(actions).Select(a => Task.Run(() =>
                a.First.PostAsJsonAsync($"/admin/reports/{reports[0]}/resolve", new { action = a.Second }, Cancel), Cancel)));
            outcomes.Add([.. answers.Select(a => a.StatusCode)]);
        }

        foreach (var answers in outcomes)
        {
            answers.Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.Conflict], "one admin wins, the other finds it resolved");
        }

        await using var scope = App.Db();
        var ids = items.Select(i => i.Id).ToList();
        var resolved = await scope.Context.Reports.Where(r => ids.Contains(r.ItemId) && r.State != Feed.Domain.Report.Open)
            .Select(r => r.ResolvedBy).ToListAsync(Cancel);
        resolved.Should().NotBeEmpty().And.NotContainNulls("every resolved report names its admin");
    }

    [Fact]
    public async Task A_report_racing_the_items_deletion_is_filed_before_it_or_finds_no_item()
    {
        var users = await App.AddUsersAsync(11, seed: 314);
        var author = App.ClientFor(users[0]);
        var rounds = new List<(long Item, HttpStatusCode[] Reports)>();

        for (var round = 0; round < 4; round++)
        {
            var post = await author.PostAsJsonAsync("/posts", new { title = "Race", body = "Gone soon." }, Cancel);
            var id = (long)(await ReadJsonAsync(post))["id"]!;
            var reports = users.Skip(1).Select(u => Task.Run(() =>
                App.ClientFor(u).PostAsJsonAsync($"/feed/{id}/reports", new { reason = "other" }, Cancel), Cancel)).ToList();
            var delete = Task.Run(() => author.DeleteAsync($"/feed/{id}", Cancel), Cancel);
            var answers = await Task.WhenAll(reports);
            (await delete).StatusCode.Should().Be(HttpStatusCode.NoContent);
            rounds.Add((id, [.. answers.Select(a => a.StatusCode)]));
        }

        await using var scope = App.Db();
        foreach (var (item, reports) in rounds)
        {
            reports.Should().OnlyContain(s => s == HttpStatusCode.Created || s == HttpStatusCode.NotFound);
            (await scope.Context.Reports.CountAsync(r => r.ItemId == item, Cancel))
                .Should().Be(reports.Count(s => s == HttpStatusCode.Created), "a report answered 201 is kept, one answered 404 is not");
            (await scope.Context.FeedItems.AnyAsync(i => i.Id == item, Cancel)).Should().BeFalse();
        }
    }

    [Fact]
    public async Task Reports_have_a_rate_limit_of_their_own_per_user()
    {
        await using var limited = await FeedApp.StartAsync(App.Engine, AppSetup.Default.WithRateLimit("Reports", 3, 1, "01:00:00"));
        var users = await limited.AddUsersAsync(3, seed: 315);
        var items = await limited.AddItemsAsync(5, [users[0]], DateTime.UtcNow, TimeSpan.FromMinutes(1), seed: 315);
        var client = limited.ClientFor(users[1]);

        var answers = new List<HttpResponseMessage>();
        foreach (var item in items)
        {
            answers.Add(await client.PostAsJsonAsync($"/feed/{item.Id}/reports", new { reason = "spam" }, Cancel));
        }

        var reads = await client.GetAsync("/feed", Cancel);
        var someoneElse = await limited.ClientFor(users[2])
            .PostAsJsonAsync($"/feed/{items[0].Id}/reports", new { reason = "spam" }, Cancel);

        answers.Select(a => a.StatusCode).Should().Equal(
            HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests);
        answers[3].Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.FromMinutes(50), "the bucket refills one report an hour");
        ((string)(await ReadJsonAsync(answers[3]))["detail"]!).Should().Contain("reports");
        answers[3].Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        answers[3].Headers.GetValues("RateLimit-Policy").Should().Equal("\"reports\";q=3;w=10800");
        answers[3].Headers.GetValues("RateLimit").Single().Should().StartWith("\"reports\";r=0;t=", "the 429's own bucket is empty");
        reads.StatusCode.Should().Be(HttpStatusCode.OK, "the reports' bucket limits reports only");
        someoneElse.StatusCode.Should().Be(HttpStatusCode.Created, "each user has a bucket");
    }
}
