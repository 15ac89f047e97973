using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Tenants;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.ToTable("tenants");
        b.HasIndex(t => t.Slug).IsUnique();
        b.Property(t => t.Slug).HasMaxLength(64);
        b.Property(t => t.Name).HasMaxLength(200);
    }
}

internal sealed class TenantCrmConfigConfiguration : IEntityTypeConfiguration<TenantCrmConfig>
{
    public void Configure(EntityTypeBuilder<TenantCrmConfig> b)
    {
        b.ToTable("tenant_crm_configs");
        b.HasKey(c => c.TenantId);
        b.HasOne<Tenant>().WithOne().HasForeignKey<TenantCrmConfig>(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.Provider).HasMaxLength(32);
        b.Property(c => c.ApiBaseUrl).HasMaxLength(500);
        // The columns kept their names when their values became sealed.
        b.Property(c => c.ApiKeySealed).HasColumnName("api_key");
        b.Property(c => c.WebhookSecretSealed).HasColumnName("webhook_secret");
    }
}

internal sealed class CrmSyncStateConfiguration : IEntityTypeConfiguration<CrmSyncState>
{
    public void Configure(EntityTypeBuilder<CrmSyncState> b)
    {
        b.ToTable("crm_sync_state");
        b.HasKey(s => s.TenantId);
        b.HasOne<Tenant>().WithOne().HasForeignKey<CrmSyncState>(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.LeaseOwner).HasMaxLength(100);
    }
}

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> b)
    {
        b.ToTable("locations");
        b.HasOne<Tenant>().WithMany().HasForeignKey(l => l.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.ShopMonkeyLocationId).HasColumnName("shopmonkey_location_id").HasMaxLength(64);
        b.HasIndex(l => new { l.TenantId, l.ShopMonkeyLocationId }).IsUnique();
        b.Property(l => l.TimeZone).HasMaxLength(64);
        b.Property(l => l.Country).HasMaxLength(2);
        b.HasMany(l => l.Hours).WithOne().HasForeignKey(h => h.LocationId).OnDelete(DeleteBehavior.Cascade);
        b.Property(l => l.SmsNumber).HasMaxLength(20);
        b.HasIndex(l => l.SmsNumber);
        b.Property(l => l.SmsWindowStart).HasDefaultValue(new TimeOnly(9, 0));
        b.Property(l => l.SmsWindowEnd).HasDefaultValue(new TimeOnly(20, 0));
        b.Property(l => l.BayCapacity).HasDefaultValue(2);
    }
}

internal sealed class LocationHoursConfiguration : IEntityTypeConfiguration<LocationHours>
{
    public void Configure(EntityTypeBuilder<LocationHours> b)
    {
        b.ToTable("location_hours", t =>
        {
            t.HasCheckConstraint("ck_location_hours_weekly_or_dated", "(day_of_week IS NULL) <> (date IS NULL)");
            t.HasCheckConstraint("ck_location_hours_open_and_close", "(opens IS NULL) = (closes IS NULL) AND (opens IS NULL OR opens < closes)");
        });
        b.Property(h => h.DayOfWeek).HasConversion<int?>();
        b.HasIndex(h => new { h.LocationId, h.DayOfWeek, h.Date });
    }
}

internal sealed class ServiceCatalogItemConfiguration : IEntityTypeConfiguration<ServiceCatalogItem>
{
    public void Configure(EntityTypeBuilder<ServiceCatalogItem> b)
    {
        b.ToTable("service_catalog", t => t.HasCheckConstraint("ck_service_catalog_price", "price_cents >= 0 AND duration_minutes >= 0"));
        b.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Location>().WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.SetNull);
        b.Property(s => s.ShopMonkeyCannedServiceId).HasColumnName("shopmonkey_canned_service_id").HasMaxLength(64);
        b.HasIndex(s => new { s.TenantId, s.ShopMonkeyCannedServiceId }).IsUnique();
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Category).HasMaxLength(100);
    }
}
