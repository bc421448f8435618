using Feed.Api.Data;
using Feed.Api.Follows;
using Feed.Api.Items;
using Feed.Api.Paging;
using Feed.Domain;
using Microsoft.EntityFrameworkCore;

namespace Feed.Tests.Media;

/// <summary>A page's media come from the media's <c>(ItemId, Position)</c> index, in the page's one command.</summary>
public sealed class PhotoPagePlanTests_MariaDb(MariaDbApp app) : FeedTest<MariaDbApp>(app)
{
    [Fact]
    public async Task The_page_query_reads_media_by_the_item_and_position_index()
    {
        var user = (await App.AddUsersAsync(1, 401))[0];
        await PhotoTestKit.AddPhotoPostsAsync(App, user.Id, 20, 3);
        await using var scope = App.Db();
        var db = scope.Context;
        var sql = ItemReads.PageQuery(db, FeedListing.Of(), PageRequest.First(FeedListing.Of().Scope, 20, user.Id)).ToQueryString();

        var plan = await PlanAsync(db, sql);

        plan.Should().Contain(row => row.Key == "IX_Media_ItemId_Position", "a post's media are a range of that index");
        sql.Should().Contain("LEFT JOIN `Media`", "media and avatar are joined, not read by another command");
    }

    [Fact]
    public async Task A_home_page_merging_a_pulled_author_reads_media_by_that_index_in_the_same_statement()
    {
        var (me, star) = (await App.AddUsersAsync(2, 402)) switch { var u => (u[0], u[1]) };
        await PhotoTestKit.AddPhotoPostsAsync(App, star.Id, 20, 3);
        await using var scope = App.Db();
        var db = scope.Context;
        db.Follows.Add(new Follow(me.Id, star.Id, DateTime.UtcNow));
        await db.SaveChangesAsync(Cancel);
        await db.Users.Where(u => u.Id == star.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.PulledSince, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc)), Cancel);
        var merge = new HomeMerge(await HomeReads.PulledFolloweesAsync(db, me.Id, Cancel), TimeSpan.Zero, DateTime.UtcNow);
        var page = PageRequest.First(HomeReads.Scope(me.Id, FeedListing.Of()), 20, me.Id);
        var query = HomeReads.PageQuery(db, me.Id, FeedListing.Of(), page, merge);
        var sql = query.ToQueryString();

        var plan = await PlanAsync(db, sql);
        var rows = await HomeReads.ReadAsync(query, Cancel);

        merge.Followees.Should().ContainSingle();
        plan.Should().Contain(row => row.Key == "IX_Media_ItemId_Position", "a post's media are a range of that index");
        sql.Should().Contain("UNION").And.Contain("LEFT JOIN `Media`", "the inbox's and the author's ranges, media joined");
        rows.Should().HaveCount(20).And.OnlyContain(r => r.Pulled && r.Entry.Media.Count == 3 && r.Entry.AuthorAvatar != null);
    }

    /// <summary>MariaDB's plan of <paramref name="sql"/> (as <c>ToQueryString</c> gives it): each row's table and key.</summary>
    private async Task<List<(string Table, string? Key)>> PlanAsync(FeedDbContext db, string sql)
    {
        var select = sql.IndexOf("SELECT", StringComparison.Ordinal);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Cancel);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{sql[..select]}EXPLAIN {sql[select..]}";
        var plan = new List<(string Table, string? Key)>();
        await using (var reader = await command.ExecuteReaderAsync(Cancel))
        {
            do
            {
                while (await reader.ReadAsync(Cancel))
                {
                    if (reader.FieldCount > 5)
                    {
                        plan.Add((reader["table"].ToString()!, reader["key"] as string));
                    }
                }
            }
            while (await reader.NextResultAsync(Cancel));
        }

        TestContext.Current.SendDiagnosticMessage(sql + "\n" + string.Join("\n", plan));
        return plan;
    }
}
