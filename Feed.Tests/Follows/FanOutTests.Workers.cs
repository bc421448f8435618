using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Follows;

// The hosted workers (Home:FanOutWorkers), with nobody calling DeliverHomesAsync: each test starts apps of its own.
public abstract partial class FanOutTests<TApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_hosted_workers_take_a_new_item_to_every_followers_home_unasked()
    {
        await using var app = await FeedApp.StartAsync(App.Engine, WithWorkers(2, chunk: 10));
        var users = await app.AddUsersAsync(31, seed: 280);
        var (author, followers) = (users[0], users.Skip(1).ToList());
        var follows = await Task.WhenAll(followers.Select(f => app.ClientFor(f).PutAsync($"/users/{author.Id}/follow", null, Cancel)));

        var created = await app.ClientFor(author).PostAsJsonAsync("/posts", PostBody(280), Cancel);
        var post = (long)(await ReadJsonAsync(created))["id"]!;
        var everywhere = await EventuallyAsync(async () => (await HomeRowsAsync(app, [post])).Count == users.Count, Patience);
        var homes = await Task.WhenAll(followers.Select(f => app.ClientFor(f).GetAsync("/home?limit=5", Cancel)));
        var firsts = await Task.WhenAll(homes.Select(ReadJsonAsync));

        follows.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        everywhere.Should().BeTrue("the workers deliver without being asked");
        firsts.Select(page => Ids(page).FirstOrDefault()).Should().OnlyContain(id => id == post, "it tops every follower's /home");
        (await JobsLeftAsync(app, [post])).Should().Be(0);
    }

    [Fact]
    public async Task Two_instances_with_workers_on_one_database_deliver_every_item_to_every_home_once()
    {
        await using var first = await FeedApp.StartAsync(App.Engine, WithWorkers(2, chunk: 40));
        await using var second = await first.StartAnotherInstanceAsync(WithWorkers(2, chunk: 40));
        var users = await first.AddUsersAsync(602, seed: 281);
        var (authors, readers) = (users.Take(2).ToList(), users.Skip(2).ToList());
        await FollowAllAsync(first, authors[0], readers.Where((_, i) => i % 3 != 0).ToList());
        await FollowAllAsync(first, authors[1], readers.Where((_, i) => i % 3 != 1).ToList());
        var instances = new[] { first, second };

        var posts = await Task.WhenAll(Enumerable.Range(0, 24).Select(n => Task.Run(
            async () =>
            {
                var (instance, author) = (instances[n % 2], authors[n / 2 % 2]);
                var response = await instance.ClientFor(author).PostAsJsonAsync("/posts", PostBody(n), Cancel);
                response.StatusCode.Should().Be(HttpStatusCode.Created);
                return (Author: author, Id: (long)(await response.Content.ReadFromJsonAsync<JsonObject>(Cancel))!["id"]!);
            },
            Cancel)));
        var ids = posts.Select(p => p.Id).ToList();
        var done = await EventuallyAsync(async () => await JobsLeftAsync(first, ids) == 0, Patience);

        done.Should().BeTrue("the workers of both instances work every job off");
        var expected = posts.SelectMany(p => Pairs(Audience(p.Author), [p.Id])).ToHashSet();
        ShouldHoldExactly(await HomeRowsAsync(first, ids), expected, "two instances' workers share the jobs, none twice");

        IEnumerable<User> Audience(User author) =>
            readers.Where((_, i) => i % 3 != (author == authors[0] ? 0 : 1)).Append(author);
    }

    private static AppSetup WithWorkers(int workers, int chunk) => AppSetup.Default
        .With("Home:FanOutWorkers", $"{workers}")
        .With("Home:FanOutChunk", $"{chunk}")
        .With("Home:FanOutPollInterval", "00:00:00.020");
}
