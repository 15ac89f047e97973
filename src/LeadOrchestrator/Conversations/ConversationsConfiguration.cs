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
        b.HasOne<Staff.StaffUser>().WithMany().HasForeignKey(s => s.AssignedToUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Location>().WithMany().HasForeignKey(s => s.LocationId).OnDelete(DeleteBehavior.SetNull);
        // The inbox's parts: handed over and unanswered (a few among many, so partial indexes), then what is recent.
        b.HasIndex(s => new { s.TenantId, s.NeedsStaffAt }).HasDatabaseName("ix_chat_sessions_needs_staff").HasFilter("needs_staff");
        b.HasIndex(s => new { s.TenantId, s.AwaitingReplySince }).HasFilter("awaiting_reply_since IS NOT NULL");
        b.HasIndex(s => new { s.TenantId, s.DoneAt, s.LastMessageAt });
    }
}

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> b)
    {
        b.ToTable("chat_messages");
        b.HasOne<ChatSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.SessionId, m.CreatedAt });
        // "Has the customer written?" (the pipeline's engaged stage), on a key SQLite prefers to the tenant's.
        b.HasIndex(m => new { m.SessionId, m.Role });
        b.HasIndex(m => new { m.TenantId, m.ExternalId }).IsUnique();
        b.Property(m => m.Role).HasMaxLength(16);
        b.Property(m => m.Channel).HasMaxLength(8);
        b.Property(m => m.ExternalId).HasMaxLength(64);
        b.Property(m => m.Provider).HasMaxLength(16);
        b.Property(m => m.Model).HasMaxLength(100);
        b.Property(m => m.CostUsd).HasPrecision(12, 6);
        b.Property(m => m.Status).HasMaxLength(16);
        b.Property(m => m.ReplyState).HasMaxLength(16);
        b.HasOne<Staff.StaffUser>().WithMany().HasForeignKey(m => m.AuthorUserId).OnDelete(DeleteBehavior.SetNull);
        // The rescue of staff texts whose sender stopped looks at staff SMS with a delivery only.
        b.HasIndex(m => m.DeliveryId).HasFilter("delivery_id IS NOT NULL");
        // The SMS reply worker looks only for replies still to send.
        b.HasIndex(m => m.ReplyState).HasFilter("reply_state = 'pending'");
        // ...and for replies whose worker stopped mid-send.
        b.HasIndex(m => m.ReplyUpdatedAt).HasDatabaseName("ix_chat_messages_reply_sending").HasFilter("reply_state = 'sending'");
    }
}

internal sealed class ConversationNoteConfiguration : IEntityTypeConfiguration<ConversationNote>
{
    public void Configure(EntityTypeBuilder<ConversationNote> b)
    {
        b.ToTable("conversation_notes");
        b.HasOne<Tenant>().WithMany().HasForeignKey(n => n.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ChatSession>().WithMany().HasForeignKey(n => n.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Staff.StaffUser>().WithMany().HasForeignKey(n => n.AuthorUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(n => new { n.SessionId, n.CreatedAt });
        b.Property(n => n.Text).HasMaxLength(4000);
    }
}

internal sealed class HandoffConfiguration : IEntityTypeConfiguration<Handoff>
{
    public void Configure(EntityTypeBuilder<Handoff> b)
    {
        b.ToTable("handoffs");
        b.HasOne<Tenant>().WithMany().HasForeignKey(h => h.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ChatSession>().WithMany().HasForeignKey(h => h.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Staff.StaffUser>().WithMany().HasForeignKey(h => h.AcknowledgedByUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Staff.StaffUser>().WithMany().HasForeignKey(h => h.FirstStaffReplyByUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(h => new { h.SessionId, h.RaisedAt });
        b.Property(h => h.Reason).HasMaxLength(200);
    }
}
