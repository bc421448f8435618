using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SeedJobs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SeedJobs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    State = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false),
                    Active = table.Column<int>(type: "INTEGER", nullable: true),
                    Options = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    RequestedBy = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    Owner = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: true),
                    CancelRequested = table.Column<bool>(type: "INTEGER", nullable: false),
                    ItemsDone = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemsTotal = table.Column<long>(type: "INTEGER", nullable: false),
                    Rows = table.Column<long>(type: "INTEGER", nullable: false),
                    RowsPerSecond = table.Column<double>(type: "REAL", nullable: false),
                    Digest = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeedJobs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SeedJobs_Active",
                table: "SeedJobs",
                column: "Active",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SeedJobs");
        }
    }
}
