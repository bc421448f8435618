using System.Net;
using Feed.Api.Seeding;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Interactions;

public sealed class DeleteRaceTests_Sqlite(SqliteApp app) : DeleteRaceTests<SqliteApp>(app);

public sealed class DeleteRaceTests_MariaDb(MariaDbApp app) : DeleteRaceTests<MariaDbApp>(app);

/// <summary>
/// Likes, unlikes, joins and leaves racing the item's deletion: each answer is what happened (200
/// before the delete, 404 after), never a 500 or an outage, and nothing is left behind.
/// </summary>
public abstract class DeleteRaceTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private const int Rounds = 30;

    [Theory]
    [InlineData(FeedKinds.Game, "membership")]
    [InlineData(FeedKinds.Team, "membership")]
    [InlineData(FeedKinds.Post, "like")]
    public async Task Interactions_racing_a_delete_answer_200_or_404_and_leave_no_rows(string kind, string interaction)
    {
        var users = await App.AddUsersAsync(6, seed: 31);
        var author = App.ClientFor(users[0]);
        var clients = users.Skip(1).Select(App.ClientFor).ToList();
        var statuses = new List<HttpStatusCode>();
        var deleted = new List<long>();
        var unexpected = new List<string>();

        for (var round = 0; round < Rounds; round++)
        {
            var item = await AddItemAsync(kind, users[0], round);
            var path = interaction == "like" ? $"/feed/{item.Id}/like" : $"/{kind}s/{item.Id}/membership";
            var writes = clients.SelectMany(c => new Func<Task<HttpResponseMessage>>[]
            {
                () => c.PutAsync(path, null, Cancel),
                () => c.DeleteAsync(path, Cancel),
                () => c.PutAsync(path, null, Cancel),
            });
            var delete = Task.Run(async () =>
            {
                await Task.Delay(round % 5, Cancel);
                return await author.DeleteAsync($"/feed/{item.Id}", Cancel);
            }, Cancel);

            var answers = await Task.WhenAll(writes.Select(w => Task.Run(w, Cancel)).Append(delete));
            statuses.AddRange(answers.Select(a => a.StatusCode));
            foreach (var answer in answers.Where(a => !Expected(a.StatusCode)))
            {
                // The problem's body (its title and trace id) says where an unexpected answer came from.
                var request = answer.RequestMessage!;
                unexpected.Add($"{(int)answer.StatusCode} {request.Method} {request.RequestUri?.AbsolutePath}: " +
                    await answer.Content.ReadAsStringAsync(Cancel));
            }

            deleted.Add(item.Id);
        }

        await using var scope = App.Db();
        unexpected.Should().BeEmpty("a write that lost the race to a delete is a 404, not a 500 or a 503");
        statuses.Count(s => s == HttpStatusCode.NoContent).Should().Be(Rounds, "every delete succeeds");
        (await scope.Context.Likes.CountAsync(l => deleted.Contains(l.ItemId), Cancel)).Should().Be(0);
        (await scope.Context.Memberships.CountAsync(m => deleted.Contains(m.ItemId), Cancel)).Should().Be(0);
    }

    private static bool Expected(HttpStatusCode status) =>
        status is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.NoContent;

    private async Task<FeedItem> AddItemAsync(string kind, User author, int round)
    {
        await using var scope = App.Db();
        var item = new FeedFaker(seed: round).Item(kind, author.Id, DateTime.UtcNow);
        scope.Context.FeedItems.Add(item);
        await scope.Context.SaveChangesAsync(Cancel);
        return item;
    }
}
