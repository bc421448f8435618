using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FeedAppScreens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_FeedItems_AuthorId",
                table: "FeedItems");

            migrationBuilder.AddColumn<DateTime>(
                name: "EditedAt",
                table: "FeedItems",
                type: "TEXT",
                precision: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IdempotentRequests",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 255, nullable: false),
                    RequestHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: true),
                    ContentType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: true),
                    ResponseBody = table.Column<byte[]>(type: "BLOB", nullable: true),
                    Location = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotentRequests", x => new { x.UserId, x.Key });
                    table.ForeignKey(
                        name: "FK_IdempotentRequests_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Likes_ItemId_CreatedAt_UserId",
                table: "Likes",
                columns: new[] { "ItemId", "CreatedAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedItems_AuthorId_CreatedAt_Id",
                table: "FeedItems",
                columns: new[] { "AuthorId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_IdempotentRequests_ExpiresAt",
                table: "IdempotentRequests",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IdempotentRequests");

            migrationBuilder.DropIndex(
                name: "IX_Likes_ItemId_CreatedAt_UserId",
                table: "Likes");

            migrationBuilder.DropIndex(
                name: "IX_FeedItems_AuthorId_CreatedAt_Id",
                table: "FeedItems");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "FeedItems");

            migrationBuilder.CreateIndex(
                name: "IX_FeedItems_AuthorId",
                table: "FeedItems",
                column: "AuthorId");
        }
    }
}
