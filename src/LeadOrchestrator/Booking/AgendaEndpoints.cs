using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Booking.AppointmentConsoleEndpoints;

namespace LeadOrchestrator.Booking;

/// <summary>
/// The shop's agenda and the staff's own bookings: <c>GET /api/console/locations</c>, <c>GET /api/console/agenda</c>
/// (a location's day or week, each appointment in a bay lane), the bookable services, and booking, moving and
/// cancelling for a lead — through the same <see cref="BookingService"/> as the customer's page, so the bay limit,
/// the opening hours, the write-back and the customer's confirmation all hold. Another tenant's ids are 404.
/// </summary>
public static class AgendaEndpoints
{
    public const int MaxDays = 7;

    public sealed record LocationSummary(Guid Id, string Name, string TimeZone, int Bays);

    public sealed record LocationList(IReadOnlyList<LocationSummary> Locations);

    /// <param name="Opens">Local opening time; null when the shop is closed that day.</param>
    public sealed record AgendaDay(DateOnly Date, TimeOnly? Opens, TimeOnly? Closes, string? Note);

    /// <param name="Lane">The bay lane it is drawn in (0-based); null for a cancelled one, which holds no bay.</param>
    public sealed record AgendaItem(StaffAppointmentView Appointment, int? Lane, DateTime LocalEnd);

    public sealed record Agenda(LocationSummary Location, IReadOnlyList<AgendaDay> Days, IReadOnlyList<AgendaItem> Appointments);

    public sealed record BookableService(Guid Id, string Name, int DurationMinutes, string Price);

    public sealed record ServiceList(IReadOnlyList<BookableService> Services);

    public static IEndpointRouteBuilder MapAgendaApi(this IEndpointRouteBuilder app)
    {
        var console = app.MapConsoleApi().RequireStaff();
        console.MapGet("/locations", LocationsAsync).WithName("ListLocations");
        console.MapGet("/agenda", AgendaAsync).WithName("GetAgenda");
        console.MapGet("/services", ServicesAsync).WithName("ListBookableServices");
        var lead = console.MapGroup("/leads/{leadId:guid}");
        lead.MapGet("/slots", LeadSlotsAsync).WithName("ConsoleGetFreeSlots");
        lead.MapPost("/appointments", BookForLeadAsync).WithName("ConsoleBookAppointment");
        console.MapPost("/appointments/{appointmentId:guid}/reschedule", RescheduleAsync).WithName("ConsoleRescheduleAppointment");
        console.MapPost("/appointments/{appointmentId:guid}/cancel", CancelAsync).WithName("ConsoleCancelAppointment");
        return app;
    }

    internal static async Task<Ok<LocationList>> LocationsAsync(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new LocationList(await db.Locations.AsNoTracking().OrderBy(l => l.Name)
            .Select(l => new LocationSummary(l.Id, l.Name, l.TimeZone, l.BayCapacity)).ToListAsync(ct)));

    /// <param name="date">The first local day (default: today at the shop).</param>
    /// <param name="days">1 (a day) to 7 (a week); default 1.</param>
    internal static async Task<Results<Ok<Agenda>, NotFound, ProblemHttpResult>> AgendaAsync(Guid? locationId, DateOnly? date, int? days,
        AppDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (days is < 1 or > MaxDays)
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_days", $"days must be between 1 and {MaxDays}.");
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours)
            .Where(l => locationId == null || l.Id == locationId).OrderBy(l => l.Name).FirstOrDefaultAsync(ct);
        if (location is null)
            return TypedResults.NotFound();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var first = date ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var count = days ?? 1;
        var (from, to) = (Cadence.QuietHours.AtLocal(first, TimeOnly.MinValue, zone), Cadence.QuietHours.AtLocal(first.AddDays(count), TimeOnly.MinValue, zone));
        var rows = await db.Appointments.AsNoTracking().Where(a => a.LocationId == location.Id && a.StartsAt < to && a.EndsAt > from)
            .OrderBy(a => a.StartsAt).ThenBy(a => a.Id).Take(2000).ToListAsync(ct);
        var views = (await ViewsAsync(db, rows, withNotices: false, ct)).ToDictionary(v => v.Id);
        var lanes = Lanes(rows);
        var dayList = Enumerable.Range(0, count).Select(i => first.AddDays(i)).Select(d =>
        {
            var row = AvailabilityEngine.HoursOn(location.Hours, d);
            var opening = AvailabilityEngine.OpeningOn(location.Hours, d);
            return new AgendaDay(d, opening?.Opens, opening?.Closes, row?.Note);
        }).ToList();
        return TypedResults.Ok(new Agenda(new LocationSummary(location.Id, location.Name, location.TimeZone, location.BayCapacity), dayList,
            [.. rows.Select(a => new AgendaItem(views[a.Id], lanes.TryGetValue(a.Id, out var lane) ? lane : null, TimeZoneInfo.ConvertTime(a.EndsAt, zone).DateTime))]));
    }

    /// <summary>
    /// Lanes for drawing bays: each appointment that holds (or held) a bay goes in the first lane free at its start —
    /// interval partitioning, so no two in a lane overlap and, the booking rule holding, the lanes never outnumber the bays.
    /// ShopMonkey does not say which bay a job is in; a lane is where it is drawn, not a promise of a bay.
    /// </summary>
    public static Dictionary<Guid, int> Lanes(IEnumerable<Appointment> appointments)
    {
        var laneEnds = new List<DateTimeOffset>();
        var lanes = new Dictionary<Guid, int>();
        foreach (var a in appointments.Where(a => a.Status != AppointmentStatus.Cancelled).OrderBy(a => a.StartsAt).ThenBy(a => a.Id))
        {
            var lane = laneEnds.FindIndex(end => end <= a.StartsAt);
            if (lane < 0)
            {
                laneEnds.Add(a.EndsAt);
                lane = laneEnds.Count - 1;
            }
            else
                laneEnds[lane] = a.EndsAt;
            lanes[a.Id] = lane;
        }
        return lanes;
    }

    internal static async Task<Results<Ok<ServiceList>, NotFound>> ServicesAsync(Guid? locationId, AppDbContext db, CancellationToken ct)
    {
        if (locationId is { } id && !await db.Locations.AnyAsync(l => l.Id == id, ct))
            return TypedResults.NotFound();
        var services = await db.ServiceCatalog.AsNoTracking()
            .Where(s => s.Active && s.Bookable && (s.LocationId == null || s.LocationId == locationId)).OrderBy(s => s.Name).ToListAsync(ct);
        return TypedResults.Ok(new ServiceList([.. services.Select(s => new BookableService(s.Id, s.Name, s.DurationMinutes, ShopText.Money(s.PriceCents)))]));
    }

    internal static async Task<Results<Ok<BookingEndpoints.SlotsView>, ProblemHttpResult, NotFound>> LeadSlotsAsync(Guid leadId, Guid? serviceId, DateOnly? from, DateOnly? to,
        AppDbContext db, AvailabilityService availability, BookingService booking, CancellationToken ct) =>
        await db.Leads.AnyAsync(l => l.Id == leadId, ct)
            ? await BookingEndpoints.SlotsAsync(leadId, serviceId, from, to, db, availability, booking, ct)
            : TypedResults.NotFound();

    /// <summary>The customer gets the same confirmation as when they book themselves.</summary>
    internal static async Task<Results<Created<BookingEndpoints.AppointmentView>, ProblemHttpResult, NotFound>> BookForLeadAsync(Guid leadId,
        BookingEndpoints.BookRequest request, AppDbContext db, BookingService booking, CancellationToken ct) =>
        await db.Leads.AnyAsync(l => l.Id == leadId, ct)
            ? await BookingEndpoints.BookAsync(leadId, request, db, booking, ct)
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<BookingEndpoints.AppointmentView>, ProblemHttpResult, NotFound>> RescheduleAsync(Guid appointmentId,
        BookingEndpoints.RescheduleRequest request, AppDbContext db, BookingService booking, CancellationToken ct) =>
        await LeadOfAsync(db, appointmentId, ct) is { } leadId
            ? await BookingEndpoints.RescheduleAsync(leadId, appointmentId, request, db, booking, ct)
            : TypedResults.NotFound();

    internal static async Task<Results<Ok<BookingEndpoints.AppointmentView>, ProblemHttpResult, NotFound>> CancelAsync(Guid appointmentId,
        AppDbContext db, BookingService booking, CancellationToken ct) =>
        await LeadOfAsync(db, appointmentId, ct) is { } leadId
            ? await BookingEndpoints.CancelAsync(leadId, appointmentId, db, booking, ct)
            : TypedResults.NotFound();

    private static async Task<Guid?> LeadOfAsync(AppDbContext db, Guid appointmentId, CancellationToken ct) =>
        await db.Appointments.Where(a => a.Id == appointmentId).Select(a => (Guid?)a.LeadId).FirstOrDefaultAsync(ct);
}
