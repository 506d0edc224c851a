using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgvConsole.Data.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// From here on the schema is kept by these migrations. SchemaInfo (the version the releases
    /// up to schema 2 kept by hand) is set to 3, so such a release started on this database
    /// refuses it ("newer than this console's 2") instead of writing to a schema it does not know.
    /// </summary>
    public partial class SchemaInfoMarksMigrations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // AppliedAt in UTC ticks, as this model stores DateTimeOffset on SQLite.
            migrationBuilder.Sql("""DELETE FROM "SchemaInfo";""");
            migrationBuilder.Sql("""INSERT INTO "SchemaInfo" ("Id", "Version", "AppliedAt") VALUES (1, 3, CAST(strftime('%s', 'now') AS INTEGER) * 10000000 + 621355968000000000);""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""UPDATE "SchemaInfo" SET "Version" = 2;""");
        }
    }
}
