using LeadOrchestrator.Booking;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Notifications;

/// <summary>
/// Derives staff alerts from what a save changes, as <see cref="Live.ConsoleEventRecorder"/> does for the
/// console's events: a handoff raised; an appointment booked, moved or cancelled, whoever did it (the
/// customer on the chat page, the assistant, a text, a colleague in the console). No path that books or
/// raises a handoff has to remember to alert anyone, and none can alert for a change that did not commit.
/// </summary>
public static class StaffAlertRecorder
{
    public static bool Record(DbContext db, DateTimeOffset now)
    {
        // A save tried again must not alert twice.
        foreach (var stale in db.ChangeTracker.Entries<StaffAlert>().Where(e => e is { State: EntityState.Added, Entity.Derived: true }).ToList())
            stale.State = EntityState.Detached;
        var actor = (db as AppDbContext)?.Tenant.ActingUserId;
        var samples = db.ChangeTracker.Entries<Lead>().Where(e => e.Entity.IsSample).Select(e => e.Entity.Id).ToHashSet();
        var alerts = new List<StaffAlert>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case Handoff handoff when entry.State == EntityState.Added && !(handoff.LeadId is { } l && samples.Contains(l)):
                    var raised = New(StaffAlertKind.Handoff, handoff.TenantId, handoff.LocationId, handoff.LeadId, now, actor: null);
                    (raised.ConversationId, raised.HandoffId) = (handoff.SessionId, handoff.Id);
                    alerts.Add(raised);
                    break;
                case Appointment appointment when !samples.Contains(appointment.LeadId) && Change(entry, appointment) is { } kind:
                    var alert = New(kind, appointment.TenantId, appointment.LocationId, appointment.LeadId, now, actor);
                    alert.AppointmentId = appointment.Id;
                    alerts.Add(alert);
                    break;
            }
        }
        foreach (var alert in alerts)
            alert.Derived = true;
        db.Set<StaffAlert>().AddRange(alerts);
        return alerts.Count > 0;
    }

    private static StaffAlertKind? Change(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, Appointment appointment) =>
        AppointmentChanges.Of(entry.Context.Entry(appointment)) switch
        {
            AppointmentChange.Booked => StaffAlertKind.AppointmentBooked,
            AppointmentChange.Moved => StaffAlertKind.AppointmentMoved,
            AppointmentChange.Cancelled => StaffAlertKind.AppointmentCancelled,
            _ => null,
        };

    private static StaffAlert New(StaffAlertKind kind, Guid tenantId, Guid? locationId, Guid? leadId, DateTimeOffset now, Guid? actor) => new()
    {
        Id = Guid.CreateVersion7(now), TenantId = tenantId, LocationId = locationId, Kind = kind, LeadId = leadId, ActorUserId = actor,
        CreatedAt = now, DueAt = now,
    };
}
