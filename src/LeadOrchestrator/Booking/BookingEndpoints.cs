using LeadOrchestrator.Chat;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Booking;

/// <summary>Booking for the chat page: <c>GET /api/chat/{leadId}/slots?serviceId=&amp;from=&amp;to=</c> (chat token auth).</summary>
public static class BookingEndpoints
{
    public sealed record ServiceView(Guid Id, string Name, int DurationMinutes, string Price);

    public sealed record SlotView(DateTimeOffset Start, DateTimeOffset End, DateTime Local, string Label);

    public sealed record SlotsView(ServiceView Service, string TimeZone, IReadOnlyList<SlotView> Slots);

    public sealed record BookRequest(Guid? ServiceId, DateTimeOffset? Start);

    public sealed record RescheduleRequest(DateTimeOffset? Start);

    public sealed record AppointmentView(Guid Id, Guid ServiceId, DateTimeOffset Start, DateTimeOffset End, DateTime Local, string Label, AppointmentStatus Status);

    public static IEndpointRouteBuilder MapBookingApi(this IEndpointRouteBuilder app)
    {
        var booking = app.MapCustomerApi().WithTags("Booking");
        booking.MapGet("/slots", SlotsAsync).WithName("GetFreeSlots");
        booking.MapPost("/appointments", BookAsync).WithName("BookAppointment");
        booking.MapPost("/appointments/{appointmentId:guid}/reschedule", RescheduleAsync).WithName("RescheduleAppointment");
        booking.MapPost("/appointments/{appointmentId:guid}/cancel", CancelAsync).WithName("CancelAppointment");
        booking.MapGet("/appointments", ListAsync).WithName("ListLeadAppointments");
        booking.MapGet("/appointments/{appointmentId:guid}/calendar.ics", CalendarAsync).WithName("AppointmentCalendar")
            .WithMetadata(new TokenInQueryAllowed());
        return app;
    }

    internal static async Task<Ok<List<AppointmentView>>> ListAsync(Guid leadId, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await LoadAppointmentsAsync(db, leadId, ct));

    /// <summary>The lead's appointments, latest first (the chat page's confirmation card).</summary>
    public static async Task<List<AppointmentView>> LoadAppointmentsAsync(AppDbContext db, Guid leadId, CancellationToken ct)
    {
        var appointments = await db.Appointments.AsNoTracking().Where(a => a.LeadId == leadId).OrderByDescending(a => a.StartsAt).Take(20).ToListAsync(ct);
        if (appointments.Count == 0)
            return [];
        // Only the shops these are at: a franchise tenant has hundreds.
        var shops = appointments.Select(a => a.LocationId).Distinct().ToList();
        var zones = await db.Locations.AsNoTracking().Where(l => shops.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.TimeZone, ct);
        return [.. appointments.Select(a => View(a, zones[a.LocationId]))];
    }

    /// <summary>The same .ics the confirmation email carries ("add to calendar"); the token may be in the query, as for a plain link.</summary>
    internal static async Task<Results<FileContentHttpResult, NotFound>> CalendarAsync(Guid leadId, Guid appointmentId, AppDbContext db,
        Links.LeadLinks links, TimeProvider time, CancellationToken ct)
    {
        var appointment = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId && a.LeadId == leadId, ct);
        if (appointment is null)
            return TypedResults.NotFound();
        var facts = new AppointmentFacts(appointment,
            await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId, ct),
            await db.Locations.AsNoTracking().SingleAsync(l => l.Id == appointment.LocationId, ct),
            await db.ServiceCatalog.AsNoTracking().SingleAsync(s => s.Id == appointment.ServiceId, ct),
            await links.ChatAsync(leadId, ct));
        var file = AppointmentMessages.CalendarAttachment(facts, time.GetUtcNow());
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Content), file.ContentType, file.FileName);
    }

    /// <summary>
    /// Free times. A lead holds at most one appointment, so one who has it can only move it: its own bay
    /// counts as free, as when the move is made.
    /// </summary>
    internal static async Task<Results<Ok<SlotsView>, ProblemHttpResult, NotFound>> SlotsAsync(Guid leadId, Guid? serviceId, DateOnly? from, DateOnly? to,
        AppDbContext db, AvailabilityService availability, BookingService booking, CancellationToken ct)
    {
        if (serviceId is null)
            return Problem("missing_service", "Choose a service (serviceId).");
        var locationId = await db.Leads.Where(l => l.Id == leadId).Select(l => l.LocationId).FirstOrDefaultAsync(ct);
        if (locationId is null)
            return TypedResults.NotFound();
        var current = await booking.CurrentAsync(leadId, ct);
        var (result, problem) = await availability.FindAsync(locationId.Value, serviceId.Value, from, to, ct, current?.Id);
        if (problem is not null)
            return Problem(problem.Code, problem.Message);
        var service = result!.Service;
        return TypedResults.Ok(new SlotsView(new ServiceView(service.Id, service.Name, service.DurationMinutes, ShopText.Money(service.PriceCents)),
            result.Location.TimeZone, [.. result.Slots.Select(s => new SlotView(s.Start, s.End, s.Local, s.Label))]));
    }

    /// <summary>201 with the appointment, or the refusal (see <see cref="Refusal"/>).</summary>
    internal static async Task<Results<Created<AppointmentView>, ProblemHttpResult, NotFound>> BookAsync(Guid leadId, BookRequest request,
        AppDbContext db, BookingService booking, CancellationToken ct)
    {
        if (request.ServiceId is null || request.Start is null)
            return Problem("missing_fields", "Choose a service (serviceId) and a free time (start).");
        var outcome = await booking.BookAsync(leadId, request.ServiceId.Value, request.Start.Value, ct);
        if (outcome.Problem is not null)
            return Refusal(outcome);
        var view = await ViewAsync(db, outcome.Appointment!, ct);
        return TypedResults.Created($"/api/chat/{leadId}/appointments/{view.Id}", view);
    }

    internal static async Task<Results<Ok<AppointmentView>, ProblemHttpResult, NotFound>> RescheduleAsync(Guid leadId, Guid appointmentId, RescheduleRequest request,
        AppDbContext db, BookingService booking, CancellationToken ct)
    {
        if (request.Start is null)
            return Problem("missing_fields", "Choose a free time (start).");
        var outcome = await booking.RescheduleAsync(leadId, appointmentId, request.Start.Value, ct);
        return outcome.Problem is { Code: "unknown_appointment" } ? TypedResults.NotFound()
            : outcome.Problem is not null ? Refusal(outcome)
            : TypedResults.Ok(await ViewAsync(db, outcome.Appointment!, ct));
    }

    internal static async Task<Results<Ok<AppointmentView>, ProblemHttpResult, NotFound>> CancelAsync(Guid leadId, Guid appointmentId,
        AppDbContext db, BookingService booking, CancellationToken ct)
    {
        var outcome = await booking.CancelAsync(leadId, appointmentId, ct);
        return outcome.Problem is { Code: "unknown_appointment" } ? TypedResults.NotFound()
            : outcome.Problem is not null ? Refusal(outcome)
            : TypedResults.Ok(await ViewAsync(db, outcome.Appointment!, ct));
    }

    /// <summary>409 when the slot was taken meanwhile (with the next free slots) or the lead already has one; 400 otherwise.</summary>
    private static ProblemHttpResult Refusal(BookingOutcome outcome)
    {
        var problem = outcome.Problem!;
        var conflict = problem.Code is BookingOutcome.SlotTaken or BookingOutcome.AlreadyBooked;
        return Problems.Refused(conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest, problem.Code, problem.Message,
            extra: new Dictionary<string, object?> { ["alternatives"] = outcome.Alternatives.Select(s => new SlotView(s.Start, s.End, s.Local, s.Label)).ToList() });
    }

    private static async Task<AppointmentView> ViewAsync(AppDbContext db, Appointment appointment, CancellationToken ct) =>
        View(appointment, await db.Locations.Where(l => l.Id == appointment.LocationId).Select(l => l.TimeZone).SingleAsync(ct));

    private static AppointmentView View(Appointment appointment, string zone)
    {
        var local = TimeZoneInfo.ConvertTime(appointment.StartsAt, TimeZoneInfo.FindSystemTimeZoneById(zone)).DateTime;
        return new AppointmentView(appointment.Id, appointment.ServiceId, appointment.StartsAt, appointment.EndsAt, local,
            new Slot(appointment.StartsAt, appointment.EndsAt, local).Label, appointment.Status);
    }

    private static ProblemHttpResult Problem(string code, string message) => Problems.Refused(StatusCodes.Status400BadRequest, code, message);
}
