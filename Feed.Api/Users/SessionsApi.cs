using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Feed.Api.Data;
using Feed.Api.Plumbing.Identity;
using Feed.Api.Plumbing.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Feed.Api.Users;

// Its example has the shape of sign-in's refresh token: a refresh token works once per session and generation, so none
// written here could work as sent (it answers 401); an empty example would not match the schema.
/// <summary>The refresh token of the newest tokens you were given (by sign-in, sign-up or a refresh).</summary>
public sealed record RefreshRequest(
    [property: Required, JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
        Description("The `refreshToken` from sign-in's, sign-up's or the last refresh's answer. " +
            "No example can work as sent (each is single-use): paste your own.")]
    string RefreshToken);

/// <summary>Signing out: optionally the refresh token of another session of yours to end as well.</summary>
public sealed record LogoutRequest(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull),
        Description("A refresh token of one of your sessions to revoke too; left out, only the bearer token's session ends.")]
    string? RefreshToken = null);

/// <summary>One signed-in device.</summary>
public sealed record SessionResponse(
    long Id,
    [property: Description("The client's User-Agent when it signed in (cut to 200 characters); null when it sent none.")]
    string? Device,
    [property: Description("When it signed in.")] DateTime CreatedAt,
    [property: Description("When it last refreshed its tokens (or signed in).")] DateTime RefreshedAt,
    [property: Description("When it is signed out unless it refreshes before.")] DateTime ExpiresAt,
    [property: Description("Whether this is the session of the token that asked.")] bool Current);

/// <summary>Your live sessions, newest first: at most <c>Auth:MaxSessionsPerUser</c> (50), so never paged.</summary>
public sealed record SessionsResponse(IReadOnlyList<SessionResponse> Sessions);

/// <summary><c>POST /auth/refresh</c>, <c>POST /auth/logout</c>, <c>GET /me/sessions</c>, <c>DELETE /me/sessions/{id}</c>.</summary>
public static class SessionsApi
{
    private const string ReadsNote = "A revoked session's access tokens stop writing at once; they still read until they " +
        "expire (at most `Auth:AccessTokenLifetime`, 15 minutes), because a read is one SQL command and checks no session.";

    public static RouteGroupBuilder MapSessionTokens(this RouteGroupBuilder auth)
    {
        auth.MapPost("/refresh", Refresh)
            .WithName(nameof(Refresh))
            .WithSummary("Refresh the tokens")
            .WithDescription("Trades the newest refresh token for a new access token and a new refresh token, which replaces " +
                "it. Retry-safe: the refresh token just replaced, shown again within `Auth:RefreshGrace` (30 s) of its " +
                "replacement, answers the same new refresh token (a lost answer, two tabs at once). Shown again later, it is " +
                "taken for stolen: the whole session is revoked and both holders must sign in again. An unknown, forged, " +
                "expired or revoked token is a 401, as is one not in the shape of a refresh token.")
            .ProducesValidationProblem();

        auth.MapPost("/logout", Logout)
            .WithName(nameof(Logout))
            .WithSummary("Sign out")
            .WithDescription("Revokes the bearer token's session (and, when the body names one, another session of yours by " +
                "its refresh token): its refresh token stops working. Idempotent: signing out again is a 204 too. " + ReadsNote)
            .WithMetadata(new EndsOwnSession())
            .RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        return auth;
    }

    public static RouteGroupBuilder MapMySessions(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/me").WithTags("Auth").RequireAuthorization();

        me.MapGet("/sessions", GetSessions)
            .WithName(nameof(GetSessions))
            .WithSummary("Your sessions")
            .WithDescription("Every session of yours that can still refresh, newest first, yours marked `current`. A user " +
                "has at most `Auth:MaxSessionsPerUser` (50) live sessions, the oldest revoked when a sign-in passes it, so " +
                "the list is never paged.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        me.MapDelete("/sessions/{id:long}", DeleteSession)
            .WithName(nameof(DeleteSession))
            .WithSummary("Revoke a session")
            .WithDescription("Signs one of your sessions out (your own current one too). Idempotent: a session already " +
                "revoked is a 204. 404 when no session of yours has this id. " + ReadsNote)
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return me.MapPasswordChange();
    }

    public static async Task<Results<Ok<TokenResponse>, ValidationProblem, UnauthorizedProblem>> Refresh(
        RefreshRequest request, FeedDbContext db, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Checked here: the validation generator let {} through to this handler (its attributes still describe the body).
        if (request.RefreshToken is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["refreshToken"] = ["The refreshToken is required."] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (grant, refusal) = await Sessions.RefreshAsync(db, request.RefreshToken, options.Value, now, cancellationToken);
        return grant is null ? new UnauthorizedProblem(refusal) : TypedResults.Ok(AuthApi.Answer(grant, options.Value, now));
    }

    public static async Task<Results<NoContent, ValidationProblem, UnauthorizedProblem>> Logout(
        [FromBody] LogoutRequest? request,
        HttpContext http,
        FeedDbContext db,
        IOptions<AuthOptions> options,
        TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (request is null && (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0))
        {
            // A body that is sent is an object: `null` (or another non-object) is a mistake, not "no body".
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [""] = ["The body, when sent, is a JSON object: {} or {\"refreshToken\": \"…\"}."],
            });
        }

        var me = http.User.RequiredUserId();
        var now = clock.GetUtcNow().UtcDateTime;
        if (http.User.SessionId() is { } sid)
        {
            await Sessions.RevokeWhereAsync(db.Sessions.Where(s => s.Id == sid && s.UserId == me), now, cancellationToken);
        }

        // Another session of the caller's, named by a refresh token with a valid MAC (of any generation); else nothing.
        if (RefreshTokens.TryParse(request?.RefreshToken, out var id, out var generation, out var mac)
            && await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id && s.UserId == me, cancellationToken) is { } named
            && RefreshTokens.Verify(id, generation, named.Secret, mac, options.Value))
        {
            await Sessions.RevokeWhereAsync(db.Sessions.Where(s => s.Id == id), now, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Ok<SessionsResponse>> GetSessions(
        HttpContext http, FeedReadDbContext db, IOptions<AuthOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (me, current) = (http.User.RequiredUserId(), http.User.SessionId());
        var sessions = await Sessions.Live(db, me, clock.GetUtcNow().UtcDateTime)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Take(options.Value.MaxSessionsPerUser)
            .Select(s => new SessionResponse(s.Id, s.Device, s.CreatedAt, s.RefreshedAt, s.ExpiresAt, s.Id == current))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new SessionsResponse(sessions));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> DeleteSession(
        long id, HttpContext http, FeedDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var mine = db.Sessions.Where(s => s.Id == id && s.UserId == http.User.RequiredUserId());
        if (await Sessions.RevokeWhereAsync(mine, clock.GetUtcNow().UtcDateTime, cancellationToken) == 0
            && !await mine.AnyAsync(cancellationToken))
        {
            return Problem.NotFound("session of yours", id);
        }

        return TypedResults.NoContent();
    }
}
