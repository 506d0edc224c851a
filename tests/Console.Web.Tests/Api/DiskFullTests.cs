using System.Data.Common;
using System.Net.Http.Json;
using System.Text.Json;
using AgvConsole.Data;
using AgvConsole.Data.Stores;
using AgvConsole.Fleet.Alarms;
using AgvConsole.Fleet.Live;
using AgvConsole.Tests;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AgvConsole.Web.Tests.Api;

/// <summary>
/// The disk under the database fills up while AGVs report: every write fails with SQLite's
/// "database or disk is full", history, alarms and all. The live side must go
/// on, the console must raise an alarm about it (shown and listed although it cannot be stored),
/// and once the disk has room again every history record taken meanwhile is written and the
/// alarm is stored and clears.
/// </summary>
public sealed class DiskFullTests
{
    [Fact]
    public async Task A_full_disk_under_the_history_writer_is_an_alarm_and_loses_nothing()
    {
        var disk = new SqliteDisk();
        await using var factory = new DiskFactory(disk);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ConsoleFactory.ApiKey);
        var services = factory.Services;
        var registry = services.GetRequiredService<FleetRegistry>();
        var history = services.GetRequiredService<HistoryWriter>();
        var engine = services.GetRequiredService<AlarmEngine>();

        await Wait.Until(() => registry.All.Count(v => v.Online) == 2 && history.Written > 0, 30, "two AGVs online and history written");
        var agv = registry.All.First(v => v.Online);

        disk.Full = true;
        Alarm? alarm = null;
        await Wait.Until(() => (alarm = engine.Active.FirstOrDefault(a => a.Source == AlarmSource.HistoryWrite)) is not null, 30, () => $"the history alarm (history: {history.Pending} pending, {history.Written} written, error {history.LastError ?? "none"}; rules {string.Join(", ", engine.Rules.Select(r => r.Source))})");
        Assert.True(alarm!.IsConsole);
        Assert.Equal(0, alarm.Id); // announced although the database cannot take it
        Assert.Contains("full", alarm.Text);

        // The live side goes on: reports keep arriving while history waits in memory.
        var before = agv.LastReportAt;
        var pendingBefore = history.Pending;
        await Task.Delay(1500);
        Assert.True(agv.LastReportAt > before, "state reports stopped while the disk was full");
        Assert.True(history.Pending > pendingBefore, $"history was not taken while the disk was full ({history.Pending} pending)");

        // A business system sees the alarm too.
        var listed = await client.GetFromJsonAsync<JsonElement[]>("/api/v1/alarms?active=true");
        Assert.Contains(listed!, a => a.GetProperty("rule").GetString() == alarm.RuleName && a.GetProperty("serial").GetString() == "" && a.GetProperty("id").GetInt64() == 0);

        disk.Full = false;
        await Wait.Until(() => history.Pending == 0 && history.LastError is null, 40, "the backlog written once the disk had room");
        await Wait.Until(() => alarm.Id > 0, 10, "the alarm stored");
        await Wait.Until(() => !alarm.Active, 30, "the alarm cleared once history is written again");

        // Nothing taken was lost: every record counted as written is in the database.
        long written = history.Written;
        await using var db = await services.GetRequiredService<IDbContextFactory<ConsoleDbContext>>().CreateDbContextAsync();
        long rows = await db.StateSamples.LongCountAsync() + await db.AgvEvents.LongCountAsync() + await db.RunDataSamples.LongCountAsync();
        Assert.True(rows >= written, $"{written} records written, {rows} rows");
        var stored = await db.Alarms.SingleAsync(a => a.Id == alarm.Id);
        Assert.False(stored.Active);
        Assert.Equal("", stored.Serial);
    }

    /// <summary>
    /// While "full", every statement that would write fails as SQLite fails it on a full disk
    /// (SQLITE_FULL, error 13, the same exception type and text); reads go on. (SQLite's own
    /// <c>max_page_count</c> limit gives the same error but only once the file must grow, which at
    /// a test's pace of history takes minutes.)
    /// </summary>
    private sealed class SqliteDisk : DbCommandInterceptor
    {
        public volatile bool Full;

        private void Check(DbCommand command)
        {
            if (!Full) return;
            var sql = command.CommandText.TrimStart();
            if (sql.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || sql.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) ||
                sql.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
                throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13);
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken ct = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Check(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
        {
            Check(command);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class DiskFactory(SqliteDisk disk) : ConsoleFactory(simulatedAgvs: 2)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<IInterceptor>(disk));
        }
    }
}
