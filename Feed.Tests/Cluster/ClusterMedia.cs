using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Feed.Tests.Media;
using MySqlConnector;

namespace Feed.Tests.Cluster;

/// <summary>A media row as the cluster's database holds it: where its rendering is.</summary>
public sealed record MediaRow(long Id, string Status, int Attempts, DateTime? ClaimedUntil);

/// <summary>Uploading to one instance, waiting for the renders, and reading what the database and the bucket hold.</summary>
public static class ClusterMedia
{
    /// <summary>The 201's body of an upload of <paramref name="png"/> through <paramref name="instance"/>.</summary>
    public static async Task<JsonNode> UploadAsync(HttpClient instance, byte[] png, CancellationToken cancellationToken)
    {
        var response = await Cluster.SucceededAsync(await instance.UploadAsync(png));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
    }

    /// <summary>
    /// <c>GET /media/{id}</c> through <paramref name="instance"/> until it is no longer processing (at most
    /// <paramref name="within"/>, then an exception with the last answer).
    /// </summary>
    public static async Task<JsonNode> RenderedAsync(HttpClient instance, long id, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var body = await instance.GetStringAsync($"/media/{id}", cancellationToken);
            var media = JsonNode.Parse(body)!;
            if ((string)media["status"]! != "processing")
            {
                return media;
            }

            if (clock.Elapsed > within)
            {
                throw new TimeoutException($"media {id} still processing after {within} on {instance.BaseAddress}: {body}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The rows of <paramref name="ids"/>, read through HAProxy's SQL port (causal reads: every commit before it).</summary>
    public static async Task<List<MediaRow>> RowsAsync(string sql, IEnumerable<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(sql);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT Id, Status, Attempts, ClaimedUntil FROM Media WHERE Id IN ({string.Join(',', ids)}) ORDER BY Id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<MediaRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new MediaRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetDateTime(3)));
        }

        return rows;
    }

    /// <summary>The URLs of a media's renditions, by name.</summary>
    public static Dictionary<string, string> Renditions(JsonNode media) =>
        media["renditions"]!.AsArray().ToDictionary(r => (string)r!["name"]!, r => (string)r!["url"]!);

    /// <summary>The store's key of a served file's URL (<c>/media/files/{token}/{file}</c> is <c>files/{token}/{file}</c>).</summary>
    public static string Key(string url) => Feed.Api.Media.MediaKeys.FilesPrefix + url["/media/files/".Length..];

    /// <summary>The SHA-256 of what <paramref name="instance"/> serves at <paramref name="url"/> (a 200 with bytes).</summary>
    public static async Task<string> ServedHashAsync(HttpClient instance, string url, CancellationToken cancellationToken)
    {
        var response = await Cluster.SucceededAsync(await instance.GetAsync(url, cancellationToken));
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        bytes.Should().NotBeEmpty($"{instance.BaseAddress} serves {url}");
        return Convert.ToHexString(SHA256.HashData(bytes));
    }

    /// <summary>The SHA-256 of the object under <paramref name="key"/> in the bucket, or null when there is none.</summary>
    public static async Task<string?> StoredHashAsync(Feed.Api.Media.IMediaStore store, string key, CancellationToken cancellationToken)
    {
        await using var stored = await store.OpenAsync(key, cancellationToken);
        return stored is null ? null : Convert.ToHexString(await SHA256.HashDataAsync(stored.Content, cancellationToken));
    }
}
