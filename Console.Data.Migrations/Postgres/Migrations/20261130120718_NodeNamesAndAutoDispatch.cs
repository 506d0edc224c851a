using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgvConsole.Data.Migrations.Postgres.Migrations
{
    /// <summary>Optional node names (places picked by name); AGVs an operator takes out of automatic dispatch.</summary>
    public partial class NodeNamesAndAutoDispatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "MapNodes",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AutoDispatch",
                table: "Agvs",
                type: "boolean",
                nullable: false,
                defaultValue: true); // every AGV known so far keeps getting work: hand-set (the model has no default)
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Name",
                table: "MapNodes");

            migrationBuilder.DropColumn(
                name: "AutoDispatch",
                table: "Agvs");
        }
    }
}
