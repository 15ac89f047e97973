using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Booking;

/// <summary>
/// Decides how an appointment ended. ShopMonkey has no attendance flag, but a customer who came in has
/// an order that moved on: authorized into a repair order, invoiced or paid (intake keeps those on the
/// lead). Some hours after the end, an order still an estimate means a no-show — which gets one polite
/// rebooking message. Staff can set either outcome by hand, which wins.
/// </summary>
public sealed class AppointmentOutcomes(AppDbContext db, IOptions<BookingOptions> options, BookingSignal signal, TimeProvider time)
{
    public async Task<bool> JudgeAsync(Guid appointmentId, CancellationToken ct)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        if (appointment is null || !Appointment.HoldingStatuses.Contains(appointment.Status) || appointment.EndsAt + options.Value.OutcomeAfter > time.GetUtcNow())
            return false;
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == appointment.LeadId, ct);
        var came = lead.ConvertedAt is not null || lead.OrderPaid || lead.OrderInvoiced || lead.OrderAuthorized || lead.OrderStatus is "RepairOrder" or "Invoice";
        return await SetAsync(appointmentId, came ? AppointmentStatus.Completed : AppointmentStatus.NoShow, onlyIfHolding: true, ct) is not null;
    }

    /// <summary>Sets completed or no_show; a first no-show plans the rebooking message. Null when not found (or, with <paramref name="onlyIfHolding"/>, already decided).</summary>
    public async Task<Appointment?> SetAsync(Guid appointmentId, AppointmentStatus outcome, bool onlyIfHolding, CancellationToken ct)
    {
        var result = await db.RetryOnConflictAsync(async c =>
        {
            var appointment = await db.Appointments.FirstOrDefaultAsync(a => a.Id == appointmentId, c);
            if (appointment is null || (onlyIfHolding && !Appointment.HoldingStatuses.Contains(appointment.Status)))
                return null;
            if (appointment.Status == outcome)
                return appointment;
            var now = time.GetUtcNow();
            (appointment.Status, appointment.UpdatedAt) = (outcome, now);
            if (outcome == AppointmentStatus.NoShow
                && !await db.AppointmentNotices.AnyAsync(n => n.AppointmentId == appointmentId && n.Kind == NoticeKind.Rebook, c))
            {
                var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == appointment.LeadId, c);
                var location = await db.Locations.AsNoTracking().SingleAsync(l => l.Id == appointment.LocationId, c);
                var due = NoticePlanner.NextAllowed(now, TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone), options.Value);
                db.AppointmentNotices.AddRange(NoticePlanner.For(appointment, lead, NoticeKind.Rebook, due, now));
            }
            await db.SaveChangesAsync(c);
            return appointment;
        }, ct);
        signal.Notify();
        return result;
    }
}
