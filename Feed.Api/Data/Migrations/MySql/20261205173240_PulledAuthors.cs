using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Feed.Api.Data.Migrations.MySql
{
    /// <inheritdoc />
    public partial class PulledAuthors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PulledSince",
                table: "Users",
                type: "datetime(6)",
                precision: 6,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_PulledSince",
                table: "Users",
                column: "PulledSince");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Users_PulledSince",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "PulledSince",
                table: "Users");
        }
    }
}
