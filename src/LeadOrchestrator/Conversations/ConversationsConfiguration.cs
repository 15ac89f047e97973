using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Conversations;

internal sealed class ChatSessionConfiguration : IEntityTypeConfiguration<ChatSession>
{
    public void Configure(EntityTypeBuilder<ChatSession> b)
    {
        b.ToTable("chat_sessions");
        b.HasOne<Tenant>().WithMany().HasForeignKey(s => s.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Lead>().WithMany().HasForeignKey(s => s.LeadId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.LeadId).IsUnique();
        b.HasIndex(s => new { s.TenantId, s.ContactPhone });
        b.Property(s => s.ContactPhone).HasMaxLength(20);
        b.Property(s => s.AssistantArm).HasMaxLength(16);
        b.Property(s => s.NeedsStaffReason).HasMaxLength(200);
    }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> b)
    {
        b.ToTable("chat_messages");
        b.HasOne<ChatSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.SessionId, m.CreatedAt });
        b.HasIndex(m => new { m.TenantId, m.ExternalId }).IsUnique();
        b.Property(m => m.Role).HasMaxLength(16);
        b.Property(m => m.Channel).HasMaxLength(8);
        b.Property(m => m.ExternalId).HasMaxLength(64);
        b.Property(m => m.Provider).HasMaxLength(16);
        b.Property(m => m.Model).HasMaxLength(100);
        b.Property(m => m.CostUsd).HasPrecision(12, 6);
        b.Property(m => m.Status).HasMaxLength(16);
        b.Property(m => m.ReplyState).HasMaxLength(16);
        // The SMS reply worker looks only for replies still to send.
        b.HasIndex(m => m.ReplyState).HasFilter("reply_state = 'pending'");
        // ...and for replies whose worker stopped mid-send.
        b.HasIndex(m => m.ReplyUpdatedAt).HasDatabaseName("ix_chat_messages_reply_sending").HasFilter("reply_state = 'sending'");
    }
}
