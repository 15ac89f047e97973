using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Messaging;

internal sealed class MessageDeliveryConfiguration : IEntityTypeConfiguration<MessageDelivery>
{
    public void Configure(EntityTypeBuilder<MessageDelivery> b)
    {
        b.ToTable("message_deliveries");
        b.HasOne<Tenant>().WithMany().HasForeignKey(d => d.TenantId).OnDelete(DeleteBehavior.Cascade);
        // Callbacks find their message by the provider's id.
        b.HasIndex(d => new { d.Provider, d.ProviderMessageId }).IsUnique();
        b.HasIndex(d => new { d.TenantId, d.LeadId, d.CreatedAt });
        b.HasIndex(d => new { d.TenantId, d.Channel, d.Recipient });
        b.Property(d => d.Channel).HasMaxLength(8);
        b.Property(d => d.Kind).HasMaxLength(16);
        b.Property(d => d.Provider).HasMaxLength(16);
        b.Property(d => d.Recipient).HasMaxLength(320);
        b.Property(d => d.Sender).HasMaxLength(320);
        b.Property(d => d.Subject).HasMaxLength(300);
        b.Property(d => d.Encoding).HasMaxLength(8);
        b.Property(d => d.ProviderMessageId).HasMaxLength(100);
        b.Property(d => d.Status).HasMaxLength(16);
        b.Property(d => d.ErrorCode).HasMaxLength(32);
        b.HasIndex(d => d.ResendOf).HasFilter("resend_of IS NOT NULL");
    }
}

internal sealed class ContactConsentConfiguration : IEntityTypeConfiguration<ContactConsent>
{
    public void Configure(EntityTypeBuilder<ContactConsent> b)
    {
        b.ToTable("contact_consents");
        b.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.TenantId, c.Channel, c.Address, c.Id });
        b.Property(c => c.Channel).HasMaxLength(8);
        b.Property(c => c.Status).HasMaxLength(16);
        b.Property(c => c.Address).HasMaxLength(320);
        b.Property(c => c.Source).HasMaxLength(32);
        b.Property(c => c.Detail).HasMaxLength(1600);
    }
}

internal sealed class ProviderEventConfiguration : IEntityTypeConfiguration<ProviderEvent>
{
    public void Configure(EntityTypeBuilder<ProviderEvent> b)
    {
        b.ToTable("provider_events");
        b.HasIndex(e => new { e.Provider, e.EventId }).IsUnique();
        b.Property(e => e.Provider).HasMaxLength(16);
        b.Property(e => e.EventId).HasMaxLength(128);
    }
}

internal sealed class TenantMessagingConfigConfiguration : IEntityTypeConfiguration<TenantMessagingConfig>
{
    public void Configure(EntityTypeBuilder<TenantMessagingConfig> b)
    {
        b.ToTable("tenant_messaging_configs");
        b.HasKey(c => c.TenantId);
        b.HasOne<Tenant>().WithOne().HasForeignKey<TenantMessagingConfig>(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.SmsProvider).HasMaxLength(16);
        b.Property(c => c.EmailProvider).HasMaxLength(16);
        b.Property(c => c.TwilioMessagingServiceSid).HasMaxLength(64);
        b.Property(c => c.EmailFromAddress).HasMaxLength(320);
        b.Property(c => c.EmailFromName).HasMaxLength(200);
    }
}
