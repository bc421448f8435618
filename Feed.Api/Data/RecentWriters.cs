using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Feed.Api.Data;

/// <summary>
/// Read-your-writes on a lagging replica (<c>ConnectionStrings:FeedRead</c>): a user who wrote in the
/// last <see cref="DatabaseOptions.ReadYourWritesWindow"/> reads from the primary, so their next read
/// shows their own post however far the replica is behind; everyone else keeps reading from the
/// replica. Remembered on the instance that took the write (a load balancer keeps a caller on one
/// instance: see scripts/cluster.sh, which hashes the Authorization header).
/// </summary>
public sealed class RecentWriters(TimeProvider clock, IOptions<DatabaseOptions> options)
{
    private readonly ConcurrentDictionary<long, long> _wroteAt = new();
    private readonly TimeSpan _window = options.Value.ReadYourWritesWindow;
    private int _notes;

    /// <summary>The user is about to write: from now on, for the window, their reads go to the primary.</summary>
    public void Note(long userId)
    {
        var now = clock.GetTimestamp();
        _wroteAt[userId] = now;
        if (Interlocked.Increment(ref _notes) % 1024 == 0)
        {
            foreach (var (user, at) in _wroteAt)
            {
                if (clock.GetElapsedTime(at, now) > _window)
                {
                    _wroteAt.TryRemove(KeyValuePair.Create(user, at));
                }
            }
        }
    }

    public bool WroteRecently(long userId) => _wroteAt.TryGetValue(userId, out var at) && clock.GetElapsedTime(at) <= _window;

    /// <summary>
    /// Whether a token issued at <paramref name="issuedAt"/> (Unix seconds) is younger than the window:
    /// a user who just signed up and signed in may be on no replica yet, and the instance that took
    /// the sign-up need not be the one that serves their reads, so a fresh token reads from the primary.
    /// </summary>
    public bool IssuedRecently(long issuedAt) => clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issuedAt) <= _window;
}

/// <summary>Per request: whether its reads must see the primary (set by the host before the endpoint runs).</summary>
public sealed class ReadConsistency
{
    public bool FromPrimary { get; set; }
}
