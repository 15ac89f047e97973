using System.Globalization;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Booking;

/// <summary>What happened to a lead's appointments, in words ("Booked Ceramic Tint for Sat Dec 5, 9:00 AM"): the lead's timeline and the conversation's thread tell it the same way.</summary>
public static class AppointmentEvents
{
    public sealed record Happening(DateTimeOffset At, string Summary, string Status);

    public static async Task<List<Happening>> ForLeadAsync(AppDbContext db, Guid leadId, CancellationToken ct)
    {
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.LeadId == leadId)
            .Join(db.ServiceCatalog, a => a.ServiceId, s => s.Id, (a, s) => new { a.CreatedAt, a.UpdatedAt, a.StartsAt, a.Status, Service = s.Name, a.LocationId })
            .ToListAsync(ct);
        if (appointments.Count == 0)
            return [];
        var shops = appointments.Select(a => a.LocationId).Distinct().ToList();
        var zones = await db.Locations.AsNoTracking().Where(l => shops.Contains(l.Id)).Select(l => new { l.Id, l.TimeZone })
            .ToDictionaryAsync(l => l.Id, l => TimeZoneInfo.FindSystemTimeZoneById(l.TimeZone), ct);
        var events = new List<Happening>();
        foreach (var a in appointments)
        {
            var when = TimeZoneInfo.ConvertTime(a.StartsAt, zones[a.LocationId]).ToString("ddd MMM d, h:mm tt", CultureInfo.InvariantCulture);
            events.Add(new(a.CreatedAt, $"Booked {a.Service} for {when}", "booked"));
            if (a.Status != AppointmentStatus.Booked)
                events.Add(new(a.UpdatedAt, a.Status switch
                {
                    AppointmentStatus.Rescheduled => $"Moved to {when}",
                    AppointmentStatus.Cancelled => $"Appointment for {when} cancelled",
                    AppointmentStatus.Completed => "Came in for the appointment",
                    _ => "Did not show up for the appointment",
                }, EnumNames.Of(a.Status)));
        }
        return events;
    }
}
