using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace AgvConsole.Data.Schema;

/// <summary>
/// EF Core's SQLite migration SQL, fit for the console's single start-up transaction.
/// </summary>
/// <remarks>
/// SQLite runs DDL inside a transaction, with one exception EF Core works around: a table
/// rebuild (how SQLite changes a column, a key or a foreign key) must run with foreign keys off,
/// and <c>PRAGMA foreign_keys</c> is a no-op inside a transaction, so EF emits it as a
/// transaction-suppressed command, which EF refuses inside a caller's transaction. The console's
/// start-up instead turns foreign keys off before its transaction, runs every migration,
/// checks <c>PRAGMA foreign_key_check</c> before committing and turns them on again
/// (<see cref="DatabaseInitializer"/>): the pragma commands here are dropped. Any other
/// transaction-suppressed command is left in, so EF refuses it and nothing is applied.
/// Registered only for the console's own start-up (<see cref="ConsoleDatabase.UseConsoleSqlite"/>),
/// never for the design-time tools, whose scripts keep EF's pragmas.
/// </remarks>
public sealed class SingleTransactionSqliteMigrationsSqlGenerator(
    MigrationsSqlGeneratorDependencies dependencies, IRelationalAnnotationProvider migrationsAnnotations)
    : SqliteMigrationsSqlGenerator(dependencies, migrationsAnnotations)
{
    public override IReadOnlyList<MigrationCommand> Generate(
        IReadOnlyList<MigrationOperation> operations, IModel? model = null, MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default) =>
        base.Generate(operations, model, options).Where(c => !IsForeignKeySwitch(c)).ToList();

    private static bool IsForeignKeySwitch(MigrationCommand c) =>
        c.TransactionSuppressed && c.CommandText.Trim().TrimEnd(';').Replace(" ", "") is "PRAGMAforeign_keys=0" or "PRAGMAforeign_keys=1";
}
