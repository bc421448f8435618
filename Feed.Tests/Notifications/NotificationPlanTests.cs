using Feed.Api.Data;
using Feed.Api.Notifications;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Notifications;

/// <summary>A notifications page and the unread count are ranges of the <c>(RecipientId, Seq)</c> index on MariaDB, at any depth.</summary>
public sealed class NotificationPlanTests_MariaDb(MariaDbApp app) : NotificationTest<MariaDbApp>(app)
{
    private const string Index = "IX_Notifications_RecipientId_Seq";

    [Fact]
    public async Task A_page_deep_in_the_list_and_the_unread_count_read_the_recipient_and_seq_index()
    {
        var users = await App.AddUsersAsync(22, seed: 3201);
        var (me, fan, others) = (users[0], users[1], users.Skip(2).ToList());
        for (var i = 0; i < 30; i++)
        {
            await LikeAsync(fan, (await AddItemAsync(me)).Id);
        }

        await using var scope = App.Db();
        var db = scope.Context;
        var day = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        db.Notifications.AddRange(
            from other in others
            from n in Enumerable.Range(1, 100)
            select new Notification(other.Id, Notification.Follow, 0, null, fan.Id, day.AddDays(n), n)); // other people's lists
        await db.SaveChangesAsync(Cancel);
        await db.Database.ExecuteSqlRawAsync("ANALYZE TABLE `Notifications`", Cancel);
        await NotificationReads.MarkReadAsync(db, me.Id, 25, Cancel);
        var scopeName = NotificationReads.Scope(me.Id);
        var deep = new PageRequest(scopeName, PageDirection.Before, NotificationReads.PositionOf(12), 5, me.Id);
        var refresh = new PageRequest(scopeName, PageDirection.After, NotificationReads.PositionOf(12), 5, me.Id);

        var pagePlan = await PlanAsync(db, NotificationReads.PageQuery(db, deep).ToQueryString());
        var refreshPlan = await PlanAsync(db, NotificationReads.PageQuery(db, refresh).ToQueryString());
        var unreadPlan = await PlanAsync(db, NotificationReads.UnreadQuery(db, me.Id).ToQueryString());
        var rows = await NotificationReads.ReadPageAsync(db, deep, Cancel);

        pagePlan.Should().Contain(row => row.Key == Index);
        pagePlan.Should().NotContain(row => row.Table.Contains("Notifications", StringComparison.Ordinal) && row.Type == "ALL");
        refreshPlan.Should().Contain(row => row.Key == Index);
        unreadPlan.Should().Contain(row => row.Key == Index);
        rows.Positions.Select(p => p.Id).Should().Equal(11, 10, 9, 8, 7);
        (rows.HasOlder, rows.HasNewer).Should().Be((true, true));
    }

    /// <summary>MariaDB's plan of <paramref name="sql"/> (as <c>ToQueryString</c> gives it): each row's table, access and key.</summary>
    private async Task<List<(string Table, string? Type, string? Key)>> PlanAsync(FeedDbContext db, string sql)
    {
        var select = sql.IndexOf("SELECT", StringComparison.Ordinal);
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(Cancel);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"{sql[..select]}EXPLAIN {sql[select..]}";
        var plan = new List<(string Table, string? Type, string? Key)>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            while (await reader.ReadAsync(Cancel))
            {
                plan.Add((reader["table"].ToString()!, reader["type"] as string, reader["key"] as string));
            }
        }

        TestContext.Current.SendDiagnosticMessage(sql + "\n" + string.Join("\n", plan));
        return plan;
    }
}
