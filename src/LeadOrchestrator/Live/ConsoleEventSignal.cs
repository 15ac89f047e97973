using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Live;

/// <summary>
/// Records each save's console events (<see cref="ConsoleEventRecorder"/>) and, once they are committed,
/// wakes this instance's relay, so a console connected here hears of a change in milliseconds; other
/// instances find it at their next poll.
/// </summary>
public sealed class ConsoleEventSignal(TimeProvider time) : CommitSignal(time)
{
    protected override bool Derive(DbContext db, DateTimeOffset now) => ConsoleEventRecorder.Record(db, now);
}
