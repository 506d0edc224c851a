using AgvConsole.Data.Entities;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AgvConsole.Data;

/// <summary>The console's database: accounts (ASP.NET Core Identity), AGVs, maps, history, audit, settings.</summary>
public sealed class ConsoleDbContext(DbContextOptions<ConsoleDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
    public DbSet<AgvEntity> Agvs => Set<AgvEntity>();
    public DbSet<MapEntity> Maps => Set<MapEntity>();
    public DbSet<MapNodeEntity> MapNodes => Set<MapNodeEntity>();
    public DbSet<MapEdgeEntity> MapEdges => Set<MapEdgeEntity>();
    public DbSet<StateSampleEntity> StateSamples => Set<StateSampleEntity>();
    public DbSet<AgvEventEntity> AgvEvents => Set<AgvEventEntity>();
    public DbSet<RunDataSampleEntity> RunDataSamples => Set<RunDataSampleEntity>();
    public DbSet<AuditEntity> Audit => Set<AuditEntity>();
    public DbSet<SettingEntity> Settings => Set<SettingEntity>();
    public DbSet<SchemaInfoEntity> SchemaInfo => Set<SchemaInfoEntity>();
    public DbSet<AgvParameterEntity> AgvParameters => Set<AgvParameterEntity>();
    public DbSet<AlarmRuleEntity> AlarmRules => Set<AlarmRuleEntity>();
    public DbSet<AlarmEntity> Alarms => Set<AlarmEntity>();
    public DbSet<NotificationGroupEntity> NotificationGroups => Set<NotificationGroupEntity>();
    public DbSet<OrderEntity> Orders => Set<OrderEntity>();
    public DbSet<OrderEventEntity> OrderEvents => Set<OrderEventEntity>();
    public DbSet<WebhookDeliveryEntity> WebhookDeliveries => Set<WebhookDeliveryEntity>();
    public DbSet<PendingWebhookEntity> PendingWebhooks => Set<PendingWebhookEntity>();
    public DbSet<TypeParameterDefaultEntity> TypeParameterDefaults => Set<TypeParameterDefaultEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ConsoleDbContext).Assembly);
        if (Database.IsSqlite())
        {
            // SQLite cannot order or compare DateTimeOffset; store UTC ticks (sortable, exact).
            var converter = new ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
            var nullable = new ValueConverter<DateTimeOffset?, long?>(v => v.HasValue ? v.Value.UtcTicks : null,
                v => v.HasValue ? new DateTimeOffset(v.Value, TimeSpan.Zero) : null);
            foreach (var entity in builder.Model.GetEntityTypes())
                foreach (var p in entity.GetProperties())
                {
                    if (p.ClrType == typeof(DateTimeOffset)) p.SetValueConverter(converter);
                    else if (p.ClrType == typeof(DateTimeOffset?)) p.SetValueConverter(nullable);
                }
        }
    }
}
