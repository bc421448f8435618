using Feed.Api.Users;
using FsCheck;
using FsCheck.Fluent;

using static Feed.Tests.Plumbing.Problems.BadInputs;

namespace Feed.Tests.Plumbing.Problems;

public sealed class BadInputSweepTests_Sqlite(SqliteApp app) : BadInputSweepTests<SqliteApp>(app);

public sealed class BadInputSweepTests_MariaDb(MariaDbApp app) : BadInputSweepTests<MariaDbApp>(app);

/// <summary>
/// Generated requests (FsCheck's generators, a fixed seed) over every route: odd cursors, limits,
/// ids and types; JSON bodies of the wrong types, huge, deeply nested, with unknown fields or
/// invalid UTF-8; stray headers and content types; anonymous, signed-in and forged callers.
/// Whatever comes in, the answer is never a 5xx, every refusal is problem+json, and a refused
/// request changes no row. FEED_SWEEP_SEED picks another seed to explore with.
/// </summary>
public abstract class BadInputSweepTests<TApp>(TApp app) : FeedTest<TApp>(app)
    where TApp : FeedApp
{
    private const int Cases = 1_200;

    [Fact]
    public async Task No_generated_request_gets_a_5xx_or_changes_a_row_unless_it_succeeds()
    {
        var users = await App.AddUsersAsync(3, seed: 51);
        await App.AddItemsAsync(40, users, DateTime.UtcNow, TimeSpan.FromDays(3), seed: 51);
        var ids = await IdsNewestFirstAsync();
        var cursor = (string)(await ReadJsonAsync(await App.CreateClient().GetAsync("/feed?limit=3", Cancel)))["nextCursor"]!;
        var tokens = new Dictionary<Caller, string?>
        {
            [Caller.Anonymous] = null,
            [Caller.SignedIn] = App.TokenFor(users[0], DateTime.UtcNow),
            [Caller.Forged] = Tokens.Issue(users[1], 1, new AuthOptions { SigningKey = new string('f', 40) }, DateTime.UtcNow),
            [Caller.Expired] = App.TokenFor(users[2], DateTime.UtcNow.AddDays(-2)),
        };

        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("FEED_SWEEP_SEED"), out var s) ? s : 20261124UL;
        var cases = Gen.Sample(Requests(ids, cursor), Cases, new Rnd(seed), 30);
        var client = App.CreateClient();
        var digest = await App.DigestAsync();
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();

        foreach (var c in cases)
        {
            using var request = c.ToMessage(tokens[c.Caller]);
            using var response = await client.SendAsync(request, Cancel);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var after = await App.DigestAsync();
            if (status >= 500)
            {
                failures.Add($"{status} for {c}: {await response.Content.ReadAsStringAsync(Cancel)}");
            }
            else if (status >= 400 && after != digest)
            {
                failures.Add($"{status} for {c}, but rows changed");
            }
            else if (status >= 400 && c.Method != "HEAD" && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{status} for {c} without problem+json ({response.Content.Headers.ContentType})");
            }

            digest = after;
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seed {seed}: {Cases} requests; statuses {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}");
        failures.Should().BeEmpty();
        statuses.Keys.Should().Contain(k => k >= 400, "a sweep of bad input that is never refused tests nothing");
    }
}
