using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class SeedJobAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Digest",
                table: "SeedJobs",
                type: "varchar(80)",
                unicode: false,
                maxLength: 80,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "varchar(64)",
                oldUnicode: false,
                oldMaxLength: 64,
                oldNullable: true)
                .Annotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<long>(
                name: "CancelledBy",
                table: "SeedJobs",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CancelledByName",
                table: "SeedJobs",
                type: "varchar(32)",
                maxLength: 32,
                nullable: true)
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "Phase",
                table: "SeedJobs",
                type: "varchar(16)",
                unicode: false,
                maxLength: 16,
                nullable: false,
                defaultValue: "")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.AddColumn<string>(
                name: "RequestedByName",
                table: "SeedJobs",
                type: "varchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "")
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_SeedJobs_CreatedAt_Id",
                table: "SeedJobs",
                columns: new[] { "CreatedAt", "Id" });

            // Jobs from before: the requester's name as the Users table has it now (if still there), a
            // phase from the state, and the one digest spelling. SQLite's migration spells the concatenation ||.
            migrationBuilder.Sql(
                "UPDATE SeedJobs SET RequestedByName = COALESCE((SELECT u.Name FROM Users u WHERE u.Id = SeedJobs.RequestedBy), '')");
            migrationBuilder.Sql(
                "UPDATE SeedJobs SET Phase = CASE State WHEN 'queued' THEN 'queued' WHEN 'running' THEN 'generating' " +
                "WHEN 'succeeded' THEN 'done' ELSE State END");
            migrationBuilder.Sql(
                "UPDATE SeedJobs SET Digest = CONCAT('sha256:', Digest) WHERE Digest IS NOT NULL AND Digest NOT LIKE 'sha256:%'");
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

            migrationBuilder.AlterColumn<string>(
                name: "Digest",
                table: "SeedJobs",
                type: "varchar(64)",
                unicode: false,
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "varchar(80)",
                oldUnicode: false,
                oldMaxLength: 80,
                oldNullable: true)
                .Annotation("MySql:CharSet", "utf8mb4")
                .OldAnnotation("MySql:CharSet", "utf8mb4");
        }
    }
}
