using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Booking;

/// <summary>What a booking attempt ended in: the appointment, or why not and what is free instead.</summary>
public sealed record BookingOutcome(Appointment? Appointment, AvailabilityProblem? Problem, IReadOnlyList<Slot> Alternatives)
{
    public const string SlotTaken = "slot_taken";
    public const string AlreadyBooked = "already_booked";
}

/// <summary>
/// Books a slot atomically: inside one transaction, under a lock on the location's day, it recomputes
/// that day's free slots and takes the requested one only if it is still among them — so concurrent
/// bookers on any number of instances never exceed the bays, and the loser gets the next free slots.
/// A booking stops the lead's cadence with reason <c>booked</c>.
/// </summary>
/// <summary>A customer's appointments as the assistant's tools see them: the real ones (<see cref="BookingService"/>), or a rehearsal's.</summary>
public interface ICustomerCalendar
{
    Task<Appointment?> CurrentAsync(Guid leadId, CancellationToken ct);
    Task<BookingOutcome> BookAsync(Guid leadId, Guid serviceId, DateTimeOffset start, CancellationToken ct);
    Task<BookingOutcome> RescheduleAsync(Guid leadId, Guid appointmentId, DateTimeOffset start, CancellationToken ct);
    Task<BookingOutcome> CancelAsync(Guid leadId, Guid appointmentId, CancellationToken ct);
}

public sealed class BookingService(AppDbContext db, AvailabilityService availability, CadenceStopper stopper, BookingSignal signal, TimeProvider time) : ICustomerCalendar
{
    public async Task<BookingOutcome> BookAsync(Guid leadId, Guid serviceId, DateTimeOffset start, CancellationToken ct)
    {
        var lead = await db.Leads.AsNoTracking().FirstAsync(l => l.Id == leadId, ct);
        if (lead.LocationId is not { } locationId)
            return Refused(new("unknown_location", "This shop cannot be booked online."));
        if (await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.LeadId == leadId && Appointment.HoldingStatuses.Contains(a.Status), ct) is { } existing)
            return new BookingOutcome(existing, new(BookingOutcome.AlreadyBooked, "You already have an appointment; reschedule or cancel it instead."), []);
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).FirstOrDefaultAsync(l => l.Id == locationId, ct);
        var service = await db.ServiceCatalog.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId && s.Active && (s.LocationId == null || s.LocationId == locationId), ct);
        if (location is null || service is null)
            return Refused(new("unknown_service", "There is no such service at this shop."));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);

        Appointment? booked;
        AvailabilityProblem? problem;
        try
        {
            (booked, problem) = await TakeSlotAsync(location, service, day, start, ignoring: null, async (slot, c) =>
            {
                var now = time.GetUtcNow();
                var appointment = new Appointment
                {
                    Id = Guid.CreateVersion7(now),
                    TenantId = lead.TenantId,
                    LeadId = leadId,
                    LocationId = locationId,
                    ServiceId = serviceId,
                    StartsAt = slot.Start,
                    EndsAt = slot.End,
                    Status = AppointmentStatus.Booked,
                    SyncState = SyncState.Pending,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                db.Appointments.Add(appointment);
                // The write-back and the messages are committed with the booking: neither can be lost.
                db.AppointmentNotices.AddRange(NoticePlanner.For(appointment, lead, NoticeKind.Confirmation, now, now));
                db.AppointmentNotices.AddRange(NoticePlanner.Reminders(appointment, lead, zone, availability.Options, now));
                await db.SaveChangesAsync(c);
                return (appointment, null);
            }, ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            // The same customer booked another day at the same moment (the check above ran outside any lock).
            return Refused(new(BookingOutcome.AlreadyBooked, "You already have an appointment; reschedule or cancel it instead."));
        }
        if (problem is not null)
            return Refused(problem);
        if (booked is null)
            return await NotFreeAsync(location, service, zone, day, start, ct);
        signal.Notify();
        await stopper.StopAsync(lead.TenantId, leadId, StopReasons.Booked, CancellationToken.None);
        return new BookingOutcome(booked, null, []);
    }

    /// <summary>Moves the lead's appointment to another free slot, atomically like a booking (its own bay counts as free).</summary>
    public async Task<BookingOutcome> RescheduleAsync(Guid leadId, Guid appointmentId, DateTimeOffset start, CancellationToken ct)
    {
        var current = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId && a.LeadId == leadId, ct);
        if (current is null)
            return Refused(new("unknown_appointment", "There is no such appointment."));
        if (!Appointment.HoldingStatuses.Contains(current.Status))
            return Refused(new("not_active", $"This appointment is {EnumNames.Of(current.Status).Replace('_', ' ')}; book a new one instead."));
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).FirstAsync(l => l.Id == current.LocationId, ct);
        var service = await db.ServiceCatalog.AsNoTracking().FirstAsync(s => s.Id == current.ServiceId, ct);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, zone).DateTime);

        var (moved, problem) = await TakeSlotAsync(location, service, day, start, ignoring: current.Id, async (slot, c) =>
        {
            var appointment = await db.Appointments.FirstAsync(a => a.Id == current.Id, c);
            if (!Appointment.HoldingStatuses.Contains(appointment.Status))
                return (null, new("not_active", "This appointment was cancelled meanwhile."));
            var now = time.GetUtcNow();
            (appointment.StartsAt, appointment.EndsAt, appointment.Status, appointment.UpdatedAt) = (slot.Start, slot.End, AppointmentStatus.Rescheduled, now);
            appointment.Sequence++;
            MarkForWriteBack(appointment);
            var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId, c);
            await SkipRemindersAsync(appointment.Id, "moved", c);
            db.AppointmentNotices.AddRange(NoticePlanner.For(appointment, lead, NoticeKind.Rescheduled, now, now));
            db.AppointmentNotices.AddRange(NoticePlanner.Reminders(appointment, lead, zone, availability.Options, now));
            await db.SaveChangesAsync(c);
            return (appointment, null);
        }, ct);
        if (problem is not null)
            return Refused(problem);
        if (moved is null)
            return await NotFreeAsync(location, service, zone, day, start, ct);
        signal.Notify();
        return new BookingOutcome(moved, null, []);
    }

    /// <summary>Cancels the lead's appointment and frees its bay; cancelling twice is the same as once.</summary>
    public async Task<BookingOutcome> CancelAsync(Guid leadId, Guid appointmentId, CancellationToken ct)
    {
        var outcome = await db.RetryOnConflictAsync(async c =>
        {
            var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId && a.LeadId == leadId, c);
            if (appointment is null)
                return Refused(new("unknown_appointment", "There is no such appointment."));
            if (appointment.Status is AppointmentStatus.Completed or AppointmentStatus.NoShow)
                return Refused(new("not_active", $"This appointment is already {EnumNames.Of(appointment.Status).Replace('_', ' ')}."));
            if (appointment.Status != AppointmentStatus.Cancelled)
            {
                var now = time.GetUtcNow();
                (appointment.Status, appointment.UpdatedAt) = (AppointmentStatus.Cancelled, now);
                MarkForWriteBack(appointment);
                var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId, c);
                await db.InTransactionAsync(async t =>
                {
                    await SkipRemindersAsync(appointment.Id, "cancelled", t);
                    db.AppointmentNotices.AddRange(NoticePlanner.For(appointment, lead, NoticeKind.Cancelled, now, now));
                    await db.SaveChangesAsync(t);
                }, c);
            }
            return new BookingOutcome(appointment, null, []);
        }, ct);
        signal.Notify();
        return outcome;
    }

    /// <summary>
    /// Queues the change for ShopMonkey. Marked modified even when it already reads pending: a worker may
    /// have claimed the row since it was loaded, and must see that there is something new to write.
    /// </summary>
    private void MarkForWriteBack(Appointment appointment)
    {
        appointment.SyncState = SyncState.Pending;
        db.Entry(appointment).Property(a => a.SyncState).IsModified = true;
    }

    /// <summary>Reminders of the old time will not go out (the notice worker would skip them too; this keeps the record clear).</summary>
    private Task<int> SkipRemindersAsync(Guid appointmentId, string why, CancellationToken ct) =>
        db.AppointmentNotices.Where(n => n.AppointmentId == appointmentId && n.Status == NoticeStatus.Scheduled && AppointmentNotice.Reminders.Contains(n.Kind))
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.Status, NoticeStatus.Skipped).SetProperty(n => n.Detail, $"the appointment was {why}"), ct);

    /// <summary>The lead's current (booked or rescheduled) appointment, if any.</summary>
    public Task<Appointment?> CurrentAsync(Guid leadId, CancellationToken ct) =>
        db.Appointments.AsNoTracking().Where(a => a.LeadId == leadId && Appointment.HoldingStatuses.Contains(a.Status)).OrderBy(a => a.StartsAt).FirstOrDefaultAsync(ct);

    /// <summary>Not a slot at all (400), or a slot taken meanwhile (409, with the next free times).</summary>
    private async Task<BookingOutcome> NotFreeAsync(Tenants.Location location, Tenants.ServiceCatalogItem service, TimeZoneInfo zone, DateOnly day, DateTimeOffset start, CancellationToken ct)
    {
        var anyDay = AvailabilityEngine.FreeSlots(zone, location.Hours, location.BayCapacity, service.DurationMinutes, availability.Options.For(location), time.GetUtcNow(), day, day, []);
        if (!anyDay.Any(s => s.Start == start))
            return Refused(new("not_a_slot", "That is not a bookable time: outside the shop's hours, too soon, or not a start time we offer."));
        var (next, _) = await availability.FindAsync(location, service, day, day.AddDays(6), ct);
        return new BookingOutcome(null, new(BookingOutcome.SlotTaken, "That time is not free any more; here are the next free times."),
            next?.Slots.Where(s => s.Start >= start).Take(5).ToList() ?? []);
    }

    private static BookingOutcome Refused(AvailabilityProblem problem) => new(null, problem, []);

    /// <summary>
    /// The one way a slot is taken, for a booking and a move alike: under the location-day lock the free
    /// times are computed again, and when <paramref name="start"/> is one of them <paramref name="take"/>
    /// takes it — in one transaction, so two customers never get the same bay-minute, on any number of
    /// instances. <paramref name="ignoring"/> is an appointment whose own bay counts as free (the one being
    /// moved). Neither taken nor refused: the time is not free.
    /// </summary>
    private Task<(Appointment? Taken, AvailabilityProblem? Problem)> TakeSlotAsync(Location location, ServiceCatalogItem service, DateOnly day, DateTimeOffset start,
        Guid? ignoring, Func<Slot, CancellationToken, Task<(Appointment?, AvailabilityProblem?)>> take, CancellationToken ct) =>
        db.InLockedTransactionAsync(c => db.LockLocationDayAsync(location.Id, day, c), async c =>
        {
            var (free, refused) = await availability.FindAsync(location, service, day, day, c, ignoring);
            if (refused is not null)
                return (null, refused);
            return free!.Slots.FirstOrDefault(s => s.Start == start) is { } slot ? await take(slot, c) : (null, null);
        }, ct);
}
