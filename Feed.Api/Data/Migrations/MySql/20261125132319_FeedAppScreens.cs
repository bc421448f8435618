using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class FeedAppScreens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EditedAt",
                table: "FeedItems",
                type: "datetime(6)",
                precision: 6,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IdempotentRequests",
                columns: table => new
                {
                    UserId = table.Column<long>(type: "bigint", nullable: false),
                    Key = table.Column<string>(type: "varchar(255)", unicode: false, maxLength: 255, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    RequestHash = table.Column<byte[]>(type: "varbinary(32)", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    Status = table.Column<int>(type: "int", nullable: true),
                    ContentType = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    ResponseBody = table.Column<byte[]>(type: "longblob", nullable: true),
                    Location = table.Column<string>(type: "varchar(200)", unicode: false, maxLength: 200, nullable: true)
                        .Annotation("MySql:CharSet", "utf8mb4")
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
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_Likes_ItemId_CreatedAt_UserId",
                table: "Likes",
                columns: new[] { "ItemId", "CreatedAt", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedItems_AuthorId_CreatedAt_Id",
                table: "FeedItems",
                columns: new[] { "AuthorId", "CreatedAt", "Id" });

            // After the new index exists: MySQL keeps an index under every foreign key.
            migrationBuilder.DropIndex(
                name: "IX_FeedItems_AuthorId",
                table: "FeedItems");

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

            migrationBuilder.CreateIndex(
                name: "IX_FeedItems_AuthorId",
                table: "FeedItems",
                column: "AuthorId");

            migrationBuilder.DropIndex(
                name: "IX_FeedItems_AuthorId_CreatedAt_Id",
                table: "FeedItems");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "FeedItems");
        }
    }
}
