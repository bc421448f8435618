using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Media : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AvatarMediaId",
                table: "Users",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Media",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Status = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false),
                    Width = table.Column<int>(type: "INTEGER", nullable: false),
                    Height = table.Column<int>(type: "INTEGER", nullable: false),
                    Blurhash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    AltText = table.Column<string>(type: "TEXT", maxLength: 1500, nullable: true),
                    FocusX = table.Column<double>(type: "REAL", nullable: false),
                    FocusY = table.Column<double>(type: "REAL", nullable: false),
                    Files = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    StorageToken = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: true),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Media", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Media_FeedItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "FeedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Media_Users_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MediaDeletions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    EnqueuedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    NotBefore = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MediaDeletions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Users_AvatarMediaId",
                table: "Users",
                column: "AvatarMediaId");

            migrationBuilder.CreateIndex(
                name: "IX_Media_ItemId_CreatedAt",
                table: "Media",
                columns: new[] { "ItemId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Media_ItemId_Position",
                table: "Media",
                columns: new[] { "ItemId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Media_OwnerId_ItemId_CreatedAt",
                table: "Media",
                columns: new[] { "OwnerId", "ItemId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Media_Status_Id",
                table: "Media",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Media_StorageToken",
                table: "Media",
                column: "StorageToken",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MediaDeletions_NotBefore",
                table: "MediaDeletions",
                column: "NotBefore");

            migrationBuilder.AddForeignKey(
                name: "FK_Users_Media_AvatarMediaId",
                table: "Users",
                column: "AvatarMediaId",
                principalTable: "Media",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Users_Media_AvatarMediaId",
                table: "Users");

            migrationBuilder.DropTable(
                name: "Media");

            migrationBuilder.DropTable(
                name: "MediaDeletions");

            migrationBuilder.DropIndex(
                name: "IX_Users_AvatarMediaId",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "AvatarMediaId",
                table: "Users");
        }
    }
}
