using System.Text.Json;
using Feed.Api.Data;
using Feed.Domain;
using MySqlConnector;

namespace Feed.Api.Apis;

/// <summary>
/// For the benchmark only (bench/, <c>Bench:RawFeedBaseline=true</c>, MySQL only, never in the API
/// document): the anonymous mixed feed's first and <c>before</c> pages through raw MySqlConnector,
/// with the same SQL that EF generates for <see cref="FeedPaging.PageQuery"/> and the same JSON,
/// so that the ratio of the two shows what EF Core and our own code cost per request.
/// </summary>
public static class RawFeedBaseline
{
    private const string Columns =
        "f3.Id, f3.AuthorId, f3.CreatedAt, f3.Discriminator, f3.LikeCount, f3.JoinedCount, f3.Body, f3.Title, f3.GameLocation, f3.GameName, f3.RoomName, u0.Name";

    private const string FirstPage =
        $"SELECT {Columns} FROM (SELECT f.Id FROM FeedItems AS f ORDER BY f.CreatedAt DESC, f.Id DESC LIMIT @take) AS u " +
        "INNER JOIN FeedItems AS f3 ON u.Id = f3.Id INNER JOIN Users AS u0 ON f3.AuthorId = u0.Id";

    private const string OlderPage =
        $"SELECT {Columns} FROM (" +
        "SELECT f1.Id FROM (SELECT f.Id FROM FeedItems AS f WHERE f.CreatedAt < @time OR (f.CreatedAt = @time AND f.Id < @id) ORDER BY f.CreatedAt DESC, f.Id DESC LIMIT @take) AS f1 " +
        "UNION ALL " +
        "SELECT f2.Id FROM (SELECT f0.Id FROM FeedItems AS f0 WHERE f0.CreatedAt > @time OR (f0.CreatedAt = @time AND f0.Id >= @id) ORDER BY f0.CreatedAt, f0.Id LIMIT 1) AS f2" +
        ") AS u INNER JOIN FeedItems AS f3 ON u.Id = f3.Id INNER JOIN Users AS u0 ON f3.AuthorId = u0.Id";

    public static void MapRawFeedBaseline(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (!app.Configuration.GetValue<bool>("Bench:RawFeedBaseline") || options.Provider != DatabaseProvider.MySql)
        {
            return;
        }

        var dataSource = new MySqlDataSource(app.Configuration.GetConnectionString("Feed")!);
        app.Lifetime.ApplicationStopped.Register(dataSource.Dispose);
        app.MapGet("/bench/raw-feed", (int? limit, string? before, HttpContext http, CancellationToken cancellationToken) =>
            WriteAsync(dataSource, Math.Clamp(limit ?? PageQuery.DefaultLimit, 1, 100), before, http, cancellationToken))
            .ExcludeFromDescription();
    }

    private static async Task WriteAsync(MySqlDataSource dataSource, int limit, string? before, HttpContext http, CancellationToken cancellationToken)
    {
        var anchor = default(FeedPosition);
        if (before is not null && !FeedCursor.TryDecode(before, "all", out anchor, out var error))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync(error, cancellationToken);
            return;
        }

        var rows = new List<(FeedPosition Position, object?[] Values)>(limit + 2);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new MySqlCommand(before is null ? FirstPage : OlderPage, connection))
        {
            command.Parameters.AddWithValue("@take", limit + 1);
            command.Parameters.AddWithValue("@time", anchor.CreatedAt);
            command.Parameters.AddWithValue("@id", anchor.Id);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new object?[reader.FieldCount];
                reader.GetValues(values!);
                rows.Add((new FeedPosition(DateTime.SpecifyKind(reader.GetDateTime(2), DateTimeKind.Utc), reader.GetInt64(0)), values));
            }
        }

        // The same cut as the EF path: newest first, the extra rows tell whether more lie either way.
        var (page, hasOlder, hasNewer) = Keyset.Cut(rows, r => r.Position, before is null ? PageDirection.First : PageDirection.Before, anchor, limit);
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteStartArray("items");
        foreach (var (position, v) in page)
        {
            var kind = (string)v[3]!;
            json.WriteStartObject();
            json.WriteString("type", kind);
            json.WriteNumber("id", position.Id);
            json.WriteString("createdAt", position.CreatedAt);
            json.WriteNumber("likeCount", (int)v[4]!);
            json.WriteStartObject("author");
            json.WriteNumber("id", (long)v[1]!);
            json.WriteString("name", (string)v[11]!);
            json.WriteEndObject();
            json.WriteBoolean("likedByMe", false);
            if (kind == FeedKinds.Post)
            {
                json.WriteString("title", (string)v[7]!);
                json.WriteString("body", (string)v[6]!);
            }
            else
            {
                if (kind == FeedKinds.Game)
                {
                    json.WriteString("gameName", (string)v[9]!);
                    json.WriteString("gameLocation", (string)v[8]!);
                }
                else
                {
                    json.WriteString("roomName", (string)v[10]!);
                }

                json.WriteNumber("joinedCount", (int)v[5]!);
                json.WriteBoolean("joinedByMe", false);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("nextCursor", hasOlder ? FeedCursor.Encode(page.Count > 0 ? page[^1].Position : anchor, "all") : null);
        json.WriteString("refreshCursor", page.Count > 0 ? FeedCursor.Encode(page[0].Position, "all") : null);
        json.WriteBoolean("hasNewer", hasNewer);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
