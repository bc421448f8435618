using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Conversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Reports_ReporterId_ItemId",
                table: "Reports");

            migrationBuilder.AddColumn<long>(
                name: "NotificationsReadSeq",
                table: "Users",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "CommentId",
                table: "Reports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<int>(
                name: "CommentCount",
                table: "FeedItems",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "Comments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReplyToId = table.Column<long>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    ThreadAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    EditedAt = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: true),
                    ReplyCount = table.Column<int>(type: "INTEGER", nullable: false)
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
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RecipientId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: false),
                    SubjectId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: true),
                    WindowStart = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    ActorCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LatestActorId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", precision: 6, nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false)
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
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_ReporterId_ItemId_CommentId",
                table: "Reports",
                columns: new[] { "ReporterId", "ItemId", "CommentId" },
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_Reports_ReporterId_ItemId",
                table: "Reports",
                columns: new[] { "ReporterId", "ItemId" },
                unique: true);
        }
    }
}
