using System.Net;
using System.Net.Http.Json;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Interactions;

/// <summary>Who may write: a signed-in user, the author or an admin to delete; a post cannot be joined.</summary>
public abstract partial class InteractionTests<TApp>
{
    [Fact]
    public async Task A_post_cannot_be_joined()
    {
        var (me, _) = await TwoUsersAsync(27);
        var post = await AddItemAsync(FeedKinds.Post, me);

        var response = await App.ClientFor(me).PutAsync($"/games/{post.Id}/membership", null, Cancel);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await CountsAsync(post.Id)).Should().Be((0, 0, 0, 0));
    }

    [Fact]
    public async Task Writes_need_a_signed_in_user()
    {
        var item = await AddItemAsync(FeedKinds.Game, (await App.AddUsersAsync(1, seed: 28))[0]);
        var anonymous = App.CreateClient();

        var responses = new[]
        {
            await anonymous.PostAsJsonAsync("/posts", new { title = "t", body = "b" }, Cancel),
            await anonymous.PutAsync($"/feed/{item.Id}/like", null, Cancel),
            await anonymous.PutAsync($"/games/{item.Id}/membership", null, Cancel),
            await anonymous.DeleteAsync($"/feed/{item.Id}", Cancel),
        };

        responses.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Unauthorized
            && r.Content.Headers.ContentType!.MediaType == "application/problem+json");
        (await CountsAsync(item.Id)).Should().Be((0, 0, 0, 0));
    }

    [Fact]
    public async Task Only_the_author_or_an_admin_deletes_an_item_and_its_likes_and_members_go_with_it()
    {
        var (author, stranger) = await TwoUsersAsync(29);
        var admin = (await App.AddUsersAsync(1, seed: 30, isAdmin: true))[0];
        var first = await AddItemAsync(FeedKinds.Team, author);
        var second = await AddItemAsync(FeedKinds.Post, author);
        await App.ClientFor(stranger).PutAsync($"/feed/{first.Id}/like", null, Cancel);
        await App.ClientFor(stranger).PutAsync($"/teams/{first.Id}/membership", null, Cancel);

        var byStranger = await App.ClientFor(stranger).DeleteAsync($"/feed/{first.Id}", Cancel);
        var byAuthor = await App.ClientFor(author).DeleteAsync($"/feed/{first.Id}", Cancel);
        var byAdmin = await App.ClientFor(admin).DeleteAsync($"/feed/{second.Id}", Cancel);
        var again = await App.ClientFor(author).DeleteAsync($"/feed/{first.Id}", Cancel);

        byStranger.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        byStranger.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        byAuthor.StatusCode.Should().Be(HttpStatusCode.NoContent);
        byAdmin.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        await using var scope = App.Db();
        (await scope.Context.Likes.CountAsync(l => l.ItemId == first.Id, Cancel)).Should().Be(0);
        (await scope.Context.Memberships.CountAsync(m => m.ItemId == first.Id, Cancel)).Should().Be(0);
        (await scope.Context.FeedItems.CountAsync(i => i.Id == first.Id || i.Id == second.Id, Cancel)).Should().Be(0);
    }

    [Fact]
    public async Task A_user_signs_up_signs_in_and_writes_with_the_token()
    {
        var client = App.CreateClient();
        var name = $"mina{Guid.NewGuid():N}"[..12];

        var registered = await client.PostAsJsonAsync("/auth/register", new { name, password = "correct horse" }, Cancel);
        var taken = await client.PostAsJsonAsync("/auth/register", new { name, password = "another one" }, Cancel);
        var wrong = await client.PostAsJsonAsync("/auth/token", new { name, password = "wrong password" }, Cancel);
        var token = await ReadJsonAsync(await client.PostAsJsonAsync("/auth/token", new { name, password = "correct horse" }, Cancel));
        client.DefaultRequestHeaders.Authorization = new("Bearer", (string)token["accessToken"]!);
        var created = await client.PostAsJsonAsync("/teams", new { roomName = "Friday climbers" }, Cancel);

        registered.StatusCode.Should().Be(HttpStatusCode.Created);
        taken.StatusCode.Should().Be(HttpStatusCode.Conflict);
        taken.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        ((string)(await ReadJsonAsync(created))["author"]!["name"]!).Should().Be(name);
    }
}
