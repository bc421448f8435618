using System.Globalization;
using System.Text.Json;
using Feed.Api.Data;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Api.Plumbing.Wire;
using Feed.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MySqlConnector;

namespace Feed.Bench;

/// <summary>
/// The baseline of the HTTP benchmark, added to the API from outside the product (an
/// <see cref="IStartupFilter"/> of <see cref="BenchApi"/>; MySQL only): the anonymous mixed feed's
/// first and <c>before</c> pages through raw MySqlConnector at <c>/bench/raw-feed</c>, with the
/// same SQL that EF generates for <see cref="ItemReads.PageQuery(FeedDbContext, FeedListing, PageRequest)"/> and the same JSON, so that
/// the ratio of the two shows what EF Core and our own code cost per request.
/// </summary>
public sealed class RawFeedBaseline : IStartupFilter
{
    private const string Columns =
        "f.Id, f.AuthorId, f.CreatedAt, f.Discriminator, f.EditedAt, f.LikeCount, f.JoinedCount, " +
        "f.Body, f.Title, f.GameLocation, f.GameName, f.RoomName, u.Name";

    private const string FirstPage =
        $"SELECT {Columns} FROM FeedItems AS f " +
        "INNER JOIN (SELECT f0.Id FROM FeedItems AS f0 ORDER BY f0.CreatedAt DESC, f0.Id DESC LIMIT @take) AS f1 ON f.Id = f1.Id " +
        "INNER JOIN Users AS u ON f.AuthorId = u.Id";

    // The anchor's own row comes with the page (it says newer items exist); see Keyset.Window.
    private const string OlderPage =
        $"SELECT {Columns} FROM FeedItems AS f INNER JOIN (SELECT f0.Id FROM FeedItems AS f0 " +
        "WHERE f0.CreatedAt <= @time AND f0.Id <= CASE WHEN f0.CreatedAt = @time THEN @id ELSE 9223372036854775807 END " +
        "ORDER BY f0.CreatedAt DESC, f0.Id DESC LIMIT @take) AS f1 ON f.Id = f1.Id INNER JOIN Users AS u ON f.AuthorId = u.Id";

    private const string TimeFormat = FeedTimeJson.Format;

    private static readonly string Scope = FeedListing.Of().Scope;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        // The API's pool settings (no reset when a connection is taken: one round trip a page), so only the code differs.
        var dataSource = new MySqlDataSource(MySqlPools.ForApiPool(
            app.ApplicationServices.GetRequiredService<IConfiguration>().GetConnectionString("Feed")!, TimeSpan.FromSeconds(3)));
        app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(dataSource.Dispose);
        app.Map("/bench/raw-feed", branch => branch.Run(http =>
        {
            var limit = int.TryParse(http.Request.Query["limit"], out var asked)
                ? Math.Clamp(asked, 1, PageParameters.MaxLimit)
                : PageParameters.DefaultLimit;
            return WriteAsync(dataSource, limit, http.Request.Query["before"], http, http.RequestAborted);
        }));
    };

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
            command.Parameters.AddWithValue("@time", anchor.At);
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
        var request = new PageRequest(Scope, before is null ? PageDirection.First : PageDirection.Before, anchor, limit, CallerId: null);
        var (page, _, hasOlder, hasNewer) = Keyset.Cut(rows, r => r.Position, request);
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
            json.WriteString("createdAt", position.At.ToString(TimeFormat, CultureInfo.InvariantCulture));
            json.WriteNumber("likeCount", (int)v[5]!);
            json.WriteStartObject("author");
            json.WriteNumber("id", (long)v[1]!);
            json.WriteString("name", (string)v[12]!);
            json.WriteEndObject();
            json.WriteBoolean("likedByMe", false);
            if (v[4] is DateTime edited)
            {
                var editedAt = DateTime.SpecifyKind(edited, DateTimeKind.Utc);
                json.WriteString("editedAt", editedAt.ToString(TimeFormat, CultureInfo.InvariantCulture));
            }
            else
            {
                json.WriteNull("editedAt");
            }

            switch (kind)
            {
                case FeedKinds.Post:
                    json.WriteString("title", (string)v[8]!);
                    json.WriteString("body", (string)v[7]!);
                    break;
                case FeedKinds.Game:
                    json.WriteString("gameName", (string)v[10]!);
                    json.WriteString("gameLocation", (string)v[9]!);
                    json.WriteNumber("joinedCount", (int)v[6]!);
                    json.WriteBoolean("joinedByMe", false);
                    break;
                case FeedKinds.Team:
                    json.WriteString("roomName", (string)v[11]!);
                    json.WriteNumber("joinedCount", (int)v[6]!);
                    json.WriteBoolean("joinedByMe", false);
                    break;
                default:
                    // The benchmark compares this JSON with the API's (HttpLoad.CheckAsync): a kind left out here stops it.
                    throw new NotSupportedException($"The raw baseline does not write kind '{kind}' yet.");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("nextCursor", hasOlder ? FeedCursor.Encode(page.Count > 0 ? page[^1].Position : anchor, Scope) : null);
        json.WriteString("refreshCursor", page.Count > 0 ? FeedCursor.Encode(page[0].Position, Scope) : null);
        json.WriteBoolean("hasNewer", hasNewer);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
