using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Feed.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Feed.Bench;

/// <summary>
/// A page query's plan: on MariaDB the tabular <c>EXPLAIN</c> and what <c>ANALYZE FORMAT=JSON</c>
/// saw (each table's access and index, whether anything was filesorted, rows examined); on SQLite
/// <c>EXPLAIN QUERY PLAN</c>. <paramref name="Explain"/> is the plan as text, for the report.
/// </summary>
public sealed record HomePlan(
    string Engine, string Design, string Page, string Paths, bool Filesort, double? RowsExamined, double? Ms, string Explain);

/// <summary>The SQL EF sends for each design's page (<c>ToQueryString</c>), explained by the database it runs on.</summary>
public static partial class HomePlans
{
    private static readonly string[] Columns = ["id", "select_type", "table", "type", "key", "rows", "Extra"];

    public static readonly (string Design, double Share)[] Pages =
    [
        (HomePages.Home, 0), (HomePages.Home, 90), (HomePages.HomePosts, 0), (HomePages.HomePosts, 90),
        (HomePages.Naive, 0), (HomePages.Naive, 90), (HomePages.Feed, 0),
    ];

    public static async Task<List<HomePlan>> ExplainAsync(Engine engine, IHost host)
    {
        var plans = new List<HomePlan>();
        var followees = await HomePages.FolloweesAsync(host);
        foreach (var (design, share) in Pages)
        {
            var (page, _) = await HomePages.PageAtAsync(host, design, share);
            using var scope = host.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<FeedDbContext>();
            var sql = HomePages.Window(db, design, page, followees).ToQueryString();
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            var label = share == 0 ? "first" : $"{share:0} %";
            var plan = engine.Provider == DatabaseProvider.MySql
                ? await MariaDbAsync(connection, engine.Name, design, label, sql)
                : await SqliteAsync(connection, engine.Name, design, label, sql);
            plans.Add(plan);
            Console.WriteLine($"  {design,-32} {label,-6}: {plan.Paths}; filesort {plan.Filesort}; rows examined {plan.RowsExamined:N0}");
        }

        return plans;
    }

    /// <summary>Pomelo's query string is <c>SET @p = value;</c> lines, a blank line, the query: the SETs run, then the query.</summary>
    private static async Task<HomePlan> MariaDbAsync(DbConnection connection, string engine, string design, string page, string sql)
    {
        var (sets, query) = Split(sql);
        foreach (var set in sets)
        {
            await ExecuteAsync(connection, set);
        }

        var table = new StringBuilder("id | select_type | table | type | key | rows | Extra\n");
        foreach (var row in await ReadAsync(connection, "EXPLAIN " + query))
        {
            table.AppendLine(string.Join(" | ", Columns.Select(c => row[c])));
        }

        var json = JsonNode.Parse((await ReadAsync(connection, "ANALYZE FORMAT=JSON " + query))[0].Values.First())!;
        var tables = Tables(json).ToList();
        var paths = string.Join(", ", tables.Select(t => $"{t["table_name"]}: {t["access_type"]}/{t["key"]?.ToString() ?? "-"}"));
        var examined = tables.Sum(t => Number(t["r_rows"]) * (t["r_loops"] is { } loops ? Number(loops) : 1));
        var filesort = json.ToJsonString().Contains("filesort", StringComparison.Ordinal);
        var ms = Number(json["query_block"]?["r_total_time_ms"]);
        return new HomePlan(engine, design, page, paths, filesort, examined, ms, table.ToString());
    }

    /// <summary>SQLite's query string names its parameters in <c>.param set</c> lines; they are written into the query.</summary>
    private static async Task<HomePlan> SqliteAsync(DbConnection connection, string engine, string design, string page, string sql)
    {
        var (sets, query) = Split(sql);
        foreach (var set in sets.OrderByDescending(s => s.Length))
        {
            var match = SqliteParameter().Match(set);
            var value = match.Groups[2].Value.Replace("$", "$$", StringComparison.Ordinal);
            query = Regex.Replace(query, Regex.Escape(match.Groups[1].Value) + @"\b", value);
        }

        var rows = await ReadAsync(connection, "EXPLAIN QUERY PLAN " + query);
        var details = rows.Select(r => r["detail"]).ToList();
        var filesort = details.Any(d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
        return new HomePlan(engine, design, page, string.Join("; ", details), filesort, null, null, string.Join("\n", details) + "\n");
    }

    private static (List<string> Sets, string Query) Split(string sql)
    {
        var lines = sql.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var sets = lines.TakeWhile(l => l.Length > 0).ToList();
        var query = string.Join("\n", lines.Skip(sets.Count + 1));
        return query.Length == 0 ? ([], sql) : (sets, query);
    }

    private static IEnumerable<JsonObject> Tables(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["table"] is JsonObject table)
                {
                    yield return table;
                }

                foreach (var child in o.SelectMany(p => Tables(p.Value)))
                {
                    yield return child;
                }

                break;
            case JsonArray a:
                foreach (var child in a.SelectMany(Tables))
                {
                    yield return child;
                }

                break;
        }
    }

    private static double Number(JsonNode? node) =>
        node is null ? 0 : double.Parse(node.ToString(), CultureInfo.InvariantCulture);

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<Dictionary<string, string>>> ReadAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Dictionary<string, string>>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(
                reader.GetName, i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!));
        }

        return rows;
    }

    [GeneratedRegex(@"^\.param set (\S+) (.*)$")]
    private static partial Regex SqliteParameter();
}
