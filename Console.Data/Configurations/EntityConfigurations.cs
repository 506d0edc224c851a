using AgvConsole.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AgvConsole.Data.Configurations;

internal sealed class AgvEntityTypeConfiguration : IEntityTypeConfiguration<AgvEntity>
{
    public void Configure(EntityTypeBuilder<AgvEntity> b)
    {
        b.ToTable("Agvs");
        b.HasKey(x => x.Serial);
        b.Property(x => x.Serial).HasMaxLength(255);
        b.HasIndex(x => x.AgvId).IsUnique();
        b.Property(x => x.PublicKey).HasMaxLength(130);
    }
}

internal sealed class MapEntityTypeConfiguration : IEntityTypeConfiguration<MapEntity>
{
    public void Configure(EntityTypeBuilder<MapEntity> b)
    {
        b.ToTable("Maps");
        b.HasKey(x => x.MapId);
        b.Property(x => x.MapId).ValueGeneratedNever();
        b.HasMany(x => x.Nodes).WithOne().HasForeignKey(n => n.MapId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Edges).WithOne().HasForeignKey(e => e.MapId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class MapNodeEntityTypeConfiguration : IEntityTypeConfiguration<MapNodeEntity>
{
    public void Configure(EntityTypeBuilder<MapNodeEntity> b)
    {
        b.ToTable("MapNodes");
        b.HasKey(x => new { x.MapId, x.NodeId });
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.Name).HasMaxLength(64);
    }
}

internal sealed class MapEdgeEntityTypeConfiguration : IEntityTypeConfiguration<MapEdgeEntity>
{
    public void Configure(EntityTypeBuilder<MapEdgeEntity> b)
    {
        b.ToTable("MapEdges");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.MapId, x.From, x.To }).IsUnique();
    }
}

internal sealed class StateSampleEntityTypeConfiguration : IEntityTypeConfiguration<StateSampleEntity>
{
    public void Configure(EntityTypeBuilder<StateSampleEntity> b)
    {
        b.ToTable("StateSamples");
        b.HasIndex(x => new { x.Serial, x.At });
    }
}

internal sealed class AgvEventEntityTypeConfiguration : IEntityTypeConfiguration<AgvEventEntity>
{
    public void Configure(EntityTypeBuilder<AgvEventEntity> b)
    {
        b.ToTable("AgvEvents");
        b.HasIndex(x => new { x.Serial, x.At });
    }
}

internal sealed class RunDataSampleEntityTypeConfiguration : IEntityTypeConfiguration<RunDataSampleEntity>
{
    public void Configure(EntityTypeBuilder<RunDataSampleEntity> b)
    {
        b.ToTable("RunDataSamples");
        b.HasIndex(x => new { x.Serial, x.At });
    }
}

internal sealed class AuditEntityTypeConfiguration : IEntityTypeConfiguration<AuditEntity>
{
    public void Configure(EntityTypeBuilder<AuditEntity> b)
    {
        b.ToTable("AuditLog");
        b.HasIndex(x => x.At);
    }
}

internal sealed class SettingEntityTypeConfiguration : IEntityTypeConfiguration<SettingEntity>
{
    public void Configure(EntityTypeBuilder<SettingEntity> b)
    {
        b.ToTable("Settings");
        b.HasKey(x => x.Key);
    }
}

internal sealed class SchemaInfoEntityTypeConfiguration : IEntityTypeConfiguration<SchemaInfoEntity>
{
    public void Configure(EntityTypeBuilder<SchemaInfoEntity> b)
    {
        b.ToTable("SchemaInfo");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
    }
}

internal sealed class AgvParameterEntityTypeConfiguration : IEntityTypeConfiguration<AgvParameterEntity>
{
    public void Configure(EntityTypeBuilder<AgvParameterEntity> b)
    {
        b.ToTable("AgvParameters");
        b.HasKey(x => new { x.Serial, x.ParamId });
    }
}

internal sealed class TypeParameterDefaultEntityTypeConfiguration : IEntityTypeConfiguration<TypeParameterDefaultEntity>
{
    public void Configure(EntityTypeBuilder<TypeParameterDefaultEntity> b)
    {
        b.ToTable("TypeParameterDefaults");
        b.HasKey(x => new { x.AgvType, x.ParamId });
    }
}

internal sealed class AlarmRuleEntityTypeConfiguration : IEntityTypeConfiguration<AlarmRuleEntity>
{
    public void Configure(EntityTypeBuilder<AlarmRuleEntity> b) => b.ToTable("AlarmRules");
}

internal sealed class AlarmEntityTypeConfiguration : IEntityTypeConfiguration<AlarmEntity>
{
    public void Configure(EntityTypeBuilder<AlarmEntity> b)
    {
        b.ToTable("Alarms");
        b.HasIndex(x => x.Active);
        b.HasIndex(x => new { x.Serial, x.RaisedAt });
        b.HasIndex(x => x.RaisedAt);
    }
}

internal sealed class NotificationGroupEntityTypeConfiguration : IEntityTypeConfiguration<NotificationGroupEntity>
{
    public void Configure(EntityTypeBuilder<NotificationGroupEntity> b) => b.ToTable("NotificationGroups");
}

internal sealed class WebhookDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<WebhookDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<WebhookDeliveryEntity> b)
    {
        b.ToTable("WebhookDeliveries");
        b.HasIndex(x => x.At);
    }
}

internal sealed class OrderEntityTypeConfiguration : IEntityTypeConfiguration<OrderEntity>
{
    public void Configure(EntityTypeBuilder<OrderEntity> b)
    {
        b.ToTable("Orders");
        b.HasIndex(x => x.Status);
        b.HasIndex(x => x.CreatedAt);
    }
}

internal sealed class OrderEventEntityTypeConfiguration : IEntityTypeConfiguration<OrderEventEntity>
{
    public void Configure(EntityTypeBuilder<OrderEventEntity> b)
    {
        b.ToTable("OrderEvents");
        // Orders are never deleted; the key keeps a timeline from pointing at nothing.
        b.HasOne<OrderEntity>().WithMany().HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.OrderId, x.At });
        b.HasIndex(x => new { x.Kind, x.At }); // the overview's "assigned since"
        b.Property(x => x.Kind).HasMaxLength(32);
        b.Property(x => x.AgvSerial).HasMaxLength(255);
        b.Property(x => x.By).HasMaxLength(AgvConsole.Fleet.Orders.OrderEvent.MaxTextChars);
        b.Property(x => x.Detail).HasMaxLength(AgvConsole.Fleet.Orders.OrderEvent.MaxTextChars);
    }
}

internal sealed class PendingWebhookEntityTypeConfiguration : IEntityTypeConfiguration<PendingWebhookEntity>
{
    public void Configure(EntityTypeBuilder<PendingWebhookEntity> b)
    {
        b.ToTable("PendingWebhooks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasMaxLength(16);
        b.Property(x => x.Url).HasMaxLength(2048);
        b.Property(x => x.GroupName).HasMaxLength(200);
        b.Property(x => x.Change).HasMaxLength(32);
        b.HasIndex(x => x.CreatedAt);
    }
}
