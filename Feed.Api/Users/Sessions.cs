using Feed.Api.Data;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Api.Users;

/// <summary>A session's current tokens to hand out: whose, which session, which generation, until when.</summary>
public sealed record SessionGrant(User User, long SessionId, int Generation, string Secret, DateTime ExpiresAt);

/// <summary>
/// Sessions: what a sign-in starts, a refresh moves on, and a sign-out, a password change or a reused refresh token
/// revokes. Core operations: they return results and know nothing of HTTP.
/// </summary>
public static class Sessions
{
    public const string Unknown = "The refresh token is not one this service issued, or its session is gone. Sign in again.";
    public const string Revoked = "The session was signed out or revoked. Sign in again.";
    public const string Expired = "The refresh token expired. Sign in again.";
    public const string Reused = "This refresh token was replaced by a newer one and shown again: as it may have been stolen, " +
        "its session is now revoked. Sign in again.";

    /// <summary>How long a session revoked or expired is kept (to answer its refresh token "revoked") before a sign-in purges it.</summary>
    public static readonly TimeSpan DeadSessionsKept = TimeSpan.FromDays(7);

    /// <summary>The user's sessions that can still refresh.</summary>
    public static IQueryable<Session> Live(FeedDbContext db, long userId, DateTime now) =>
        db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now);

    /// <summary>
    /// A new session for <paramref name="user"/> (a sign-in or sign-up), from <paramref name="device"/> (its User-Agent);
    /// past <see cref="AuthOptions.MaxSessionsPerUser"/> live ones, the oldest are revoked, and those dead for longer than
    /// <see cref="DeadSessionsKept"/> are deleted.
    /// </summary>
    public static async Task<SessionGrant> StartAsync(
        FeedDbContext db, User user, string? device, AuthOptions auth, DateTime now, CancellationToken cancellationToken)
    {
        var session = new Session
        {
            UserId = user.Id,
            Secret = RefreshTokens.NewSecret(),
            CreatedAt = now,
            RefreshedAt = now,
            ExpiresAt = now + auth.RefreshTokenLifetime,
            Device = Cut(device),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        db.Entry(session).State = EntityState.Detached;

        var beyond = await Live(db, user.Id, now)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id)
            .Skip(auth.MaxSessionsPerUser).Select(s => s.Id)
            .ToListAsync(cancellationToken);
        if (beyond.Count > 0)
        {
            await RevokeWhereAsync(db.Sessions.Where(s => beyond.Contains(s.Id)), now, cancellationToken);
        }

        // The user's sessions dead for a while go (a refresh token of one is then "unknown" rather than "revoked"): a
        // user's rows stay bounded by the live cap and their sign-ins of the last DeadSessionsKept. One range of (UserId, Id).
        var dead = now - DeadSessionsKept;
        await db.Sessions.Where(s => s.UserId == user.Id && (s.RevokedAt < dead || s.ExpiresAt < dead))
            .ExecuteDeleteAsync(cancellationToken);
        return new SessionGrant(user, session.Id, session.Generation, session.Secret, session.ExpiresAt);
    }

    /// <summary>
    /// Trades a refresh token for its session's next generation (one conditional UPDATE: of concurrent refreshes with the
    /// same token, one moves the session on and the others answer what it did). The token of the generation just before
    /// the current one, within <see cref="AuthOptions.RefreshGrace"/> of the refresh that replaced it, answers the current
    /// generation again; any older generation with a valid MAC is a reuse and revokes the session. A grant, or why not.
    /// </summary>
    public static async Task<(SessionGrant? Grant, string Refusal)> RefreshAsync(
        FeedDbContext db, string? token, AuthOptions auth, DateTime now, CancellationToken cancellationToken)
    {
        if (!RefreshTokens.TryParse(token, out var id, out var generation, out var mac))
        {
            return (null, Unknown);
        }

        var row = await (
                from s in db.Sessions.AsNoTracking()
                join u in db.Users.AsNoTracking() on s.UserId equals u.Id
                where s.Id == id
                select new { Session = s, User = u })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null || !RefreshTokens.Verify(id, generation, row.Session.Secret, mac, auth))
        {
            return (null, Unknown);
        }

        var (session, user) = (row.Session, row.User);
        if (session.RevokedAt is not null || user.DeletedAt is not null)
        {
            return (null, Revoked);
        }

        if (generation == session.Generation)
        {
            if (session.ExpiresAt <= now)
            {
                return (null, Expired);
            }

            var (next, expires) = (generation + 1, now + auth.RefreshTokenLifetime);
            var moved = await db.Sessions
                .Where(s => s.Id == id && s.Generation == generation && s.RevokedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Generation, next)
                    .SetProperty(x => x.RefreshedAt, now)
                    .SetProperty(x => x.ExpiresAt, expires), cancellationToken);
            if (moved == 1)
            {
                return (new SessionGrant(user, id, next, session.Secret, expires), "");
            }

            // Another refresh moved it on (or a sign-out revoked it) since it was read: judge the token against that.
            session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
            if (session is null || session.RevokedAt is not null)
            {
                return (null, Revoked);
            }
        }

        if (generation == session.Generation - 1 && now <= session.RefreshedAt + auth.RefreshGrace && session.ExpiresAt > now)
        {
            return (new SessionGrant(user, id, session.Generation, session.Secret, session.ExpiresAt), "");
        }

        if (generation < session.Generation)
        {
            await RevokeWhereAsync(db.Sessions.Where(s => s.Id == id), now, cancellationToken);
            return (null, Reused);
        }

        return (null, Unknown); // a later generation than exists: never issued
    }

    /// <summary>
    /// Moves the caller's own session to its next generation (after a password change: the token the caller held is
    /// replaced at once); its current grant, or null when the session was revoked meanwhile.
    /// </summary>
    public static async Task<SessionGrant?> RenewAsync(
        FeedDbContext db, User user, long sessionId, AuthOptions auth, DateTime now, CancellationToken cancellationToken)
    {
        var expires = now + auth.RefreshTokenLifetime;
        var mine = db.Sessions.Where(s => s.Id == sessionId && s.UserId == user.Id && s.RevokedAt == null);
        if (await mine.ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Generation, x => x.Generation + 1)
                .SetProperty(x => x.RefreshedAt, now)
                .SetProperty(x => x.ExpiresAt, expires), cancellationToken) == 0)
        {
            return null;
        }

        var session = await db.Sessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, cancellationToken);
        return new SessionGrant(user, sessionId, session.Generation, session.Secret, session.ExpiresAt);
    }

    /// <summary>Revokes the sessions <paramref name="sessions"/> selects that are not revoked yet; how many.</summary>
    public static Task<int> RevokeWhereAsync(IQueryable<Session> sessions, DateTime now, CancellationToken cancellationToken) =>
        sessions.Where(s => s.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);

    /// <summary>The User-Agent as the sessions list shows it: at most <see cref="Session.DeviceMaxLength"/> characters.</summary>
    public static string? Cut(string? device)
    {
        if (string.IsNullOrWhiteSpace(device))
        {
            return null;
        }

        device = device.Trim();
        if (device.Length <= Session.DeviceMaxLength)
        {
            return device;
        }

        var end = char.IsHighSurrogate(device[Session.DeviceMaxLength - 1]) ? Session.DeviceMaxLength - 1 : Session.DeviceMaxLength;
        return device[..end];
    }
}
