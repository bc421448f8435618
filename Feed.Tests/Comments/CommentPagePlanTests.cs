using Feed.Api.Comments;
using Feed.Api.Data;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Comments;

/// <summary>A conversation's page is one range of the <c>(ItemId, ThreadAt, Id)</c> index, whatever its depth or direction.</summary>
public sealed class CommentPagePlanTests_MariaDb(MariaDbApp app) : FeedTest<MariaDbApp>(app)
{
    [Fact]
    public async Task Every_page_of_a_conversation_reads_a_range_of_the_item_thread_index_signed_in_or_not()
    {
        var users = await App.AddUsersAsync(3, 341);
        var item = (await App.AddItemsAsync(1, users, DateTime.UtcNow, TimeSpan.Zero, 341))[0];
        await using var scope = App.Db();
        var db = scope.Context;
        var start = DateTime.UtcNow.AddHours(-1);
        for (var i = 0; i < 300; i++)
        {
            db.Comments.Add(new Comment(item.Id, users[i % 3].Id, $"comment {i}", null, start.AddSeconds(i)));
        }

        await db.SaveChangesAsync(Cancel);
        var deep = new FeedPosition(FeedTime.ToFeedPrecision(start.AddSeconds(150)), 0);
        var scopeName = CommentReads.ConversationScope(item.Id);
        PageRequest[] pages =
        [
            PageRequest.First(scopeName, 20),
            new(scopeName, PageDirection.After, deep, 20, users[0].Id),
            new(scopeName, PageDirection.Before, deep, 20, users[0].Id),
        ];

        foreach (var page in pages)
        {
            var sql = CommentReads.PageQuery(db, CommentReads.Conversation(db, item.Id), page).ToQueryString();
            var plan = await PlanAsync(db, sql);

            plan.Should().Contain(row => row.Key == "IX_Comments_ItemId_ThreadAt_Id", $"{page.Direction} reads a range of that index");
            plan.Where(row => row.Table == "Comments" || row.Table == "c").Should().NotContain(row => row.Key == null, "no scan");
        }
    }

    /// <summary>MariaDB's plan of <paramref name="sql"/> (as <c>ToQueryString</c> gives it): each row's table and key.</summary>
    private static async Task<List<(string Table, string? Key)>> PlanAsync(FeedDbContext db, string sql)
    {
        var select = sql.IndexOf("SELECT", StringComparison.Ordinal);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(Cancel);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"{sql[..select]}EXPLAIN {sql[select..]}";
        var plan = new List<(string Table, string? Key)>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                plan.Add((reader["table"].ToString()!, reader["key"] as string));
            }
        }

        TestContext.Current.SendDiagnosticMessage(sql + "\n" + string.Join("\n", plan));
        return plan;
    }
}
