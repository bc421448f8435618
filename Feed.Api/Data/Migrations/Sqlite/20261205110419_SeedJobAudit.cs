using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeedJobAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CancelledBy",
                table: "SeedJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledByName",
                table: "SeedJobs",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Phase",
                table: "SeedJobs",
                type: "TEXT",
                unicode: false,
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RequestedByName",
                table: "SeedJobs",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_SeedJobs_CreatedAt_Id",
                table: "SeedJobs",
                columns: new[] { "CreatedAt", "Id" });

            // Jobs from before: the requester's name as the Users table has it now (if still there), a
            // phase from the state, and the one digest spelling. SQLite's concatenation is ||.
            migrationBuilder.Sql(
                "UPDATE SeedJobs SET RequestedByName = COALESCE((SELECT u.Name FROM Users u WHERE u.Id = SeedJobs.RequestedBy), '')");
            migrationBuilder.Sql(
                "UPDATE SeedJobs SET Phase = CASE State WHEN 'queued' THEN 'queued' WHEN 'running' THEN 'generating' " +
                "WHEN 'succeeded' THEN 'done' ELSE State END");
            migrationBuilder.Sql(
                "UPDATE SeedJobs SET Digest = 'sha256:' || Digest WHERE Digest IS NOT NULL AND Digest NOT LIKE 'sha256:%'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SeedJobs_CreatedAt_Id",
                table: "SeedJobs");

            migrationBuilder.DropColumn(
                name: "CancelledBy",
                table: "SeedJobs");

            migrationBuilder.DropColumn(
                name: "CancelledByName",
                table: "SeedJobs");

            migrationBuilder.DropColumn(
                name: "Phase",
                table: "SeedJobs");

            migrationBuilder.DropColumn(
                name: "RequestedByName",
                table: "SeedJobs");
        }
    }
}
