using LeadOrchestrator.Booking;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Live;

/// <summary>
/// Derives the console's events from what a save changes, so no feature has to remember to announce
/// its changes and none can announce a change that did not commit: a new lead, a new message, a
/// conversation whose state moved, an appointment booked or changed. Set-based updates
/// (<c>ExecuteUpdate</c>) bypass it; the few that staff should see add theirs with <see cref="Add"/>.
/// </summary>
public static class ConsoleEventRecorder
{
    /// <summary>Adds the events of the tracked changes of <paramref name="db"/>; returns whether the save will write any.</summary>
    public static bool Record(DbContext db, DateTimeOffset now)
    {
        // A save that failed and is tried again must not report its changes twice (events added by hand stay).
        foreach (var stale in db.ChangeTracker.Entries<ConsoleEvent>().Where(e => e is { State: EntityState.Added, Entity.Derived: true }).ToList())
            stale.State = EntityState.Detached;
        var entries = db.ChangeTracker.Entries().ToList();

        var events = new List<ConsoleEvent>();
        var messagedSessions = new HashSet<Guid>();
        var sessions = entries.Where(e => e.Entity is ChatSession).ToDictionary(e => ((ChatSession)e.Entity).Id, e => (ChatSession)e.Entity);
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case Lead lead when entry.State is EntityState.Added:
                    events.Add(New(ConsoleEventType.LeadCreated, lead.TenantId, lead.LocationId, now, lead.Id));
                    break;
                case Lead lead when entry.State is EntityState.Modified:
                    events.Add(New(ConsoleEventType.LeadUpdated, lead.TenantId, lead.LocationId, now, lead.Id));
                    break;
                case ChatMessage message when entry.State is EntityState.Added:
                    messagedSessions.Add(message.SessionId);
                    var of = sessions.GetValueOrDefault(message.SessionId);
                    var created = New(ConsoleEventType.MessageCreated, message.TenantId, of?.LocationId, now, message.LeadId ?? of?.LeadId, message.SessionId);
                    created.MessageId = message.Id;
                    created.Role = message.Role;
                    events.Add(created);
                    break;
                case ConversationNote note when entry.State is EntityState.Added:
                    messagedSessions.Add(note.SessionId);
                    var noted = sessions.GetValueOrDefault(note.SessionId);
                    events.Add(New(ConsoleEventType.ConversationUpdated, note.TenantId, noted?.LocationId, now, noted?.LeadId, note.SessionId));
                    break;
                case Appointment appointment when entry.State is EntityState.Added or EntityState.Modified:
                    var changed = New(ConsoleEventType.AppointmentChanged, appointment.TenantId, appointment.LocationId, now, appointment.LeadId);
                    changed.AppointmentId = appointment.Id;
                    // What the console tells of (a desktop alert, the tab's badge), and who did it (not told of their own change).
                    changed.Change = AppointmentChanges.Of(db.Entry(appointment));
                    changed.UserId = changed.Change is null ? null : (db as AppDbContext)?.Tenant.ActingUserId;
                    events.Add(changed);
                    break;
            }
        }

        foreach (var entry in entries.Where(e => e is { Entity: ChatSession, State: EntityState.Added or EntityState.Modified }))
        {
            var session = (ChatSession)entry.Entity;
            var becameNeedsStaff = session.NeedsStaff && (entry.State is EntityState.Added || !(bool)entry.Property(nameof(ChatSession.NeedsStaff)).OriginalValue!);
            if (becameNeedsStaff)
                events.Add(New(ConsoleEventType.ConversationNeedsStaff, session.TenantId, session.LocationId, now, session.LeadId, session.Id));
            // A new message already says the conversation changed (its time, who waits).
            else if (!messagedSessions.Contains(session.Id))
                events.Add(New(ConsoleEventType.ConversationUpdated, session.TenantId, session.LocationId, now, session.LeadId, session.Id));
        }

        foreach (var e in events)
            e.Derived = true;
        db.Set<ConsoleEvent>().AddRange(events);
        return events.Count > 0 || entries.Any(e => e is { Entity: ConsoleEvent, State: EntityState.Added });
    }

    /// <summary>An event for a change made without tracking (a set-based update); saved with the next save of <paramref name="db"/>.</summary>
    public static ConsoleEvent Add(DbContext db, ConsoleEventType type, Guid tenantId, Guid? locationId, DateTimeOffset now, Guid? leadId = null,
        Guid? conversationId = null, Guid? appointmentId = null)
    {
        var e = New(type, tenantId, locationId, now, leadId, conversationId);
        e.AppointmentId = appointmentId;
        db.Set<ConsoleEvent>().Add(e);
        return e;
    }

    private static ConsoleEvent New(ConsoleEventType type, Guid tenantId, Guid? locationId, DateTimeOffset now, Guid? leadId, Guid? conversationId = null) =>
        new() { Type = type, TenantId = tenantId, LocationId = locationId, At = now, LeadId = leadId, ConversationId = conversationId };
}
