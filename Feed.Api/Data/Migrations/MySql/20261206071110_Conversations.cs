using System;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class Conversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "NotificationsReadSeq",
                table: "Users",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "CommentId",
                table: "Reports",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // The new unique key first: MariaDB keeps an index on ReporterId for its foreign key, so the old one goes after.
            migrationBuilder.CreateIndex(
                name: "IX_Reports_ReporterId_ItemId_CommentId",
                table: "Reports",
                columns: new[] { "ReporterId", "ItemId", "CommentId" },
                unique: true);

            migrationBuilder.DropIndex(
                name: "IX_Reports_ReporterId_ItemId",
                table: "Reports");

            migrationBuilder.AddColumn<int>(
                name: "CommentCount",
                table: "FeedItems",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    ItemId = table.Column<long>(type: "bigint", nullable: false),
                    AuthorId = table.Column<long>(type: "bigint", nullable: false),
                    ReplyToId = table.Column<long>(type: "bigint", nullable: true),
                    Text = table.Column<string>(type: "varchar(2200)", maxLength: 2200, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    CreatedAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    ThreadAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    EditedAt = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: true),
                    ReplyCount = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Comments_Comments_ReplyToId",
                        column: x => x.ReplyToId,
                        principalTable: "Comments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Comments_FeedItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "FeedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Comments_Users_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("MySql:ValueGenerationStrategy", MySqlValueGenerationStrategy.IdentityColumn),
                    RecipientId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "varchar(8)", unicode: false, maxLength: 8, nullable: false)
                        .Annotation("MySql:CharSet", "utf8mb4"),
                    SubjectId = table.Column<long>(type: "bigint", nullable: false),
                    ItemId = table.Column<long>(type: "bigint", nullable: true),
                    WindowStart = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    ActorCount = table.Column<int>(type: "int", nullable: false),
                    LatestActorId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTime>(type: "datetime(6)", precision: 6, nullable: false),
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_FeedItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "FeedItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notifications_Users_LatestActorId",
                        column: x => x.LatestActorId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Notifications_Users_RecipientId",
                        column: x => x.RecipientId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                })
                .Annotation("MySql:CharSet", "utf8mb4");

            migrationBuilder.CreateIndex(
                name: "IX_Comments_AuthorId_Id",
                table: "Comments",
                columns: new[] { "AuthorId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ItemId_ThreadAt_Id",
                table: "Comments",
                columns: new[] { "ItemId", "ThreadAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Comments_ReplyToId_ThreadAt_Id",
                table: "Comments",
                columns: new[] { "ReplyToId", "ThreadAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_ItemId",
                table: "Notifications",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_LatestActorId",
                table: "Notifications",
                column: "LatestActorId");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientId_Kind_SubjectId_WindowStart",
                table: "Notifications",
                columns: new[] { "RecipientId", "Kind", "SubjectId", "WindowStart" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_RecipientId_Seq",
                table: "Notifications",
                columns: new[] { "RecipientId", "Seq" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Comments");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.CreateIndex(
                name: "IX_Reports_ReporterId_ItemId",
                table: "Reports",
                columns: new[] { "ReporterId", "ItemId" },
                unique: true);

            migrationBuilder.DropIndex(
                name: "IX_Reports_ReporterId_ItemId_CommentId",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "NotificationsReadSeq",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "CommentId",
                table: "Reports");

            migrationBuilder.DropColumn(
                name: "CommentCount",
                table: "FeedItems");

        }
    }
}
