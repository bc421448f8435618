using System.Net;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Notifications;

public sealed class NotificationTests_Sqlite(SqliteApp app) : NotificationTests<SqliteApp>(app);

public sealed class NotificationTests_MariaDb(MariaDbApp app) : NotificationTests<MariaDbApp>(app);

/// <summary>How actions become grouped notifications, are taken back, and are kept from people who hide one another.</summary>
public abstract class NotificationTests<TApp>(TApp app) : NotificationTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Fifteen_people_liking_a_post_make_one_group_of_fifteen_naming_the_last_of_them()
    {
        var users = await App.AddUsersAsync(16, seed: 3001);
        var (me, likers) = (users[0], users.Skip(1).ToList());
        var post = await AddItemAsync(me);

        foreach (var liker in likers)
        {
            (await LikeAsync(liker, post.Id)).Should().Be(HttpStatusCode.OK);
        }

        var groups = await GroupsAsync(me);
        groups.Select(Shape).Should().Equal((Notification.Like, 15, likers[^1].Id, (long?)post.Id));
        ((string)groups[0]["actor"]!["name"]!).Should().Be(likers[^1].Name);
        ((long?)groups[0]["commentId"]).Should().BeNull();
        ((bool)groups[0]["read"]!).Should().BeFalse();
    }

    [Fact]
    public async Task An_unlike_takes_its_like_back_the_last_liker_leaving_names_the_one_before_and_the_last_like_gone_takes_the_group()
    {
        var users = await App.AddUsersAsync(16, seed: 3002);
        var (me, likers) = (users[0], users.Skip(1).ToList());
        var post = await AddItemAsync(me);
        foreach (var liker in likers)
        {
            await LikeAsync(liker, post.Id);
        }

        await LikeAsync(likers[3], post.Id, like: false);
        var afterOne = (await GroupsAsync(me)).Select(Shape).ToList();
        await LikeAsync(likers[^1], post.Id, like: false);
        var afterLast = (await GroupsAsync(me)).Select(Shape).ToList();
        foreach (var liker in likers)
        {
            await LikeAsync(liker, post.Id, like: false);
        }

        afterOne.Should().Equal((Notification.Like, 14, likers[^1].Id, (long?)post.Id));
        afterLast.Should().Equal((Notification.Like, 13, likers[^2].Id, (long?)post.Id));
        (await GroupsAsync(me)).Should().BeEmpty();
        (await UnreadAsync(me)).Should().Be((0, false));
    }

    [Fact]
    public async Task Follows_and_joins_are_grouped_like_likes_each_kind_and_item_its_own_group()
    {
        var users = await App.AddUsersAsync(5, seed: 3003);
        var (me, others) = (users[0], users.Skip(1).ToList());
        var game = await AddItemAsync(me, FeedKinds.Game);
        var team = await AddItemAsync(me, FeedKinds.Team);

        foreach (var other in others)
        {
            await SendAsync(other, $"/users/{me.Id}/follow");
            await SendAsync(other, $"/games/{game.Id}/membership");
        }

        await SendAsync(others[0], $"/teams/{team.Id}/membership");
        await SendAsync(others[1], $"/users/{me.Id}/follow", put: false);

        (await GroupsAsync(me)).Select(Shape).Should().Equal(
            (Notification.Join, 1, others[0].Id, (long?)team.Id),
            (Notification.Join, 4, others[^1].Id, (long?)game.Id),
            (Notification.Follow, 3, others[^1].Id, (long?)null));
    }

    [Fact]
    public async Task Nobody_is_told_of_their_own_like_join_or_follow()
    {
        var me = (await App.AddUsersAsync(1, seed: 3004))[0];
        var game = await AddItemAsync(me, FeedKinds.Game);

        await LikeAsync(me, game.Id);
        await SendAsync(me, $"/games/{game.Id}/membership");

        (await GroupsAsync(me)).Should().BeEmpty();
        (await UnreadAsync(me)).Should().Be((0, false));
    }

    [Fact]
    public async Task Nothing_comes_from_someone_you_block_who_blocks_you_or_whom_you_muted()
    {
        var users = await App.AddUsersAsync(5, seed: 3005);
        var (me, blocked, blocking, muted, friend) = (users[0], users[1], users[2], users[3], users[4]);
        var post = await AddItemAsync(me);
        await SendAsync(me, $"/users/{blocked.Id}/block");
        await SendAsync(blocking, $"/users/{me.Id}/block");
        await SendAsync(me, $"/users/{muted.Id}/mute");

        var refused = new[] { await LikeAsync(blocked, post.Id), await LikeAsync(blocking, post.Id) };
        (await LikeAsync(muted, post.Id)).Should().Be(HttpStatusCode.OK, "a mute does not stop a like");
        await SendAsync(muted, $"/users/{me.Id}/follow");
        await LikeAsync(friend, post.Id);

        refused.Should().OnlyContain(s => s == HttpStatusCode.Forbidden);
        (await GroupsAsync(me)).Select(Shape).Should().Equal((Notification.Like, 1, friend.Id, (long?)post.Id));
        (await UnreadAsync(me)).Should().Be((1, false));
    }

    [Fact]
    public async Task A_block_or_mute_after_the_fact_hides_the_groups_naming_them_and_an_unlike_names_someone_shown()
    {
        var users = await App.AddUsersAsync(5, seed: 3006);
        var (me, first, later, last, follower) = (users[0], users[1], users[2], users[3], users[4]);
        var post = await AddItemAsync(me);
        foreach (var liker in new[] { first, later, last })
        {
            await LikeAsync(liker, post.Id);
        }

        await SendAsync(follower, $"/users/{me.Id}/follow");

        await SendAsync(me, $"/users/{follower.Id}/block");
        await SendAsync(me, $"/users/{later.Id}/mute");
        var hidden = (await GroupsAsync(me)).Select(Shape).ToList();
        await LikeAsync(last, post.Id, like: false);

        hidden.Should().Equal((Notification.Like, 3, last.Id, (long?)post.Id));
        (await GroupsAsync(me)).Select(Shape).Should().Equal(
            [(Notification.Like, 2, first.Id, (long?)post.Id)], "the muted liker between them is not the one named");
    }

    [Fact]
    public async Task Twenty_clients_liking_one_post_at_once_make_one_group_with_the_exact_count()
    {
        var users = await App.AddUsersAsync(21, seed: 3007);
        var (me, likers) = (users[0], users.Skip(1).ToList());
        var post = await AddItemAsync(me);

        var answers = await Task.WhenAll(likers.Concat(likers).Select(u => Task.Run(() => LikeAsync(u, post.Id), Cancel)));
        var groups = await GroupsAsync(me);
        var unliked = await Task.WhenAll(likers.Take(7).Select(u => Task.Run(() => LikeAsync(u, post.Id, like: false), Cancel)));

        answers.Should().OnlyContain(s => s == HttpStatusCode.OK);
        unliked.Should().OnlyContain(s => s == HttpStatusCode.OK);
        groups.Select(g => ((string)g["kind"]!, (int)g["actorCount"]!)).Should().Equal((Notification.Like, 20));
        likers.Select(l => l.Id).Should().Contain((long)groups[0]["actor"]!["id"]!);
        (await GroupsAsync(me)).Select(g => (int)g["actorCount"]!).Should().Equal(13);
        (await UnreadAsync(me)).Should().Be((1, false));
    }

    [Fact]
    public async Task Deleting_an_item_while_likes_race_it_answers_no_500_and_leaves_no_notification_of_it()
    {
        var users = await App.AddUsersAsync(7, seed: 3008);
        var (me, likers) = (users[0], users.Skip(1).ToList());
        var deleted = new List<long>();
        var statuses = new List<HttpStatusCode>();

        for (var round = 0; round < 10; round++)
        {
            var post = await AddItemAsync(me);
            var likes = likers.Select(u => Task.Run(() => LikeAsync(u, post.Id), Cancel));
            var delete = Task.Run(async () =>
            {
                await Task.Delay(round % 4, Cancel);
                using var response = await App.ClientFor(me).DeleteAsync($"/feed/{post.Id}", Cancel);
                return response.StatusCode;
            }, Cancel);
            statuses.AddRange(await Task.WhenAll(likes.Append(delete)));
            deleted.Add(post.Id);
        }

        statuses.Should().OnlyContain(s => s == HttpStatusCode.OK || s == HttpStatusCode.NotFound || s == HttpStatusCode.NoContent);
        await using var scope = App.Db();
        (await scope.Context.Notifications.CountAsync(n => n.ItemId != null && deleted.Contains(n.ItemId.Value), Cancel)).Should().Be(0);
        (await GroupsAsync(me)).Should().BeEmpty();
        (await UnreadAsync(me)).Should().Be((0, false));
    }
}
