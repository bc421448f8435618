using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class ChangeLogCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.InsertData(
                table: "FeedSequences",
                columns: new[] { "Name", "Value" },
                values: new object[] { "swept", 0L });

            // A log swept before this migration has no gaps: whatever lies below its oldest row was swept
            // (and an empty log was swept up to its head). From now on the sweep keeps the mark itself.
            migrationBuilder.Sql(
                "UPDATE FeedSequences SET Value = COALESCE((SELECT MIN(Seq) - 1 FROM FeedChanges), " +
                "(SELECT v FROM (SELECT Value AS v FROM FeedSequences WHERE Name = 'changes') c)) WHERE Name = 'swept'");

            migrationBuilder.CreateIndex(
                name: "IX_FeedChanges_ItemId_Change",
                table: "FeedChanges",
                columns: new[] { "ItemId", "Change" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedChanges_Kind_Seq",
                table: "FeedChanges",
                columns: new[] { "Kind", "Seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FeedChanges_ItemId_Change",
                table: "FeedChanges");

            migrationBuilder.DropIndex(
                name: "IX_FeedChanges_Kind_Seq",
                table: "FeedChanges");

            migrationBuilder.DeleteData(
                table: "FeedSequences",
                keyColumn: "Name",
                keyValue: "swept");
        }
    }
}
