using System.Globalization;
using Feed.Api.Data;
using Feed.Api.Follows;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feed.Bench;

/// <summary>
/// The follow graph and the homes of the home benchmark, written by SQL (<c>INSERT … SELECT</c>) on
/// top of the seeded feed, as years of follows and fan-out would have left them: every home row at
/// its item's own time (what a backfill writes, and within seconds what fan-out writes).
/// <list type="bullet">
/// <item><see cref="Reader"/> follows 2,000 accounts (every user whose id is a multiple of
/// users / 2,000); their home holds their own items and all of those accounts' items.</item>
/// <item>The heavy unfollowers (the last <see cref="HeavyUsers"/> seeded users) follow user 1 (the
/// seed's active author, about 1 % of the items) and users 11–19; their homes hold all of those items,
/// user 1's being nine tenths of them.</item>
/// <item>A celebrity per fan-out size: a user made here, followed by the seeded users and, past
/// them, by users bulk-inserted from id <see cref="FanBase"/> + 1 (fans' own following counts are
/// not kept: nothing here reads them).</item>
/// </list>
/// </summary>
public sealed class HomeGraph(Engine engine, IHost host, int users)
{
    public const long Reader = 3;

    public const int ReaderFollows = 2_000;

    public const long HeavyFollowee = 1;

    public const int HeavyUsers = 45;

    /// <summary>The typical follows and unfollows: these seeded users, just below the heavy ones.</summary>
    public const int TypicalUsers = 305;

    public const long FanBase = 10_000_000;

    private static readonly DateTime Followed = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private int _fans;

    public int Users => users;

    public long FirstHeavyUser => users - HeavyUsers + 1;

    public long FirstTypicalUser => FirstHeavyUser - TypicalUsers;

    private bool MySql => engine.Provider == DatabaseProvider.MySql;

    private string InsertIgnore => MySql ? "INSERT IGNORE INTO" : "INSERT OR IGNORE INTO";

    /// <summary>The reader's follows and home, the heavy unfollowers' follows and homes; then statistics.</summary>
    public async Task BuildAsync()
    {
        if (users < ReaderFollows * 2 || FirstTypicalUser <= 20)
        {
            throw new InvalidOperationException($"The home benchmark needs at least {ReaderFollows * 2:N0} seeded users.");
        }

        var step = users / ReaderFollows;
        var followees = $"u.Id % {step} = 0 AND u.Id <= {step * ReaderFollows} AND u.Id <> {Reader}";
        var heavy = $"BETWEEN {FirstHeavyUser} AND {users}";
        await ExecuteAsync(
            $"INSERT INTO Follows (FollowerId, FolloweeId, CreatedAt) SELECT {Reader}, u.Id, {{0}} FROM Users AS u WHERE {followees}",
            $"INSERT INTO Follows (FollowerId, FolloweeId, CreatedAt) SELECT o.Id, u.Id, {{0}} FROM Users AS o CROSS JOIN Users AS u " +
            $"WHERE o.Id {heavy} AND (u.Id = {HeavyFollowee} OR u.Id BETWEEN 11 AND 19)",
            $"{InsertIgnore} HomeEntries {HomeColumns} SELECT f.FollowerId, i.Id, i.CreatedAt, i.AuthorId, i.Discriminator " +
            $"FROM Follows AS f INNER JOIN FeedItems AS i ON i.AuthorId = f.FolloweeId " +
            $"WHERE f.FollowerId = {Reader} OR f.FollowerId {heavy}",
            $"{InsertIgnore} HomeEntries {HomeColumns} SELECT i.AuthorId, i.Id, i.CreatedAt, i.AuthorId, i.Discriminator " +
            $"FROM FeedItems AS i WHERE i.AuthorId = {Reader} OR i.AuthorId {heavy}",
            "UPDATE Users SET FollowerCount = (SELECT COUNT(*) FROM Follows AS f WHERE f.FolloweeId = Users.Id), " +
            "FollowingCount = (SELECT COUNT(*) FROM Follows AS f WHERE f.FollowerId = Users.Id)");
        await AnalyzeAsync();
    }

    /// <summary>
    /// A new user followed by <paramref name="followers"/> users: the seeded ones first, then fans
    /// (bulk-inserted as needed). Returns the celebrity's id and the last follower's (the highest id:
    /// fan-out goes in follower id order, so theirs is the last home reached), and whether the service's
    /// rule (<see cref="HomeOptions.PullAbove"/>, as a follow applies it) reads their new items into homes at
    /// read time instead of copying them.
    /// </summary>
    public async Task<(long Celebrity, long LastFollower, bool Pulled)> CelebrityAsync(int followers)
    {
        var fans = Math.Max(0, followers - users);
        if (fans > _fans)
        {
            await ExecuteAsync(
                $"INSERT INTO Users (Id, Name, NormalizedName, IsAdmin, CreatedAt, SecurityStamp, FollowerCount, FollowingCount) " +
                $"SELECT {FanBase} + q.seq, {Concat("'fan '", "q.seq")}, {Concat("'FAN '", "q.seq")}, 0, {{0}}, {Stamp("q.seq")}, 0, 0 " +
                $"FROM {Sequence(_fans + 1, fans)}");
            _fans = fans;
        }

        long celebrity;
        using (var scope = Scope(out var db))
        {
            celebrity = await db.Users.MaxAsync(u => u.Id < FanBase ? u.Id : 0) + 1;
        }

        var seeded = Math.Min(followers, users);
        await ExecuteAsync(
            $"INSERT INTO Users (Id, Name, NormalizedName, IsAdmin, CreatedAt, SecurityStamp, FollowerCount, FollowingCount) " +
            $"VALUES ({celebrity}, 'celebrity {followers}', 'CELEBRITY {followers}', 0, {{0}}, " +
            $"{Stamp(celebrity.ToString(CultureInfo.InvariantCulture))}, {followers}, 0)",
            $"INSERT INTO Follows (FollowerId, FolloweeId, CreatedAt) SELECT u.Id, {celebrity}, {{0}} FROM Users AS u " +
            $"WHERE u.Id <= {seeded} OR u.Id BETWEEN {FanBase + 1} AND {FanBase + fans}");
        bool pulled;
        using (var scope = Scope(out var db))
        {
            pulled = await HomeDelivery.PullFamousAsync(db, new HomeOptions().PullAbove, DateTime.UtcNow, celebrity, default) > 0;
        }

        await AnalyzeAsync();
        return (celebrity, fans > 0 ? FanBase + fans : seeded, pulled);
    }

    private const string HomeColumns = "(OwnerId, ItemId, ArrivedAt, AuthorId, Kind)";

    private string Concat(string a, string b) => MySql ? $"CONCAT({a}, {b})" : $"{a} || {b}";

    private string Stamp(string number) => MySql ? $"MD5({number})" : $"printf('%032d', {number})";

    /// <summary>The numbers <paramref name="from"/> to <paramref name="to"/> as rows of a column <c>seq</c>, aliased <c>q</c>.</summary>
    private string Sequence(long from, long to) => MySql
        ? $"seq_{from}_to_{to} AS q"
        : $"(WITH RECURSIVE s(seq) AS (SELECT {from} UNION ALL SELECT seq + 1 FROM s WHERE seq < {to}) SELECT seq FROM s) AS q";

    private async Task AnalyzeAsync() =>
        await ExecuteAsync(MySql ? "ANALYZE TABLE Users, Follows, HomeEntries, FeedItems" : "ANALYZE");

    /// <summary>Each statement in turn, <c>{0}</c> being the follows' time; no time limit (a million rows take a while).</summary>
    private async Task ExecuteAsync(params string[] statements)
    {
        using var scope = Scope(out var db);
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        foreach (var sql in statements)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var rows = await db.Database.ExecuteSqlRawAsync(sql, Followed);
            Console.WriteLine($"  {rows,10:N0} rows in {clock.Elapsed.TotalSeconds,6:N1} s: {sql[..Math.Min(sql.Length, 90)]}…");
        }
    }

    private IServiceScope Scope(out FeedDbContext db)
    {
        var scope = host.Services.CreateScope();
        db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
        return scope;
    }
}
