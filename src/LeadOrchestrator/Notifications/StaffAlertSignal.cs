using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Notifications;

/// <summary>Records each save's staff alerts (<see cref="StaffAlertRecorder"/>) and wakes the alert worker once they are committed.</summary>
public sealed class StaffAlertSignal(TimeProvider time) : CommitSignal(time)
{
    protected override bool Derive(DbContext db, DateTimeOffset now) => StaffAlertRecorder.Record(db, now);
}
