using LeadOrchestrator.Chat;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Booking;

/// <summary>Booking for the chat page: <c>GET /api/chat/{leadId}/slots?serviceId=&amp;from=&amp;to=</c> (chat token auth).</summary>
public static class BookingEndpoints
{
    public sealed record ServiceView(Guid Id, string Name, int DurationMinutes, string Price);

    public sealed record SlotView(DateTimeOffset Start, DateTimeOffset End, DateTime Local, string Label);

    public sealed record SlotsView(ServiceView Service, string TimeZone, IReadOnlyList<SlotView> Slots);

    public static IEndpointRouteBuilder MapBookingApi(this IEndpointRouteBuilder app)
    {
        var booking = app.MapCustomerApi().WithTags("Booking");
        booking.MapGet("/slots", SlotsAsync).WithName("GetFreeSlots");
        return app;
    }

    internal static async Task<Results<Ok<SlotsView>, ProblemHttpResult, NotFound>> SlotsAsync(Guid leadId, Guid? serviceId, DateOnly? from, DateOnly? to,
        AppDbContext db, AvailabilityService availability, CancellationToken ct)
    {
        if (serviceId is null)
            return Problem("missing_service", "Choose a service (serviceId).");
        var locationId = await db.Leads.Where(l => l.Id == leadId).Select(l => l.LocationId).FirstOrDefaultAsync(ct);
        if (locationId is null)
            return TypedResults.NotFound();
        var (result, problem) = await availability.FindAsync(locationId.Value, serviceId.Value, from, to, ct);
        if (problem is not null)
            return Problem(problem.Code, problem.Message);
        var service = result!.Service;
        return TypedResults.Ok(new SlotsView(new ServiceView(service.Id, service.Name, service.DurationMinutes, AssistantTools.Money(service.PriceCents)),
            result.Location.TimeZone, [.. result.Slots.Select(s => new SlotView(s.Start, s.End, s.Local, s.Label))]));
    }

    private static ProblemHttpResult Problem(string code, string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status400BadRequest, extensions: new Dictionary<string, object?> { ["code"] = code });
}
