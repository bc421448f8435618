using Feed.Api.Items;
using Feed.Api.Paging;
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
        plan.Should().Contain(row => row.Key == "IX_Media_ItemId_Position", "a post's media are a range of that index");
        sql.Should().Contain("LEFT JOIN `Media`", "media and avatar are joined, not read by another command");
    }
}
