using System.Net;
using System.Text.Json.Nodes;
using Feed.Domain;

namespace Feed.Tests.Follows;

public sealed class FollowTests_Sqlite(SqliteApp app) : FollowTests<SqliteApp>(app);

public sealed class FollowTests_MariaDb(MariaDbApp app) : FollowTests<MariaDbApp>(app);

/// <summary>Following people: idempotent writes, exact counts on both profiles, and who follows whom (FollowTests.Listings.cs).</summary>
public abstract partial class FollowTests<TApp>(TApp app) : HomeTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Following_twice_is_one_follow_and_unfollowing_twice_none_and_both_profiles_count_exactly()
    {
        var (me, them) = await TwoUsersAsync(301);
        var client = App.ClientFor(me);

        var first = await ReadJsonAsync(await client.PutAsync($"/users/{them.Id}/follow", null, Cancel));
        var again = await ReadJsonAsync(await client.PutAsync($"/users/{them.Id}/follow", null, Cancel));
        var afterFollows = await CountsAsync(me, them);
        var unfollowed = await ReadJsonAsync(await client.DeleteAsync($"/users/{them.Id}/follow", Cancel));
        var unfollowedAgain = await ReadJsonAsync(await client.DeleteAsync($"/users/{them.Id}/follow", Cancel));
        var afterUnfollows = await CountsAsync(me, them);

        first.ToJsonString().Should().Be(again.ToJsonString())
            .And.Be($$"""{"userId":{{them.Id}},"followerCount":1,"followedByMe":true}""");
        afterFollows.Should().Be((0, 1, 1, 0), "(my followers, my following, their followers, their following)");
        unfollowed.ToJsonString().Should().Be(unfollowedAgain.ToJsonString())
            .And.Be($$"""{"userId":{{them.Id}},"followerCount":0,"followedByMe":false}""");
        afterUnfollows.Should().Be((0, 0, 0, 0));
    }

    [Fact]
    public async Task An_unknown_user_is_404_and_yourself_a_400_naming_id_and_neither_changes_a_count()
    {
        var (me, _) = await TwoUsersAsync(302);
        var client = App.ClientFor(me);

        var unknown = await client.PutAsync("/users/987654321/follow", null, Cancel);
        var unknownUnfollow = await client.DeleteAsync("/users/987654321/follow", Cancel);
        var self = await client.PutAsync($"/users/{me.Id}/follow", null, Cancel);
        var selfUnfollow = await client.DeleteAsync($"/users/{me.Id}/follow", Cancel);

        foreach (var response in new[] { unknown, unknownUnfollow })
        {
            response.StatusCode.Should().Be(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        }

        (await ErrorKeyAsync(self)).Should().Be("id");
        (await ErrorKeyAsync(selfUnfollow)).Should().Be("id");
        var profile = await ReadJsonAsync(await client.GetAsync("/me", Cancel));
        ((int)profile["followerCount"]!, (int)profile["followingCount"]!).Should().Be((0, 0));
    }

    [Fact]
    public async Task Anonymous_callers_cannot_follow_or_unfollow()
    {
        var (_, them) = await TwoUsersAsync(303);
        var anonymous = App.CreateClient();

        var follow = await anonymous.PutAsync($"/users/{them.Id}/follow", null, Cancel);
        var unfollow = await anonymous.DeleteAsync($"/users/{them.Id}/follow", Cancel);

        follow.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unfollow.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        follow.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        ((int)(await ReadJsonAsync(await anonymous.GetAsync($"/users/{them.Id}", Cancel)))["followerCount"]!).Should().Be(0);
    }

    [Fact]
    public async Task Profiles_count_follows_both_ways_and_say_followedByMe_only_to_a_caller_who_follows()
    {
        var users = await App.AddUsersAsync(4, seed: 304);
        var (star, fan, other, idol) = (users[0], users[1], users[2], users[3]);
        await FollowAsync(fan, star);
        await FollowAsync(other, star);
        await FollowAsync(star, idol);

        var asFan = await ReadJsonAsync(await App.ClientFor(fan).GetAsync($"/users/{star.Id}", Cancel));
        var asIdol = await ReadJsonAsync(await App.ClientFor(idol).GetAsync($"/users/{star.Id}", Cancel));
        var anonymous = await ReadJsonAsync(await App.CreateClient().GetAsync($"/users/{star.Id}", Cancel));
        var me = await ReadJsonAsync(await App.ClientFor(star).GetAsync("/me", Cancel));
        var fanByStar = await ReadJsonAsync(await App.ClientFor(star).GetAsync($"/users/{fan.Id}", Cancel));

        foreach (var profile in new[] { asFan, asIdol, anonymous, me })
        {
            ((int)profile["followerCount"]!, (int)profile["followingCount"]!).Should().Be((2, 1));
        }

        ((bool)asFan["followedByMe"]!).Should().BeTrue();
        ((bool)asIdol["followedByMe"]!).Should().BeFalse("the star follows the idol, not the other way round");
        ((bool)anonymous["followedByMe"]!).Should().BeFalse();
        ((bool)fanByStar["followedByMe"]!).Should().BeFalse();
        ((int)fanByStar["followerCount"]!, (int)fanByStar["followingCount"]!).Should().Be((0, 1));
    }

    [Fact]
    public async Task A_keyed_follow_sent_again_replays_its_first_answer_and_is_not_done_again()
    {
        var (me, them) = await TwoUsersAsync(305);
        var client = App.ClientFor(me);

        var first = await SendKeyedAsync(client, HttpMethod.Put, $"/users/{them.Id}/follow", "follow-1");
        var retry = await SendKeyedAsync(client, HttpMethod.Put, $"/users/{them.Id}/follow", "follow-1");
        (await client.DeleteAsync($"/users/{them.Id}/follow", Cancel)).EnsureSuccessStatusCode();
        var late = await SendKeyedAsync(client, HttpMethod.Put, $"/users/{them.Id}/follow", "follow-1");
        var otherRoute = await SendKeyedAsync(client, HttpMethod.Delete, $"/users/{them.Id}/follow", "follow-1");

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        first.Headers.Contains("Idempotent-Replayed").Should().BeFalse();
        foreach (var replay in new[] { retry, late })
        {
            replay.StatusCode.Should().Be(HttpStatusCode.OK);
            replay.Headers.GetValues("Idempotent-Replayed").Should().Equal("true");
            (await replay.Content.ReadAsStringAsync(Cancel)).Should().Be(await first.Content.ReadAsStringAsync(Cancel));
        }

        otherRoute.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity, "the same key with another request");
        (await CountsAsync(me, them)).Should().Be((0, 0, 0, 0), "the replay after the unfollow did not follow again");
    }

    [Fact]
    public async Task Seven_users_following_each_other_all_at_once_twice_make_exact_counts_and_unfollowing_at_once_zero()
    {
        var users = await App.AddUsersAsync(7, seed: 306); // 84 requests at once: within the pool of 100 connections
        var pairs = users.SelectMany(a => users.Where(b => b.Id != a.Id).Select(b => (a, b))).ToList();

        var follows = await Task.WhenAll(pairs.Concat(pairs).Select(p =>
            App.ClientFor(p.a).PutAsync($"/users/{p.b.Id}/follow", null, Cancel)));
        var afterFollows = await ProfilesAsync(users);
        var unfollows = await Task.WhenAll(pairs.Select(p => App.ClientFor(p.a).DeleteAsync($"/users/{p.b.Id}/follow", Cancel)));
        var afterUnfollows = await ProfilesAsync(users);

        follows.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        afterFollows.Should().AllBeEquivalentTo((Followers: 6, Following: 6));
        unfollows.Select(r => r.StatusCode).Should().OnlyContain(s => s == HttpStatusCode.OK);
        afterUnfollows.Should().AllBeEquivalentTo((Followers: 0, Following: 0));
    }

    private async Task<(User, User)> TwoUsersAsync(int seed)
    {
        var users = await App.AddUsersAsync(2, seed);
        return (users[0], users[1]);
    }

    /// <summary>Both profiles' counts: (my followers, my following, their followers, their following).</summary>
    private async Task<(int, int, int, int)> CountsAsync(User me, User them)
    {
        var mine = await ReadJsonAsync(await App.ClientFor(me).GetAsync("/me", Cancel));
        var theirs = await ReadJsonAsync(await App.CreateClient().GetAsync($"/users/{them.Id}", Cancel));
        return ((int)mine["followerCount"]!, (int)mine["followingCount"]!, (int)theirs["followerCount"]!, (int)theirs["followingCount"]!);
    }

    private async Task<List<(int Followers, int Following)>> ProfilesAsync(IEnumerable<User> users)
    {
        var counts = new List<(int, int)>();
        foreach (var user in users)
        {
            var profile = await ReadJsonAsync(await App.CreateClient().GetAsync($"/users/{user.Id}", Cancel));
            counts.Add(((int)profile["followerCount"]!, (int)profile["followingCount"]!));
        }

        return counts;
    }

    private static Task<HttpResponseMessage> SendKeyedAsync(HttpClient client, HttpMethod method, string path, string key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return client.SendAsync(request, Cancel);
    }

    private static List<long> UserIds(JsonObject page) => page["items"]!.AsArray().Select(i => (long)i!["userId"]!).ToList();
}
