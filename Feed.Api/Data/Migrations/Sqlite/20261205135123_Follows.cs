using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Follows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "FollowerCount",
                table: "Users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "FollowingCount",
                table: "Users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Follows",
                columns: table => new
                {
                    FollowerId = table.Column<long>(type: "INTEGER", nullable: false),
                    FolloweeId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Follows", x => new { x.FollowerId, x.FolloweeId });
                    table.ForeignKey(
                        name: "FK_Follows_Users_FolloweeId",
                        column: x => x.FolloweeId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Follows_Users_FollowerId",
                        column: x => x.FollowerId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HomeEntries",
                columns: table => new
                {
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    ArrivedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeEntries", x => new { x.ItemId, x.OwnerId });
                    table.ForeignKey(
                        name: "FK_HomeEntries_FeedItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "FeedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HomeEntries_Users_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HomeFanOuts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    After = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HomeFanOuts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HomeFanOuts_FeedItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "FeedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Follows_FolloweeId_CreatedAt_FollowerId",
                table: "Follows",
                columns: new[] { "FolloweeId", "CreatedAt", "FollowerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Follows_FolloweeId_FollowerId",
                table: "Follows",
                columns: new[] { "FolloweeId", "FollowerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Follows_FollowerId_CreatedAt_FolloweeId",
                table: "Follows",
                columns: new[] { "FollowerId", "CreatedAt", "FolloweeId" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeEntries_OwnerId_ArrivedAt_ItemId",
                table: "HomeEntries",
                columns: new[] { "OwnerId", "ArrivedAt", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeEntries_OwnerId_AuthorId",
                table: "HomeEntries",
                columns: new[] { "OwnerId", "AuthorId" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeEntries_OwnerId_Kind_ArrivedAt_ItemId",
                table: "HomeEntries",
                columns: new[] { "OwnerId", "Kind", "ArrivedAt", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_HomeFanOuts_ItemId",
                table: "HomeFanOuts",
                column: "ItemId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Follows");

            migrationBuilder.DropTable(
                name: "HomeEntries");

            migrationBuilder.DropTable(
                name: "HomeFanOuts");

            migrationBuilder.DropColumn(
                name: "FollowerCount",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "FollowingCount",
                table: "Users");
        }
    }
}
