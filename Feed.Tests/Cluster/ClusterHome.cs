using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Feed.Api.Seeding;
using Feed.Domain;
using MySqlConnector;

namespace Feed.Tests.Cluster;

/// <summary>
/// What the home tests on the cluster share: followers made in bulk, follows and posts spread over
/// the instances, waiting for the fan-out, and the homes and counters as each node holds them.
/// </summary>
public sealed class ClusterHome(Cluster cluster)
{
    /// <summary>A user made straight in the database, with a token as sign-in would give them.</summary>
    public sealed record Person(long Id, string Token);

    private readonly FeedFaker _faker = new(seed: Random.Shared.Next(), "ko");

    /// <summary>One client per instance, then one for HAProxy: request <c>i</c> goes to the <c>i % count</c>-th.</summary>
    public IReadOnlyList<HttpClient> Targets { get; } = [.. cluster.Apis.Append(cluster.Http).Select(t => cluster.ClientFor(null, t))];

    /// <summary>
    /// <paramref name="count"/> users made in one statement on node1, with no password (they never
    /// sign in: signing up hundreds through the API is minutes of password hashing on a small machine).
    /// </summary>
    public async Task<List<Person>> PeopleAsync(int count)
    {
        var run = Guid.NewGuid().ToString("N")[..10];
        var users = Enumerable.Range(0, count).Select(i => new User($"h{run}{i:D5}", DateTime.UtcNow)).ToDictionary(u => u.Name);
        var values = users.Values.Select(u => $"('{u.Name}', '{u.NormalizedName}', 0, UTC_TIMESTAMP(6), 0, 0, '{u.SecurityStamp}')");
        await ExecuteAsync(cluster.Nodes[0],
            "INSERT INTO Users (Name, NormalizedName, IsAdmin, CreatedAt, FollowerCount, FollowingCount, SecurityStamp) " +
            $"VALUES {string.Join(',', values)}");
        // Each one signed in: a session row, as sign-in writes one (writes need a live session).
        await ExecuteAsync(cluster.Nodes[0],
            "INSERT INTO Sessions (UserId, Secret, Generation, CreatedAt, RefreshedAt, ExpiresAt, Device) " +
            $"SELECT Id, '{new string('s', 43)}', 0, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) + INTERVAL 1 DAY, " +
            $"'cluster test' FROM Users WHERE Name LIKE 'h{run}%'");
        var ids = await ReadAsync(cluster.Nodes[0],
            $"SELECT u.Name, u.Id, s.Id FROM Users u JOIN Sessions s ON s.UserId = u.Id WHERE u.Name LIKE 'h{run}%' ORDER BY u.Id",
            r => (Name: r.GetString(0), Id: r.GetInt64(1), Session: r.GetInt64(2)));
        return [.. ids.Select(u => new Person(u.Id, cluster.TokenFor(u.Id, u.Name, users[u.Name].SecurityStamp, u.Session)))];
    }

    /// <summary>
    /// Every one of <paramref name="followers"/> follows <paramref name="followee"/>: the rows and
    /// both counters, in one transaction on node1.
    /// </summary>
    public Task FollowInBulkAsync(IReadOnlyList<Person> followers, long followee)
    {
        var ids = string.Join(',', followers.Select(f => f.Id));
        return ExecuteAsync(cluster.Nodes[0],
            "START TRANSACTION; " +
            "INSERT INTO Follows (FollowerId, FolloweeId, CreatedAt) " +
            $"SELECT Id, {followee}, UTC_TIMESTAMP(6) FROM Users WHERE Id IN ({ids}); " +
            $"UPDATE Users SET FollowerCount = FollowerCount + {followers.Count} WHERE Id = {followee}; " +
            $"UPDATE Users SET FollowingCount = FollowingCount + 1 WHERE Id IN ({ids}); " +
            "COMMIT;");
    }

    /// <summary>
    /// Each of <paramref name="who"/> follows (or unfollows) <paramref name="followee"/> through the
    /// API, <paramref name="parallel"/> at once, the i-th through <see cref="Targets"/>[i % count]; a 503
    /// is sent again as the API asks. What did not answer 200, and how many 503s were sent again.
    /// </summary>
    public async Task<(List<string> Refused, int Busy)> FollowAsync(
        IReadOnlyList<Person> who, long followee, bool follow, int parallel, CancellationToken cancellationToken)
    {
        var refused = new System.Collections.Concurrent.ConcurrentBag<string>();
        var busy = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, who.Count, options, async (i, token) =>
        {
            var (response, retried) = await Cluster.RetryingBusyAsync(() =>
            {
                var request = new HttpRequestMessage(follow ? HttpMethod.Put : HttpMethod.Delete, $"/users/{followee}/follow");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", who[i].Token);
                return Targets[i % Targets.Count].SendAsync(request, token);
            }, attempts: 20, token);
            Interlocked.Add(ref busy, retried);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                refused.Add($"{(int)response.StatusCode} {response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: " +
                    await response.Content.ReadAsStringAsync(token));
            }
        });
        return ([.. refused], busy);
    }

    /// <summary>
    /// A post by the holder of <paramref name="author"/>'s token (its base address picks the instance);
    /// its id. A 503 is sent again, as the API asks: a post references its author's row, which each
    /// follow and unfollow of the author updates (the counter), and on Galera a row referenced on one
    /// node while another changes it fails certification.
    /// </summary>
    public async Task<long> PostAsync(HttpClient author, CancellationToken cancellationToken)
    {
        var post = _faker.Post(0, DateTime.UtcNow);
        var (made, _) = await Cluster.RetryingBusyAsync(
            () => author.PostAsJsonAsync("/posts", new { title = post.Title, body = post.Body }, cancellationToken), 20, cancellationToken);
        return (long)JsonNode.Parse(await (await Cluster.SucceededAsync(made)).Content.ReadAsStringAsync(cancellationToken))!["id"]!;
    }

    /// <summary>
    /// Deletes item <paramref name="id"/> as <paramref name="author"/>, sending a 503 again as
    /// <see cref="PostAsync"/> does.
    /// </summary>
    public async Task DeleteAsync(HttpClient author, long id, CancellationToken cancellationToken) =>
        await Cluster.SucceededAsync((await Cluster.RetryingBusyAsync(
            () => author.DeleteAsync($"/feed/{id}", cancellationToken), 20, cancellationToken)).Response);

    /// <summary>
    /// Waits while node1 holds a fan-out job for any of <paramref name="items"/> (the instances' workers
    /// deliver them); how long that took. Fails after three minutes: a job no worker finishes.
    /// </summary>
    public async Task<TimeSpan> FannedOutAsync(IReadOnlyCollection<long> items, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var left = await Cluster.ScalarAsync<long>(cluster.Nodes[0], $"SELECT COUNT(*) FROM HomeFanOuts WHERE ItemId IN ({In(items)})");
            if (left == 0)
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                throw new TimeoutException(
                    $"{left} fan-out jobs of {items.Count} still pending after {clock.Elapsed}: no worker finishes them");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// On every node, read there directly: no job left for <paramref name="items"/>; each of them in
    /// the home of <paramref name="author"/> and of each of <paramref name="followers"/>, once, and in
    /// no other home; the same rows (owner, item, arrival) on every node.
    /// </summary>
    public async Task ExpectHomesAsync(long author, IReadOnlyCollection<long> items, IReadOnlyCollection<long> followers)
    {
        var owners = followers.Append(author).ToHashSet();
        var digests = new List<string>();
        foreach (var node in cluster.Nodes)
        {
            (await Cluster.ScalarAsync<long>(node, $"SELECT COUNT(*) FROM HomeFanOuts WHERE ItemId IN ({In(items)})"))
                .Should().Be(0, $"no fan-out job is left on {node}");
            var perEntry = await ReadAsync(node,
                $"SELECT OwnerId, ItemId, COUNT(*) FROM HomeEntries WHERE ItemId IN ({In(items)}) GROUP BY OwnerId, ItemId",
                r => (Owner: r.GetInt64(0), Item: r.GetInt64(1), Count: r.GetInt64(2)));
            perEntry.Where(e => e.Count != 1).Should().BeEmpty($"each item is in a home once on {node}");
            var held = perEntry.GroupBy(e => e.Owner).ToDictionary(g => g.Key, g => g.Count());
            owners.Where(o => held.GetValueOrDefault(o) != items.Count)
                .Select(o => $"{o} holds {held.GetValueOrDefault(o)}")
                .Should().BeEmpty($"every follower's home holds each of the {items.Count} items on {node}");
            held.Keys.Except(owners).Should().BeEmpty($"no one else's home holds them on {node}");
            digests.Add(await Cluster.ScalarAsync<string>(node,
                "SELECT CONCAT(COUNT(*), ':', COALESCE(BIT_XOR(CRC32(CONCAT_WS(',', OwnerId, ItemId, ArrivedAt))), 0)) " +
                $"FROM HomeEntries WHERE ItemId IN ({In(items)})"));
        }

        digests.Distinct().Should().ContainSingle("every node holds the same home rows");
    }

    /// <summary>
    /// On every node: <paramref name="followee"/>'s follower count is its rows, they are exactly
    /// <paramref name="followers"/>, and each follower's following count is theirs.
    /// </summary>
    public async Task ExpectFollowersAsync(long followee, IReadOnlyCollection<long> followers)
    {
        foreach (var node in cluster.Nodes)
        {
            (await Cluster.ScalarAsync<long>(node, $"SELECT FollowerCount FROM Users WHERE Id = {followee}"))
                .Should().Be(followers.Count, $"the follower count is exact on {node}");
            (await ReadAsync(node, $"SELECT FollowerId FROM Follows WHERE FolloweeId = {followee}", r => r.GetInt64(0)))
                .Should().BeEquivalentTo(followers, $"the follows rows are exactly the followers on {node}");
            (await Cluster.ScalarAsync<long>(node, $"SELECT COUNT(*) FROM Users u WHERE u.Id IN ({In(followers)}) AND " +
                "u.FollowingCount <> (SELECT COUNT(*) FROM Follows f WHERE f.FollowerId = u.Id)"))
                .Should().Be(0, $"every follower's following count is exact on {node}");
        }
    }

    /// <summary>Certification failures and brute-force aborts, summed over the nodes.</summary>
    public async Task<long> ConflictsAsync()
    {
        long sum = 0;
        foreach (var node in cluster.Nodes)
        {
            sum += await Cluster.StatusAsync(node, "wsrep_local_cert_failures") + await Cluster.StatusAsync(node, "wsrep_local_bf_aborts");
        }

        return sum;
    }

    public static string In(IEnumerable<long> ids) => string.Join(',', ids);

    /// <summary>
    /// Runs <paramref name="sql"/>, again when it failed certification (a node that has not yet
    /// applied a row another node just changed: it was rolled back, as the API's writes are retried).
    /// </summary>
    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new MySqlConnection(connectionString);
                await connection.OpenAsync();
                await using var command = new MySqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (MySqlException e) when (e.ErrorCode == MySqlErrorCode.LockDeadlock && attempt < 5)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }

    public static async Task<List<T>> ReadAsync<T>(string connectionString, string sql, Func<MySqlDataReader, T> row)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
