using System.Security.Claims;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Notifications;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// "Send me a test lead" (<c>POST /api/console/locations/{id}/test-lead {phone?, email?}</c>, owner or the location's
/// manager): a made-up estimate for the colleague's own phone and email, run through the real path — the cadence's
/// first text and first email, by the location's channels, each with the customer's chat link — so a shop sees what
/// its customers will see before it goes live. The lead is <see cref="Lead.IsTest"/> and <see cref="Lead.IsSample"/>:
/// left out of every figure, its bookings never written to ShopMonkey, and only those two touches, not the 30 days.
/// </summary>
public static class TestLeadEndpoints
{
    /// <summary>Left out: the colleague's own (their notification phone, their sign-in email).</summary>
    public sealed record TestLeadRequest(string? Phone, string? Email);

    /// <param name="Notes">What will not happen as hoped, in words (an opted-out number, no texting number yet).</param>
    public sealed record TestLeadSent(Guid LeadId, string? Phone, string? Email, IReadOnlyList<string> Notes);

    /// <summary>Enough to try a wording or two; not a way to text strangers.</summary>
    public const int PerLocationPerHour = 5;

    public static IEndpointRouteBuilder MapTestLeadApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapPost("/locations/{locationId:guid}/test-lead", SendAsync).WithName("SendTestLead");
        return app;
    }

    internal static async Task<Results<Created<TestLeadSent>, NotFound, ValidationProblem, ProblemHttpResult>> SendAsync(Guid locationId, TestLeadRequest? request,
        ClaimsPrincipal me, StaffUserManager users, AppDbContext db, CadenceScheduler scheduler, ConsentService consents, DispatchSignal signal, TimeProvider time,
        CancellationToken ct)
    {
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == locationId, ct);
        if (location is null)
            return TypedResults.NotFound();
        var user = await users.GetStaffAsync(me);
        var alertPhone = await db.Set<NotificationPreference>().AsNoTracking().Where(p => p.UserId == user.Id).Select(p => p.Phone).FirstOrDefaultAsync(ct);

        var errors = new Dictionary<string, string[]>();
        var phone = request?.Phone is { Length: > 0 } given ? ContactNormalizer.ToE164(given, location.Country) : ContactNormalizer.ToE164(alertPhone ?? user.PhoneNumber, location.Country);
        if (request?.Phone is { Length: > 0 } && phone is null)
            errors["phone"] = ["Your mobile number, like (512) 555-0142 or +15125550142."];
        var email = request?.Email is { Length: > 0 } e ? ContactNormalizer.NormalizeEmail(e) : ContactNormalizer.NormalizeEmail(user.Email);
        if (request?.Email is { Length: > 0 } && email is null)
            errors["email"] = ["Your email address, like you@shop.example."];
        if (errors.Count == 0 && phone is null && email is null)
            errors["phone"] = ["Your mobile number (and your email) to send the test to."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var now = time.GetUtcNow();
        var recent = await db.Leads.CountAsync(l => l.IsTest && l.LocationId == locationId && l.CreatedAt > now - TimeSpan.FromHours(1), ct);
        if (recent >= PerLocationPerHour)
            return Problems.Refused(StatusCodes.Status429TooManyRequests, "too_many_test_leads",
                $"This location sent {PerLocationPerHour} test leads in the last hour; try again later.");

        var service = await db.ServiceCatalog.AsNoTracking().Where(s => s.Active && s.Bookable && (s.LocationId == null || s.LocationId == locationId))
            .OrderBy(s => s.Name).FirstOrDefaultAsync(ct);
        var (first, last) = Names(user.DisplayName);
        var id = Guid.CreateVersion7(now);
        var lead = new Lead
        {
            Id = id, TenantId = location.TenantId, LocationId = locationId, ShopMonkeyOrderId = $"test-{id:N}", ShopMonkeyOrderNumber = "TEST",
            FirstName = first, LastName = last, Phone = phone, Email = email, VehicleYear = now.Year, VehicleMake = "Tesla", VehicleModel = "Model 3",
            EstimateName = service?.Name ?? "Window tint", EstimateTotalCents = service?.PriceCents, OrderStatus = "Estimate", Source = LeadSource.Webhook,
            IsSample = true, IsTest = true, OrderCreatedAt = now, OrderUpdatedAt = now, CreatedAt = now, UpdatedAt = now,
        };
        db.Leads.Add(lead);
        await scheduler.ScheduleAsync(lead, ct);
        // The first text and the first email only: the rest of the cadence is cancelled on the record, so the lead's page says why.
        var touches = db.ChangeTracker.Entries<TouchPoint>().Select(t => t.Entity).Where(t => t.LeadId == id).ToList();
        var firsts = touches.Where(t => t.Status == TouchPointStatus.Scheduled).GroupBy(t => t.Channel).Select(g => g.MinBy(t => t.StepNumber)!).ToHashSet();
        foreach (var touch in touches.Where(t => !firsts.Contains(t) && t.Status == TouchPointStatus.Scheduled))
            (touch.Status, touch.CancelReason) = (TouchPointStatus.Cancelled, "test_lead");
        foreach (var touch in firsts)
            (touch.ScheduledFor, touch.DueAt) = (now, now);
        await db.SaveChangesAsync(ct);
        signal.Notify();

        var notes = new List<string>();
        if (phone is not null && await consents.IsOptedOutAsync(Channel.Sms, phone, ct))
            notes.Add($"{phone} texted STOP to this shop: no text goes to it until it texts START.");
        if (email is not null && await consents.IsOptedOutAsync(Channel.Email, email, ct))
            notes.Add($"{email} unsubscribed from this shop's emails: no email goes to it.");
        if (phone is not null && location.SmsNumber is null)
            notes.Add("This location has no texting number yet: the text goes from the platform's number, and a reply may not find the shop.");
        if (phone is null)
            notes.Add("No mobile number: only the email goes. Add yours to get the text too.");
        return TypedResults.Created($"/api/console/leads/{id}", new TestLeadSent(id, phone, email, notes));
    }

    private static (string First, string? Last) Names(string displayName)
    {
        var parts = displayName.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length switch { 0 => ("Test", null), 1 => (parts[0], null), _ => (parts[0], parts[1]) };
    }
}
