using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.MySql
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    State = table.Column<string>(type: "varchar(10)", unicode: false, maxLength: 10, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Active = table.Column<int>(type: "int", nullable: true),
                    Options = table.Column<string>(type: "varchar(4000)", maxLength: 4000, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    RequestedBy = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: true),
                    Owner = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    CancelRequested = table.Column<bool>(type: "tinyint(1)", nullable: false),
                    ItemsDone = table.Column<long>(type: "bigint", nullable: false),
                    ItemsTotal = table.Column<long>(type: "bigint", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    RowsPerSecond = table.Column<double>(type: "double", nullable: false),
                    Digest = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    Error = table.Column<string>(type: "varchar(2000)", maxLength: 2000, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SeedJobs", x => x.Id);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

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
