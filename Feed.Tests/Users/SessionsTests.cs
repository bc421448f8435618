using System.Net;
using System.Net.Http.Json;
using Feed.Api.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Feed.Tests.Users;

public sealed class SessionsTests_Sqlite(SqliteApp app) : SessionsTests<SqliteApp>(app);

public sealed class SessionsTests_MariaDb(MariaDbApp app) : SessionsTests<MariaDbApp>(app);

/// <summary>Signing out, changing the password, listing and revoking sessions, and the cap on live sessions.</summary>
public abstract class SessionsTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    [Fact]
    public async Task Sign_out_racing_refreshes_leaves_the_session_revoked_and_every_token_it_gave_dead()
    {
        var device = await App.SignUpAsync();

        var refreshes = Enumerable.Range(0, 10).Select(_ => Task.Run(() => App.RefreshAsync(device.RefreshToken), Cancel)).ToList();
        var logout = Task.Run(() => App.ClientOf(device.AccessToken).PostAsync("/auth/logout", null, Cancel), Cancel);
        await Task.WhenAll([.. refreshes, logout]);

        (await logout).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await App.SessionAsync(device.SessionId)).RevokedAt.Should().NotBeNull();
        foreach (var answer in refreshes.Select(r => r.Result))
        {
            answer.StatusCode.Should().BeOneOf(HttpStatusCode.OK, HttpStatusCode.Unauthorized);
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                var given = await device.RefreshedAsync(answer);
                (await App.RefreshAsync(given.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
                (await App.WriteAsync(given.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
            }
        }

        (await App.ClientOf(device.AccessToken).PostAsync("/auth/logout", null, Cancel)).StatusCode
            .Should().Be(HttpStatusCode.NoContent, "signing out again is harmless");
        (await App.WriteAsync(device.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Sign_out_may_end_another_session_of_yours_by_its_refresh_token_but_not_someone_else_s()
    {
        var phone = await App.SignUpAsync("phone");
        var laptop = await App.SignInAsync(phone, "laptop");
        var stranger = await App.SignUpAsync("stranger");

        var mine = await App.ClientOf(phone.AccessToken).PostAsJsonAsync(
            "/auth/logout", new { refreshToken = laptop.RefreshToken }, Cancel);
        var theirs = await App.ClientOf(laptop.AccessToken).PostAsJsonAsync(
            "/auth/logout", new { refreshToken = stranger.RefreshToken }, Cancel);

        mine.StatusCode.Should().Be(HttpStatusCode.NoContent);
        theirs.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await App.SessionAsync(phone.SessionId)).RevokedAt.Should().NotBeNull();
        (await App.SessionAsync(laptop.SessionId)).RevokedAt.Should().NotBeNull();
        (await App.SessionAsync(stranger.SessionId)).RevokedAt.Should().BeNull();
    }

    [Fact]
    public async Task A_password_change_revokes_every_other_session_and_keeps_the_caller_s_with_new_tokens()
    {
        var phone = await App.SignUpAsync("phone");
        var laptop = await App.SignInAsync(phone, "laptop");
        var body = new { currentPassword = SessionKit.Password, newPassword = "a brand new password" };

        var wrong = await App.ClientOf(phone.AccessToken).PutAsJsonAsync(
            "/me/password", new { currentPassword = "not the password", newPassword = "whatever else" }, Cancel);
        var tooShort = await App.ClientOf(phone.AccessToken).PutAsJsonAsync(
            "/me/password", new { currentPassword = SessionKit.Password, newPassword = "short" }, Cancel);
        var changed = await App.ClientOf(phone.AccessToken).PutAsJsonAsync("/me/password", body, Cancel);
        var renewed = await phone.RefreshedAsync(changed);

        wrong.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        tooShort.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        wrong.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        renewed.SessionId.Should().Be(phone.SessionId, "the caller keeps their session");
        (await App.WriteAsync(renewed.AccessToken)).Should().Be(HttpStatusCode.Created);
        (await App.WriteAsync(phone.AccessToken)).Should().Be(HttpStatusCode.Unauthorized, "the old token names the old password");
        (await App.WriteAsync(laptop.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
        (await App.RefreshAsync(laptop.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await App.RefreshAsync(renewed.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.OK);
        await App.SignInAsync(phone, "tablet", "a brand new password");
    }

    [Fact]
    public async Task Many_password_changes_at_once_leave_one_live_session_per_caller_and_no_500()
    {
        var first = await App.SignUpAsync("first");
        var devices = new List<Device> { first };
        for (var i = 0; i < 4; i++)
        {
            devices.Add(await App.SignInAsync(first, $"device-{i}"));
        }

        var answers = await Task.WhenAll(devices.Select(d => Task.Run(() => App.ClientOf(d.AccessToken).PutAsJsonAsync(
            "/me/password", new { currentPassword = SessionKit.Password, newPassword = SessionKit.Password }, Cancel), Cancel)));

        answers.Select(a => (int)a.StatusCode).Should().OnlyContain(s => s == 200 || s == 401 || s == 429);
        var live = (await ReadJsonAsync(await App.ClientOf(await LiveAccessAsync(answers)).GetAsync("/me/sessions", Cancel)))["sessions"]!;
        live.AsArray().Should().ContainSingle("every change revokes the others; the last one standing keeps its own");
    }

    [Fact]
    public async Task Sessions_are_listed_newest_first_with_the_caller_s_marked_and_one_can_be_revoked_once_or_again()
    {
        var phone = await App.SignUpAsync("FeedApp/2.3 (iPhone; iOS 19.1)");
        var laptop = await App.SignInAsync(phone, "Mozilla/5.0 " + new string('x', 300));
        var stranger = await App.SignUpAsync("stranger");
        var client = App.ClientOf(laptop.AccessToken);

        var listed = (await ReadJsonAsync(await client.GetAsync("/me/sessions", Cancel)))["sessions"]!.AsArray();
        var revoked = await client.DeleteAsync($"/me/sessions/{phone.SessionId}", Cancel);
        var again = await client.DeleteAsync($"/me/sessions/{phone.SessionId}", Cancel);
        var theirs = await client.DeleteAsync($"/me/sessions/{stranger.SessionId}", Cancel);
        var unknown = await client.DeleteAsync("/me/sessions/987654321", Cancel);
        var after = (await ReadJsonAsync(await client.GetAsync("/me/sessions", Cancel)))["sessions"]!.AsArray();

        listed.Select(s => (long)s!["id"]!).Should().Equal(laptop.SessionId, phone.SessionId);
        listed.Select(s => (bool)s!["current"]!).Should().Equal(true, false);
        ((string)listed[1]!["device"]!).Should().Be("FeedApp/2.3 (iPhone; iOS 19.1)");
        ((string)listed[0]!["device"]!).Should().HaveLength(200);
        (revoked.StatusCode, again.StatusCode).Should().Be((HttpStatusCode.NoContent, HttpStatusCode.NoContent));
        (theirs.StatusCode, unknown.StatusCode).Should().Be((HttpStatusCode.NotFound, HttpStatusCode.NotFound));
        (await App.SessionAsync(stranger.SessionId)).RevokedAt.Should().BeNull();
        after.Select(s => (long)s!["id"]!).Should().Equal(laptop.SessionId);
        (await App.WriteAsync(phone.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Many_clients_revoking_one_session_at_once_all_get_204_and_it_is_revoked_once()
    {
        var phone = await App.SignUpAsync("phone");
        var laptop = await App.SignInAsync(phone, "laptop");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(
            () => App.ClientOf(laptop.AccessToken).DeleteAsync($"/me/sessions/{phone.SessionId}", Cancel), Cancel)));
        var revokedAt = (await App.SessionAsync(phone.SessionId)).RevokedAt;
        await App.ClientOf(laptop.AccessToken).DeleteAsync($"/me/sessions/{phone.SessionId}", Cancel);

        answers.Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.NoContent);
        revokedAt.Should().NotBeNull();
        (await App.SessionAsync(phone.SessionId)).RevokedAt.Should().Be(revokedAt, "a revoked session stays revoked when it was");
        (await App.WriteAsync(laptop.AccessToken)).Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_sign_in_past_the_cap_revokes_the_oldest_live_session()
    {
        await using var app = await FeedApp.StartAsync(App.Engine, AppSetup.Default.With("Auth:MaxSessionsPerUser", "2"));
        var first = await app.SignUpAsync("first");
        var second = await app.SignInAsync(first, "second");

        var third = await app.SignInAsync(first, "third");

        (await app.SessionAsync(first.SessionId)).RevokedAt.Should().NotBeNull();
        (await app.SessionAsync(second.SessionId)).RevokedAt.Should().BeNull();
        var listed = (await ReadJsonAsync(await app.ClientOf(third.AccessToken).GetAsync("/me/sessions", Cancel)))["sessions"]!;
        listed.AsArray().Select(s => (long)s!["id"]!).Should().Equal(third.SessionId, second.SessionId);
    }

    [Fact]
    public async Task A_sign_in_deletes_the_users_sessions_dead_for_over_a_week_and_keeps_the_rest()
    {
        var first = await App.SignUpAsync("first");
        var (revokedLongAgo, expiredLongAgo, revokedLately, live) = (
            await App.SignInAsync(first, "a"), await App.SignInAsync(first, "b"), await App.SignInAsync(first, "c"), first);
        var someoneElse = await App.SignUpAsync("other");
        var longAgo = DateTime.UtcNow - Sessions.DeadSessionsKept - TimeSpan.FromHours(1);
        await using (var scope = App.Db())
        {
            var sessions = scope.Context.Sessions;
            long[] old = [revokedLongAgo.SessionId, someoneElse.SessionId];
            await sessions.Where(s => old.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, longAgo), Cancel);
            await sessions.Where(s => s.Id == expiredLongAgo.SessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, longAgo), Cancel);
            await sessions.Where(s => s.Id == revokedLately.SessionId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, DateTime.UtcNow.AddDays(-1)), Cancel);
        }

        var again = await App.SignInAsync(first, "again");

        await using var check = App.Db();
        var left = await check.Context.Sessions.Where(s => s.UserId == first.UserId || s.UserId == someoneElse.UserId)
            .OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(Cancel);
        left.Should().Equal(live.SessionId, revokedLately.SessionId, someoneElse.SessionId, again.SessionId);
        (await App.RefreshAsync(revokedLately.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_from_before_sessions_reads_but_is_told_to_sign_in_again_on_writes()
    {
        var user = (await App.AddUsersAsync(1, seed: 291))[0];
        var token = Tokens.Issue(user, null, App.Services.GetRequiredService<IOptions<AuthOptions>>().Value, DateTime.UtcNow);

        var write = await App.ClientOf(token).PostAsJsonAsync("/posts", new { title = "Old", body = "An old token." }, Cancel);
        var read = await App.ClientOf(token).GetAsync("/feed", Cancel);

        write.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        ((string)(await ReadJsonAsync(write))["detail"]!).Should().Contain("Sign in again");
        read.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static async Task<string> LiveAccessAsync(HttpResponseMessage[] answers)
    {
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.OK).Reverse())
        {
            return (string)(await answer.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(Cancel))!["accessToken"]!;
        }

        throw new InvalidOperationException("No password change succeeded.");
    }
}
