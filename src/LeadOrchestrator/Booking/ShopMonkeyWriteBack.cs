using LeadOrchestrator.Data;
using LeadOrchestrator.ShopMonkey;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Booking;

/// <summary>
/// Writes an appointment's changes to ShopMonkey — create, move, delete — from the appointment row
/// itself, which is the outbox: every booking change sets <c>sync_state = pending</c> in its own
/// transaction. A worker claims the row (<c>syncing</c> with a lease and one more attempt), calls the
/// API, and records the ShopMonkey id and the outcome. ShopMonkey has no idempotency key, so a create is
/// never simply repeated: once an attempt may have reached it, the next one first searches for the
/// reference we put in the note and adopts what it finds.
/// </summary>
public sealed partial class ShopMonkeyWriteBack(
    AppDbContext db,
    ShopMonkeyClientFactory clients,
    IOptions<BookingOptions> options,
    TimeProvider time,
    ILogger<ShopMonkeyWriteBack> logger)
{
    /// <summary>Put in every note we write; the search before a retried create looks for it.</summary>
    public static string Reference(Guid appointmentId) => $"Ref LO-{appointmentId:N}";

    /// <summary>False when the row was not due or another worker holds it.</summary>
    public async Task<bool> SyncAsync(Guid appointmentId, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var leaseUntil = now + o.WorkerLease;
        // A stale "syncing" (its worker died) is claimable again; its attempt counts, so a create is searched for first.
        var claimed = await db.Appointments
            .Where(a => a.Id == appointmentId && (a.SyncState == SyncState.Pending || a.SyncState == SyncState.Syncing) && (a.NextSyncAt == null || a.NextSyncAt <= now))
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.SyncState, SyncState.Syncing)
                .SetProperty(a => a.NextSyncAt, leaseUntil)
                .SetProperty(a => a.SyncAttempts, a => a.SyncAttempts + 1), ct);
        if (claimed == 0)
            return false;

        var appointment = await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointmentId, ct);
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == appointment.LeadId, ct);
        var location = await db.Locations.AsNoTracking().SingleAsync(l => l.Id == appointment.LocationId, ct);
        var service = await db.ServiceCatalog.AsNoTracking().SingleAsync(s => s.Id == appointment.ServiceId, ct);
        // A sample's or a test lead's order is not ShopMonkey's: the booking stays ours.
        if (lead.IsSample)
        {
            await FinishAsync(appointmentId, null, SyncState.Synced, null, null, ct);
            return true;
        }
        var config = await db.TenantCrmConfigs.AsNoTracking().FirstOrDefaultAsync(ct);
        if (config is null)
        {
            await FinishAsync(appointmentId, null, SyncState.Failed, "No ShopMonkey connection is configured.", null, ct);
            return true;
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var api = clients.Create(config);
        var smId = appointment.ShopMonkeyAppointmentId;
        try
        {
            if (smId is null && appointment.SyncAttempts > 1)
                smId = await FindOursAsync(api, appointment, lead.ShopMonkeyCustomerId, ct);

            if (Appointment.HoldingStatuses.Contains(appointment.Status))
            {
                var start = ShopMonkeyClient.FormatWithOffset(appointment.StartsAt, zone);
                var end = ShopMonkeyClient.FormatWithOffset(appointment.EndsAt, zone);
                var name = $"Online booking: {service.Name}";
                var note = Note(appointment, lead);
                var updated = smId is null ? null : await api.UpdateAppointmentAsync(smId, new SmUpdateAppointment(name, start, end, note), ct);
                if (updated is null)
                {
                    // Never created, or deleted in ShopMonkey meanwhile while ours still stands: (re)create it.
                    smId = null;
                    var created = await api.CreateAppointmentAsync(new SmCreateAppointment(name, "blue", start, end,
                        lead.ShopMonkeyCustomerId, lead.ShopMonkeyVehicleId, lead.ShopMonkeyOrderId, location.ShopMonkeyLocationId, note), ct);
                    smId = created.Id;
                }
            }
            else if (appointment.Status == AppointmentStatus.Cancelled && smId is not null)
            {
                await api.DeleteAppointmentAsync(smId, ct);
            }
            // Completed and no-show are ShopMonkey's own facts; nothing to write.
            await FinishAsync(appointmentId, smId, SyncState.Synced, null, null, ct);
            Log.Synced(logger, appointmentId, appointment.Status, smId ?? "nothing (removed there)");
        }
        catch (ShopMonkeyApiException e)
        {
            var giveUp = e.Failure == ShopMonkeyFailure.Rejected || appointment.SyncAttempts >= o.WriteBackMaxAttempts;
            var backoff = TimeSpan.FromTicks(Math.Min(o.WriteBackRetryMax.Ticks, o.WriteBackRetryBase.Ticks << Math.Min(20, appointment.SyncAttempts - 1)));
            if (e.RetryAfter > backoff)
                backoff = e.RetryAfter.Value;
            await FinishAsync(appointmentId, smId, giveUp ? SyncState.Failed : SyncState.Pending, Trim(e.Message), time.GetUtcNow() + backoff, ct);
            Log.SyncFailed(logger, appointmentId, appointment.SyncAttempts, giveUp, e.Message);
        }
        return true;
    }

    /// <summary>After an attempt whose answer we may have missed: our appointment in ShopMonkey, found by the reference in its note.</summary>
    private async Task<string?> FindOursAsync(ShopMonkeyClient api, Appointment appointment, string? customerId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var from = (appointment.CreatedAt < appointment.StartsAt ? appointment.CreatedAt : appointment.StartsAt).AddDays(-1);
        var to = now + options.Value.Horizon + TimeSpan.FromDays(2);
        var reference = Reference(appointment.Id);
        var found = await api.SearchAppointmentsAsync(from, to > appointment.EndsAt ? to : appointment.EndsAt.AddDays(1), customerId, ct);
        return found.FirstOrDefault(a => a.Note?.Contains(reference, StringComparison.Ordinal) == true)?.Id;
    }

    private static string Note(Appointment appointment, Leads.Lead lead)
    {
        var who = string.Join(' ', new[] { lead.FirstName, lead.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var contact = string.Join(", ", new[] { lead.Phone, lead.Email }.Where(c => c is not null));
        return $"Booked online by the Lead Orchestrator assistant for {(who.Length > 0 ? who : "the customer")}"
            + (contact.Length > 0 ? $" ({contact})" : "")
            + (lead.VehicleDescription is { } vehicle ? $", {vehicle}" : "")
            + $". {Reference(appointment.Id)}";
    }

    /// <summary>
    /// Records the outcome. The ShopMonkey id is kept whatever happened; the state changes only if the row is
    /// still ours — a booking change meanwhile set it back to pending, and then it is due again at once.
    /// </summary>
    private async Task FinishAsync(Guid id, string? smId, SyncState state, string? error, DateTimeOffset? next, CancellationToken ct)
    {
        ct = CancellationToken.None; // the call happened; its result must be written even during shutdown
        if (smId is not null)
            await db.Appointments.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.ShopMonkeyAppointmentId, smId), ct);
        var mine = await db.Appointments.Where(a => a.Id == id && a.SyncState == SyncState.Syncing)
            .ExecuteUpdateAsync(u => u
                .SetProperty(a => a.SyncState, (SyncState?)state)
                .SetProperty(a => a.SyncError, error)
                .SetProperty(a => a.NextSyncAt, state == SyncState.Pending ? next : null)
                .SetProperty(a => a.SyncAttempts, a => state == SyncState.Synced ? 0 : a.SyncAttempts), ct);
        if (mine == 0)
            await db.Appointments.Where(a => a.Id == id && a.SyncState == SyncState.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.NextSyncAt, (DateTimeOffset?)null), ct);
        else if (state is SyncState.Synced or SyncState.Failed)
        {
            // A set-based update is not seen by the live events' recorder: the agenda is told here that the
            // ShopMonkey copy is written (or failed).
            var of = await db.Appointments.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.TenantId, a.LocationId, a.LeadId }).SingleAsync(ct);
            Live.ConsoleEventRecorder.Add(db, Live.ConsoleEventType.AppointmentChanged, of.TenantId, of.LocationId, time.GetUtcNow(), of.LeadId, appointmentId: id);
            await db.SaveChangesAsync(ct);
        }
    }

    private static string Trim(string message) => message.Length <= 500 ? message : message[..497] + "...";

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Appointment {AppointmentId} ({Status}) written to ShopMonkey as {ShopMonkeyId}")]
        public static partial void Synced(ILogger logger, Guid appointmentId, AppointmentStatus status, string shopMonkeyId);

        [LoggerMessage(LogLevel.Warning, "Writing appointment {AppointmentId} to ShopMonkey failed (attempt {Attempt}, giving up: {GaveUp}): {Error}")]
        public static partial void SyncFailed(ILogger logger, Guid appointmentId, int attempt, bool gaveUp, string error);
    }
}
