using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgvConsole.Data.Migrations.Sqlite.Migrations
{
    /// <summary>The webhook outbox: calls made after a restart if the console stopped before they were delivered or given up.</summary>
    public partial class PendingWebhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PendingWebhooks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    GroupId = table.Column<int>(type: "INTEGER", nullable: true),
                    GroupName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AlarmId = table.Column<long>(type: "INTEGER", nullable: true),
                    Change = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PendingWebhooks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PendingWebhooks_CreatedAt",
                table: "PendingWebhooks",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PendingWebhooks");
        }
    }
}
