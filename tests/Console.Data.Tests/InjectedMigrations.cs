using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AgvConsole.Data.Tests;

/// <summary>
/// The console's real migrations (found in the provider's migrations assembly as EF Core finds them)
/// plus one migration of the test's own, <typeparamref name="TExtra"/>, after them: how a test puts a
/// failing or a table-rebuilding migration in front of the start-up without touching the real sets.
/// Registered with ReplaceService&lt;IMigrationsAssembly, InjectedMigrations&lt;TExtra&gt;&gt;().
/// </summary>
public sealed class InjectedMigrations<TExtra> : IMigrationsAssembly where TExtra : InjectedMigration
{
    public InjectedMigrations(IDbContextOptions options)
    {
        Assembly = Assembly.Load(new AssemblyName(options.Extensions.OfType<RelationalOptionsExtension>().Single().MigrationsAssembly!));
        var migrations = new SortedDictionary<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var type in Assembly.DefinedTypes.Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(ConsoleDbContext)))
            migrations.Add(type.GetCustomAttribute<MigrationAttribute>()!.Id, type);
        migrations.Add(typeof(TExtra).GetCustomAttribute<MigrationAttribute>()!.Id, typeof(TExtra).GetTypeInfo());
        Migrations = migrations;
        ModelSnapshot = (ModelSnapshot)Activator.CreateInstance(Assembly.DefinedTypes.Single(t => t.IsSubclassOf(typeof(ModelSnapshot))))!;
    }

    public IReadOnlyDictionary<string, TypeInfo> Migrations { get; }
    public ModelSnapshot? ModelSnapshot { get; }
    public Assembly Assembly { get; }

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => id == nameOrId || id.EndsWith("_" + nameOrId, StringComparison.Ordinal));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass)!;
        migration.ActiveProvider = activeProvider;
        if (migration is InjectedMigration injected) injected.Latest = ModelSnapshot!.Model;
        return migration;
    }
}

/// <summary>A migration a test adds after the real ones; its target model is the real latest one (the snapshot's).</summary>
public abstract class InjectedMigration : Migration
{
    public const string FailingId = "29990101000000_FailsHalfWay";

    public IModel? Latest { get; set; }
    public override IModel TargetModel => Latest!;
}

/// <summary>Adds a column and an index, then fails: the start-up must leave none of it behind.</summary>
[DbContext(typeof(ConsoleDbContext)), Migration(FailingId)]
public sealed class FailsHalfWay : InjectedMigration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AddColumn<int>(name: "Probe", table: "Agvs", nullable: true);
        b.CreateIndex(name: "IX_Agvs_Probe", table: "Agvs", column: "Probe");
        b.Sql("""UPDATE "Agvs" SET "Probe" = 1;""");
        b.Sql("SELECT * FROM \"NoSuchTable\";"); // fails on both providers
    }
}

/// <summary>
/// SQLite: changing a column of Maps (a parent of MapNodes and MapEdges) makes EF Core rebuild the
/// table, which it brackets with the foreign-key switch. Run with foreign keys on, dropping Maps
/// would cascade to every node and edge.
/// </summary>
[DbContext(typeof(ConsoleDbContext)), Migration("29990101000001_RebuildsMaps")]
public sealed class RebuildsMaps : InjectedMigration
{
    protected override void Up(MigrationBuilder b) =>
        b.AlterColumn<string>(name: "Building", table: "Maps", type: "TEXT", maxLength: 64, nullable: false, oldClrType: typeof(string), oldType: "TEXT");
}

/// <summary>The same rebuild, then a failure: the rebuild must be rolled back with the rest.</summary>
[DbContext(typeof(ConsoleDbContext)), Migration("29990101000002_RebuildsMapsThenFails")]
public sealed class RebuildsMapsThenFails : InjectedMigration
{
    protected override void Up(MigrationBuilder b)
    {
        b.AlterColumn<string>(name: "Building", table: "Maps", type: "TEXT", maxLength: 64, nullable: false, oldClrType: typeof(string), oldType: "TEXT");
        b.Sql("SELECT * FROM \"NoSuchTable\";");
    }
}

/// <summary>PostgreSQL: CREATE INDEX CONCURRENTLY, which cannot run inside a transaction.</summary>
[DbContext(typeof(ConsoleDbContext)), Migration("29990101000003_IndexesConcurrently")]
public sealed class IndexesConcurrently : InjectedMigration
{
    protected override void Up(MigrationBuilder b) =>
        b.CreateIndex(name: "IX_Agvs_Vendor", table: "Agvs", column: "Vendor").Annotation("Npgsql:CreatedConcurrently", true);
}
