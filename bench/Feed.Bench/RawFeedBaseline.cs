using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Wire;
using Feed.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Feed.Bench;

/// <summary>
/// The baseline of the HTTP benchmark, in a process of its own (<c>Feed.Bench serve-raw PORT</c>: a bare Kestrel
/// with one route and nothing else, MySQL only): the anonymous mixed feed's first and <c>before</c> pages through raw
/// MySqlConnector at <c>/bench/raw-feed</c>, with the SQL that EF generates for <c>ItemReads.PageQuery</c> today
/// (copied from MariaDB's general log, media joins included) and the same JSON, byte for byte (HttpLoad checks it
/// and stops when it differs), so that the ratio of the two shows what EF Core and our own code cost per request.
/// Pictures are not written: a row with media or an avatar stops the handler (the benchmark's seed has none).
/// </summary>
public static class RawFeedBaseline
{
    private const string Columns =
        "`f`.`Id`, `f`.`AuthorId`, `f`.`CommentCount`, `f`.`CreatedAt`, `f`.`Discriminator`, `f`.`EditedAt`, `f`.`LikeCount`, " +
        "`f`.`JoinedCount`, `f`.`Body`, `f`.`Title`, `f`.`GameLocation`, `f`.`GameName`, `f`.`RoomName`, `u`.`Name`, `u`.`DisplayName`, " +
        "`m`.`Id`, `m`.`AltText`, `m`.`Attempts`, `m`.`Blurhash`, `m`.`ClaimedUntil`, `m`.`CreatedAt`, `m`.`Files`, `m`.`FocusX`, " +
        "`m`.`FocusY`, `m`.`Height`, `m`.`ItemId`, `m`.`OwnerId`, `m`.`Position`, `m`.`Status`, `m`.`StorageToken`, `m`.`Width`, " +
        "`m0`.`Id`, `m0`.`AltText`, `m0`.`Attempts`, `m0`.`Blurhash`, `m0`.`ClaimedUntil`, `m0`.`CreatedAt`, `m0`.`Files`, " +
        "`m0`.`FocusX`, `m0`.`FocusY`, `m0`.`Height`, `m0`.`ItemId`, `m0`.`OwnerId`, `m0`.`Position`, `m0`.`Status`, " +
        "`m0`.`StorageToken`, `m0`.`Width`";

    // No ORDER BY: EF reads the rows flat (FeedRow) and the cut sorts them.
    private const string Joins =
        ") AS `f1` ON `f`.`Id` = `f1`.`Id`\nINNER JOIN `Users` AS `u` ON `f`.`AuthorId` = `u`.`Id`\n" +
        "LEFT JOIN `Media` AS `m` ON `u`.`AvatarMediaId` = `m`.`Id`\nLEFT JOIN `Media` AS `m0` ON `f`.`Id` = `m0`.`ItemId`";

    private const string FirstPage =
        $"SELECT {Columns}\nFROM `FeedItems` AS `f`\nINNER JOIN (\n    SELECT `f0`.`Id`\n    FROM `FeedItems` AS `f0`\n" +
        $"    ORDER BY `f0`.`CreatedAt` DESC, `f0`.`Id` DESC\n    LIMIT @take\n{Joins}";

    // The anchor's own row comes with the page (it says newer items exist); see Keyset.Window.
    private const string OlderPage =
        $"SELECT {Columns}\nFROM `FeedItems` AS `f`\nINNER JOIN (\n    SELECT `f0`.`Id`\n    FROM `FeedItems` AS `f0`\n" +
        "    WHERE (`f0`.`CreatedAt` <= @time) AND (`f0`.`Id` <= CASE\n        WHEN `f0`.`CreatedAt` = @time THEN @id\n" +
        "        ELSE 9223372036854775807\n    END)\n    ORDER BY `f0`.`CreatedAt` DESC, `f0`.`Id` DESC\n" +
        $"    LIMIT @take\n{Joins}";

    private const string TimeFormat = FeedTimeJson.Format;

    private const int DisplayName = 14;

    private const int AvatarId = 15;

    private const int MediaId = 31;

    private static readonly string Scope = FeedListing.Of().Scope;

    // ASP.NET Core's web defaults (what the API's JSON is written with): no escaping of ' + < > &.
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Serves <c>/bench/raw-feed</c> on 127.0.0.1:<paramref name="port"/> until the process is stopped.</summary>
    public static async Task ServeAsync(int port, string connectionString)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        // The API's pool settings (no reset when a connection is taken: one round trip a page), so only the code differs.
        await using var dataSource = new MySqlDataSource(MySqlPools.ForApiPool(connectionString, TimeSpan.FromSeconds(3)));
        app.Map("/bench/raw-feed", branch => branch.Run(http =>
        {
            var limit = int.TryParse(http.Request.Query["limit"], out var asked)
                ? Math.Clamp(asked, 1, PageParameters.MaxLimit)
                : PageParameters.DefaultLimit;
            return WriteAsync(dataSource, limit, http.Request.Query["before"], http, http.RequestAborted);
        }));
        await app.RunAsync();
    }

    private static async Task WriteAsync(
        MySqlDataSource dataSource, int limit, string? before, HttpContext http, CancellationToken cancellationToken)
    {
        var anchor = default(FeedPosition);
        if (before is not null && !FeedCursor.TryDecode(before, Scope, out anchor, out var error))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync(error, cancellationToken);
            return;
        }

        var rows = new List<(FeedPosition Position, object?[] Values)>(limit + 2);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var command = new MySqlCommand(before is null ? FirstPage : OlderPage, connection))
        {
            command.Parameters.AddWithValue("@take", before is null ? limit + 1 : limit + 2);
            if (before is not null)
            {
                command.Parameters.AddWithValue("@time", anchor.At);
                command.Parameters.AddWithValue("@id", anchor.Id);
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var values = new object?[reader.FieldCount];
                reader.GetValues(values!);
                if (values[AvatarId] is not DBNull || values[MediaId] is not DBNull)
                {
                    throw new NotSupportedException("The raw baseline does not write pictures: seed without photos and avatars.");
                }

                rows.Add((new FeedPosition(DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc), reader.GetInt64(0)), values));
            }
        }

        // The same cut as the EF path: newest first, the extra rows tell whether more lie either way.
        var request = new PageRequest(Scope, before is null ? PageDirection.First : PageDirection.Before, anchor, limit, CallerId: null);
        var (page, _, hasOlder, hasNewer) = Keyset.Cut(rows, r => r.Position, request);
        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.Body, Json);
        json.WriteStartObject();
        json.WriteStartArray("items");
        foreach (var (position, v) in page)
        {
            WriteItem(json, position, v);
        }

        json.WriteEndArray();
        json.WriteString("nextCursor", hasOlder ? FeedCursor.Encode(page.Count > 0 ? page[^1].Position : anchor, Scope) : null);
        json.WriteString("refreshCursor", page.Count > 0 ? FeedCursor.Encode(page[0].Position, Scope) : null);
        json.WriteBoolean("hasNewer", hasNewer);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteItem(Utf8JsonWriter json, FeedPosition position, object?[] v)
    {
        var kind = (string)v[4]!;
        json.WriteStartObject();
        json.WriteString("type", kind);
        json.WriteNumber("id", position.Id);
        json.WriteString("createdAt", position.At.ToString(TimeFormat, CultureInfo.InvariantCulture));
        json.WriteNumber("likeCount", (int)v[6]!);
        json.WriteNumber("commentCount", (int)v[2]!);
        json.WriteStartObject("author");
        json.WriteNumber("id", (long)v[1]!);
        json.WriteString("name", (string)v[13]!);
        if (v[DisplayName] is string displayName)
        {
            json.WriteString("displayName", displayName);
        }
        else
        {
            json.WriteNull("displayName");
        }

        json.WriteNull("avatar");
        json.WriteEndObject();
        json.WriteBoolean("likedByMe", false);
        if (v[5] is DateTime edited)
        {
            json.WriteString("editedAt", DateTime.SpecifyKind(edited, DateTimeKind.Utc).ToString(TimeFormat, CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteNull("editedAt");
        }

        json.WriteStartArray("media");
        json.WriteEndArray();
        switch (kind)
        {
            case FeedKinds.Post:
                json.WriteString("title", (string)v[9]!);
                json.WriteString("body", (string)v[8]!);
                break;
            case FeedKinds.Game:
                json.WriteString("gameName", (string)v[11]!);
                json.WriteString("gameLocation", (string)v[10]!);
                json.WriteNumber("joinedCount", (int)v[7]!);
                json.WriteBoolean("joinedByMe", false);
                break;
            case FeedKinds.Team:
                json.WriteString("roomName", (string)v[12]!);
                json.WriteNumber("joinedCount", (int)v[7]!);
                json.WriteBoolean("joinedByMe", false);
                break;
            default:
                // The benchmark compares this JSON with the API's (HttpLoad.CheckSameAsync): a kind left out here stops it.
                throw new NotSupportedException($"The raw baseline does not write kind '{kind}' yet.");
        }

        json.WriteEndObject();
    }
}
