using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MySqlConnector;

namespace Feed.Tests.Cluster;

/// <summary>
/// The cluster of scripts/cluster.sh (3 Galera nodes, an async replica, HAProxy, 3 API instances),
/// brought up once for the cluster tests (idempotent) and read from <c>scripts/cluster.sh env</c>.
/// Run with FEED_TEST_CLUSTER=1; classes whose names end in <c>_Cluster</c> are left out otherwise.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    private Dictionary<string, string> _env = [];

    public string Http => _env["FEED_CLUSTER_HTTP"];

    public IReadOnlyList<string> Apis => _env["FEED_CLUSTER_APIS"].Split(',');

    public IReadOnlyList<string> Nodes => _env["FEED_CLUSTER_NODES"].Split('|');

    public string Replica => _env["FEED_CLUSTER_REPLICA"];

    public string Sql => _env["FEED_CLUSTER_SQL"];

    /// <summary>HAProxy's statistics page (<c>/;csv</c> for a table of every server's state).</summary>
    public string Stats => _env["FEED_CLUSTER_STATS"];

    /// <summary>How long an instance's claim on a render holds (<c>Media:ClaimLease</c> of every instance).</summary>
    public TimeSpan MediaLease => TimeSpan.Parse(_env["FEED_CLUSTER_MEDIA_LEASE"], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bucket every instance keeps media in, under the instances' key prefix: what they stored, read directly.</summary>
    public Feed.Api.Media.Storage.S3MediaStore MediaStore() => new(Microsoft.Extensions.Options.Options.Create(
        new Feed.Api.Media.Storage.S3MediaOptions
        {
            ServiceUrl = _env["FEED_CLUSTER_S3_URL"],
            Bucket = _env["FEED_CLUSTER_S3_BUCKET"],
            AccessKey = _env["FEED_CLUSTER_S3_ACCESS_KEY"],
            SecretKey = _env["FEED_CLUSTER_S3_SECRET_KEY"],
            KeyPrefix = _env["FEED_CLUSTER_S3_PREFIX"],
        }));

    public async ValueTask InitializeAsync()
    {
        await ScriptAsync("up");
        _env = (await ScriptAsync("env")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1].Trim('\''));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask; // the cluster stays up for the next run (scripts/cluster.sh down stops it)

    /// <summary>Runs scripts/cluster.sh with <paramref name="args"/>; its output, or an exception with it when it failed.</summary>
    public static async Task<string> ScriptAsync(params string[] args)
    {
        var script = Repository.PathOf("scripts", "cluster.sh");
        var start = new ProcessStartInfo("bash", [script, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException(
                $"scripts/cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }

    /// <summary>
    /// A new user, signed up and signed in through HAProxy; a client for <paramref name="baseAddress"/>
    /// (HAProxy by default) with their token.
    /// </summary>
    public async Task<(HttpClient Client, long Id, string Token)> SignUpAsync(string? baseAddress = null)
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(Http) };
        var name = $"c{Guid.NewGuid():N}"[..20];
        await SucceededAsync(await anonymous.PostAsJsonAsync("/auth/register", new { name, password = "cluster test password" }));
        var signIn = await anonymous.PostAsJsonAsync("/auth/token", new { name, password = "cluster test password" });
        if (signIn.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            // Seen about once in 25 test processes, at their first sign-ups: the node that took the
            // sign-in did not yet show the user another node had just committed, although the nodes
            // run with causal reads (wsrep_sync_wait = 1), and a moment later it did. The sign-up is
            // not what these tests are about (A_user_who_signs_up_on_one_instance_... is, and does
            // not retry): say it and try once more.
            var said = await signIn.Content.ReadAsStringAsync();
            Console.WriteLine($"cluster: a sign-in right after sign-up missed the new user ({said}); trying again");
            await Task.Delay(500);
            signIn = await anonymous.PostAsJsonAsync("/auth/token", new { name, password = "cluster test password" });
        }

        await SucceededAsync(signIn);
        var body = JsonNode.Parse(await signIn.Content.ReadAsStringAsync())!;
        var token = (string)body["accessToken"]!;
        using var self = ClientFor(token);
        var me = JsonNode.Parse(await self.GetStringAsync("/me"))!;
        return (ClientFor(token, baseAddress), (long)me["id"]!, token);
    }

    /// <summary>
    /// The response when it succeeded; else an exception that quotes its status and problem body (a
    /// bare status says too little when a cluster test fails in CI).
    /// </summary>
    public static async Task<HttpResponseMessage> SucceededAsync(HttpResponseMessage response) =>
        response.IsSuccessStatusCode
            ? response
            : throw new HttpRequestException(
                $"{(int)response.StatusCode} {response.ReasonPhrase} from {response.RequestMessage?.Method} " +
                $"{response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");

    /// <summary>
    /// Sends as a client the API's 503 asks to: while the answer is a 503 (nothing was saved), waits a
    /// moment and sends again, <paramref name="attempts"/> times at most; the last answer and how many 503s came before it.
    /// </summary>
    public static async Task<(HttpResponseMessage Response, int Busy)> RetryingBusyAsync(
        Func<Task<HttpResponseMessage>> send, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == attempts)
            {
                return (response, attempt - 1);
            }

            await Task.Delay(Random.Shared.Next(100, 500), cancellationToken);
        }
    }

    /// <summary>
    /// <paramref name="token"/>'s claims in a token issued <paramref name="age"/> ago, signed with the
    /// cluster's key: a user whose token is older than the read-your-writes window.
    /// </summary>
    public string Aged(string token, TimeSpan age)
    {
        var claims = new JsonWebTokenHandler().ReadJsonWebToken(token).Claims
            .Where(c => c.Type is not (JwtRegisteredClaimNames.Iat or JwtRegisteredClaimNames.Nbf or JwtRegisteredClaimNames.Exp
                or JwtRegisteredClaimNames.Iss or JwtRegisteredClaimNames.Aud));
        var issued = DateTime.UtcNow - age;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "feed",
            Audience = "feed",
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issued,
            NotBefore = issued,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_env["FEED_CLUSTER_SIGNING_KEY"])), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>
    /// A token as <c>POST /auth/token</c> issues one, signed with the cluster's key, for a user made
    /// straight in the database (<see cref="ClusterHome.PeopleAsync"/>: hundreds of followers without hashing their passwords).
    /// </summary>
    public string TokenFor(long id, string name, string stamp, long session) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "feed",
            Audience = "feed",
            Subject = new ClaimsIdentity([
                new Claim(JwtRegisteredClaimNames.Sub, id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.Name, name),
                new Claim(Feed.Api.Users.Tokens.StampClaim, stamp),
                new Claim(Feed.Api.Users.Tokens.SessionClaim, session.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]),
            IssuedAt = DateTime.UtcNow,
            NotBefore = DateTime.UtcNow,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_env["FEED_CLUSTER_SIGNING_KEY"])), SecurityAlgorithms.HmacSha256),
        });

    public HttpClient ClientFor(string? token, string? baseAddress = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseAddress ?? Http), Timeout = TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static Task<long> StatusAsync(string node, string name) =>
        ScalarAsync<long>(node,
            $"SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = '{name.ToUpperInvariant()}'");
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<Cluster>
{
    /// <summary>One collection: the cluster tests run one after another (one kills nodes, one reseeds).</summary>
    public const string Name = "Cluster";
}
