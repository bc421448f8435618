using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "FeedChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Change = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedChanges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedSequences",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedSequences", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "FeedSequences",
                columns: new[] { "Name", "Value" },
                values: new object[] { "changes", 0L });

            migrationBuilder.CreateIndex(
                name: "IX_FeedChanges_At",
                table: "FeedChanges",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_FeedChanges_Seq",
                table: "FeedChanges",
                column: "Seq",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "FeedChanges");

            migrationBuilder.DropTable(
                name: "FeedSequences");
        }
    }
}
