using LeadOrchestrator.Booking;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Chat;

/// <summary>
/// "Try it before customers do": <c>POST /api/console/assistant/try</c> lets a manager talk to the shop's assistant as a
/// test customer — the provider, model and wording customers would get, the shop's real catalog, hours and free times —
/// with nothing booked, sent, stored or counted. The conversation lives in the console, which sends it whole each turn
/// with the test appointment the previous answer returned; the lead is made up and never saved.
/// </summary>
public static class RehearsalEndpoints
{
    public const int MaxMessages = 40;

    public sealed record TryMessage(string? Role, string? Text);

    public sealed record TryAppointment(Guid? ServiceId, DateTimeOffset? Start);

    /// <param name="LocationId">One of the colleague's shops; null: the first.</param>
    /// <param name="Language">en or es: the test customer's language; null: from their words.</param>
    /// <param name="Vehicle">What they drive, e.g. "2022 Tesla Model 3" (it picks the sedan or SUV price).</param>
    /// <param name="Messages">The test conversation so far, oldest first, ending with the customer's new message (role customer or assistant).</param>
    /// <param name="Appointment">The test appointment the previous answer returned, passed back as it was.</param>
    public sealed record TryRequest(Guid? LocationId, string? Language, string? Vehicle, IReadOnlyList<TryMessage>? Messages, TryAppointment? Appointment);

    public sealed record TestAppointment(Guid ServiceId, string Service, DateTimeOffset Start, string Label);

    /// <param name="NeedsStaff">The assistant would have asked a person to take over (in a test, nobody is told).</param>
    /// <param name="Appointment">The test customer's appointment after this answer; nothing real is booked.</param>
    public sealed record TryAnswer(string Answer, string Provider, string? Model, decimal CostUsd, int LatencyMs, IReadOnlyList<RehearsalTool> Tools,
        bool NeedsStaff, string? NeedsStaffReason, TestAppointment? Appointment, bool PriceGuardReplaced);

    public static IEndpointRouteBuilder MapRehearsalApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapPost("/assistant/try", TryAsync).WithName("TryAssistant");
        return app;
    }

    internal static async Task<Results<Ok<TryAnswer>, ValidationProblem, NotFound, ProblemHttpResult>> TryAsync(TryRequest request, Rehearsals rehearsals,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var messages = request.Messages ?? [];
        if (messages.Count is 0 or > MaxMessages)
            errors["messages"] = [$"Between 1 and {MaxMessages} messages, the last one the customer's."];
        else if (messages.Any(m => m.Role is not ("customer" or "assistant")))
            errors["messages"] = ["Each message's role is customer or assistant."];
        else if (messages.Any(m => string.IsNullOrWhiteSpace(m.Text) || m.Text.Length > ChatService.MaxMessageLength))
            errors["messages"] = [$"Each message has between 1 and {ChatService.MaxMessageLength} characters."];
        else if (messages[^1].Role != "customer")
            errors["messages"] = ["The last message is the customer's: the one the assistant answers."];
        var language = request.Language?.Trim().ToLowerInvariant();
        if (language is not null && !LeadLanguage.IsSupported(language))
            errors["language"] = [$"One of: {string.Join(", ", LeadLanguage.All)}, or leave it out to detect it."];
        if (request.Vehicle is { Length: > 100 })
            errors["vehicle"] = ["At most 100 characters."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        if (await rehearsals.ShopAsync(request.LocationId, ct) is not { } shop)
            return TypedResults.NotFound();
        Appointment? held = null;
        if (request.Appointment is { } given)
        {
            if (given.ServiceId is not { } serviceId || given.Start is not { } start || shop.Catalog.FirstOrDefault(s => s.Id == serviceId) is not { } service)
                return Problems.Invalid("appointment", "The test appointment is the one the previous answer returned: a service of this shop and its start.");
            held = RehearsalCalendar.Held(shop.Location, service, start);
        }

        var said = messages.Select(m => new Rehearsals.Said(m.Role == "customer" ? ChatRole.Customer : ChatRole.Assistant, m.Text!)).ToList();
        if (await rehearsals.AnswerAsync(shop, new(language, request.Vehicle, Provider: null), said, held, ct) is not { } run)
            return Problems.Refused(StatusCodes.Status503ServiceUnavailable, "no_assistant", "No assistant could answer just now; try again in a moment.");
        var answer = run.Answer;
        return TypedResults.Ok(new TryAnswer(answer.Text, answer.Provider, answer.Model, answer.CostUsd, (int)answer.Latency.TotalMilliseconds, answer.Tools,
            run.Turn.HumanRequested is not null, run.Turn.HumanRequested, Describe(run), answer.PriceGuardReplaced));
    }

    private static TestAppointment? Describe(Rehearsals.Run run) =>
        run.Appointment is { } a && run.Turn.Catalog.FirstOrDefault(s => s.Id == a.ServiceId) is { } booked
            ? new TestAppointment(booked.Id, booked.Name, a.StartsAt, new Slot(a.StartsAt, a.EndsAt, TimeZoneInfo.ConvertTime(a.StartsAt, run.Turn.Zone).DateTime).LabelIn(run.Turn.Language))
            : null;
}

/// <summary>
/// Test answers to a made-up customer at one of the colleague's shops, for trying the assistant and for its check-up:
/// the shop's real catalog, hours and free times; nothing stored, booked, sent or counted.
/// </summary>
public sealed class Rehearsals(AppDbContext db, ChatService chat, AvailabilityService availability, TimeProvider time)
{
    /// <summary>A shop as the assistant sees it: the location with its hours, and the services it offers.</summary>
    public sealed record Shop(Location Location, IReadOnlyList<ServiceCatalogItem> Catalog);

    /// <param name="Language">en or es; null: from their words.</param>
    /// <param name="Provider">Only this provider answers; null: the tenant's choice, then the fallback.</param>
    public sealed record Customer(string? Language, string? Vehicle, string? Provider);

    public sealed record Said(ChatRole Role, string Text);

    /// <param name="Appointment">The test customer's appointment after the answer.</param>
    public sealed record Run(RehearsalAnswer Answer, ChatTurnContext Turn, Appointment? Appointment);

    /// <summary>One of the colleague's own shops (the location filter of the query decides), null: the first; null when none.</summary>
    public async Task<Shop?> ShopAsync(Guid? locationId, CancellationToken ct)
    {
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours)
            .Where(l => locationId == null || l.Id == locationId).OrderBy(l => l.Name).FirstOrDefaultAsync(ct);
        if (location is null)
            return null;
        var catalog = await db.ServiceCatalog.AsNoTracking().Where(s => s.Active && (s.LocationId == null || s.LocationId == location.Id)).ToListAsync(ct);
        return new Shop(location, catalog);
    }

    /// <summary>The answer to the last of <paramref name="messages"/> (the customer's); null when no assistant answered.</summary>
    public async Task<Run?> AnswerAsync(Shop shop, Customer customer, IReadOnlyList<Said> messages, Appointment? held, CancellationToken ct)
    {
        var (location, now) = (shop.Location, time.GetUtcNow());
        var (year, make, model) = RehearsalVehicle.Parse(customer.Vehicle);
        var lead = new Lead
        {
            Id = Guid.CreateVersion7(now), TenantId = location.TenantId, LocationId = location.Id, FirstName = "Test", LastName = "Customer",
            VehicleYear = year, VehicleMake = make, VehicleModel = model, ShopMonkeyOrderId = "rehearsal", OrderStatus = "Estimate",
            IsSample = true, IsTest = true, Language = customer.Language ?? LeadLanguage.English,
            LanguageSource = customer.Language is null ? LanguageSource.Default : LanguageSource.Staff, CreatedAt = now, UpdatedAt = now,
        };
        var session = new ChatSession { Id = Guid.CreateVersion7(now), TenantId = location.TenantId, LeadId = lead.Id, LocationId = location.Id, CreatedAt = now, UpdatedAt = now };
        var turn = new ChatTurnContext
        {
            Lead = lead, Location = location, Session = session, Catalog = shop.Catalog, Channel = ConversationChannel.Web, Now = now, Provider = customer.Provider,
        };
        var history = messages.Select((m, i) => new ChatMessage
        {
            Id = Guid.CreateVersion7(now), TenantId = lead.TenantId, SessionId = session.Id, LeadId = lead.Id,
            Role = m.Role, Channel = ConversationChannel.Web, Content = CleanText.Clean(m.Text), CreatedAt = now.AddSeconds(i - messages.Count),
        }).ToList();

        var calendar = new RehearsalCalendar(turn, availability, held);
        return await chat.RehearseAsync(turn, history, calendar, ct) is { } answer ? new Run(answer, turn, calendar.Current) : null;
    }
}

/// <summary>Reading what the console says the test customer drives.</summary>
public static class RehearsalVehicle
{
    /// <summary>"2022 Tesla Model 3" → (2022, Tesla, Model 3); "F-150" → (null, null, F-150).</summary>
    public static (int? Year, string? Make, string? Model) Parse(string? text)
    {
        var words = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        int? year = words.Count > 0 && int.TryParse(words[0], out var y) && y is >= 1950 and <= 2100 ? y : null;
        if (year is not null)
            words.RemoveAt(0);
        return words.Count switch
        {
            0 => (year, null, null),
            1 => (year, null, words[0]),
            _ => (year, words[0], string.Join(' ', words.Skip(1))),
        };
    }
}

/// <summary>
/// A rehearsal's appointment book: the shop's real free times decide whether a time can be taken (so the test answers as a
/// customer's would), but what is booked, moved or cancelled lives only here, for this one answer.
/// </summary>
public sealed class RehearsalCalendar(ChatTurnContext turn, AvailabilityService availability, Appointment? held) : ICustomerCalendar
{
    public Appointment? Current { get; private set; } = held;

    public static Appointment Held(Location location, ServiceCatalogItem service, DateTimeOffset start) => new()
    {
        Id = Guid.Empty, TenantId = location.TenantId, LocationId = location.Id, ServiceId = service.Id, StartsAt = start.ToUniversalTime(),
        EndsAt = start.ToUniversalTime().AddMinutes(service.DurationMinutes), Status = AppointmentStatus.Booked,
    };

    public Task<Appointment?> CurrentAsync(Guid leadId, CancellationToken ct) => Task.FromResult(Current);

    public async Task<BookingOutcome> BookAsync(Guid leadId, Guid serviceId, DateTimeOffset start, CancellationToken ct)
    {
        if (Current is not null)
            return new(null, new(BookingOutcome.AlreadyBooked, "The customer already has an appointment; move it instead."), []);
        return await TakeAsync(serviceId, start, AppointmentStatus.Booked, ct);
    }

    public Task<BookingOutcome> RescheduleAsync(Guid leadId, Guid appointmentId, DateTimeOffset start, CancellationToken ct) =>
        Current is { } current ? TakeAsync(current.ServiceId, start, AppointmentStatus.Rescheduled, ct)
            : Task.FromResult(new BookingOutcome(null, new("unknown_appointment", "No such appointment."), []));

    public Task<BookingOutcome> CancelAsync(Guid leadId, Guid appointmentId, CancellationToken ct)
    {
        if (Current is not { } current)
            return Task.FromResult(new BookingOutcome(null, new("unknown_appointment", "No such appointment."), []));
        Current = null;
        current.Status = AppointmentStatus.Cancelled;
        return Task.FromResult(new BookingOutcome(current, null, []));
    }

    /// <summary>The time, if the shop really has it free (a real customer's booking takes a bay here too); else the next free ones.</summary>
    private async Task<BookingOutcome> TakeAsync(Guid serviceId, DateTimeOffset start, AppointmentStatus status, CancellationToken ct)
    {
        if (turn.Catalog.FirstOrDefault(s => s.Id == serviceId) is not { } service)
            return new(null, new("unknown_service", "That service is not offered here."), []);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(start, turn.Zone).DateTime);
        var (free, problem) = await availability.FindAsync(turn.Location, service, day, day.AddDays(6), ct);
        if (problem is not null)
            return new(null, problem, []);
        if (free!.Slots.FirstOrDefault(s => s.Start == start) is not { } slot)
            return new(null, new(BookingOutcome.SlotTaken, "That time is not free; here are the next free times."), [.. free.Slots.Where(s => s.Start >= start).Take(5)]);
        Current = new Appointment
        {
            Id = Guid.Empty, TenantId = turn.Location.TenantId, LeadId = turn.Lead.Id, LocationId = turn.Location.Id, ServiceId = service.Id,
            StartsAt = slot.Start, EndsAt = slot.End, Status = status,
        };
        return new(Current, null, []);
    }
}
