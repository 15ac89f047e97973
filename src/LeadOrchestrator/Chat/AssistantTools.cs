using System.ComponentModel;
using System.Globalization;
using System.Text;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.Extensions.AI;

namespace LeadOrchestrator.Chat;

/// <summary>
/// Everything one answer is grounded in, loaded fresh for each turn: the conversation's lead (the only
/// lead any tool can act on), its shop, the shop's hours and current catalog.
/// </summary>
public sealed class ChatTurnContext
{
    public required Lead Lead { get; init; }
    public required Location Location { get; init; }
    public required ChatSession Session { get; init; }
    public required IReadOnlyList<ServiceCatalogItem> Catalog { get; init; }

    /// <summary>SMS answers are short plain text.</summary>
    public required ConversationChannel Channel { get; init; }

    public required DateTimeOffset Now { get; init; }

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(Location.TimeZone);

    public DateTimeOffset LocalNow => TimeZoneInfo.ConvertTime(Now, Zone);

    /// <summary>The newest message's time: a new message is stamped after it, so a thread never reorders.</summary>
    public DateTimeOffset? LastMessageAt { get; set; }

    /// <summary>Now, or just after the newest message when the clock has not moved (the same millisecond, a test's clock).</summary>
    public DateTimeOffset Stamp(DateTimeOffset now)
    {
        if (LastMessageAt is { } last && now <= last)
            now = last.AddMicroseconds(1);
        LastMessageAt = now;
        return now;
    }

    /// <summary>A rehearsal's chosen provider, which alone answers; null: the tenant's choice, then the fallback.</summary>
    public string? Provider { get; init; }

    /// <summary>The customer's language ("en" or "es"), from their messages: the tools answer in it.</summary>
    public string Language { get; set; } = CustomerLanguage.English;

    /// <summary>What the customer wrote in this conversation, newest first: a service named turns ago still counts.</summary>
    public IReadOnlyList<string> CustomerWords { get; set; } = [];

    /// <summary>Set by <c>request_human</c>: the conversation is flagged for staff.</summary>
    public string? HumanRequested { get; set; }
}

/// <summary>
/// The assistant's tools: small methods with short, customer-safe answers. The lead always comes from
/// the conversation, never from the model's arguments, so no prompt can make a tool act for someone else. What a
/// tool changes (a booking, a move, a cancellation) is the assistant's in the audit log.
/// </summary>
public sealed partial class AssistantTools(ChatTurnContext turn, Booking.AvailabilityService availability, Booking.ICustomerCalendar booking, TenantContext tenant)
{
    public IList<AITool> All =>
    [
        AIFunctionFactory.Create(ListServices, "list_services"),
        AIFunctionFactory.Create(GetBusinessHours, "get_business_hours"),
        AIFunctionFactory.Create(FindAvailableSlots, "find_available_slots"),
        AIFunctionFactory.Create(GetAppointment, "get_appointment"),
        AIFunctionFactory.Create(BookAppointment, "book_appointment"),
        AIFunctionFactory.Create(RescheduleAppointment, "reschedule_appointment"),
        AIFunctionFactory.Create(CancelAppointment, "cancel_appointment"),
        AIFunctionFactory.Create(RequestHuman, "request_human"),
    ];

    /// <summary>The tools that only look (for a draft a person will send): nothing is booked, moved, cancelled or flagged.</summary>
    public IList<AITool> ReadOnly =>
    [
        AIFunctionFactory.Create(ListServices, "list_services"),
        AIFunctionFactory.Create(GetBusinessHours, "get_business_hours"),
        AIFunctionFactory.Create(FindAvailableSlots, "find_available_slots"),
        AIFunctionFactory.Create(GetAppointment, "get_appointment"),
    ];

    /// <summary>The service whose free times this answer offered (the chat page opens its slot picker on it).</summary>
    public Guid? OfferedServiceId { get; private set; }

    /// <summary>The shop's local day of the first time offered (the picker starts there).</summary>
    public DateOnly? OfferedDay { get; private set; }

    private bool Es => turn.Language == CustomerLanguage.Spanish;

    private string T(string english, string spanish) => Es ? spanish : english;

    private DateOnly Today => DateOnly.FromDateTime(turn.LocalNow.DateTime);

    /// <summary>The lead's vehicle, or the one the words name: it picks the sedan or the SUV/truck price.</summary>
    private VehicleClass Vehicle(string? words) => ServiceMatcher.ClassOf(words, turn.Lead.VehicleMake, turn.Lead.VehicleModel);

    [Description("Lists the shop's services with their current prices and durations. The only source of prices.")]
    public string ListServices([Description("Optional words to narrow the list, e.g. \"ceramic tint\", \"ppf for a truck\", \"cheapest\"; empty for everything.")] string? query = null)
    {
        var active = turn.Catalog.Where(s => s.Active).OrderBy(s => s.Category).ThenBy(s => s.PriceCents).ToList();
        if (active.Count == 0)
            return T($"The price list isn't available online right now. Please call {Phone} for a quote.", $"La lista de precios no está disponible en línea ahora. Llame al {Phone} para una cotización.");
        var vehicle = Vehicle(query);
        var matching = ServiceMatcher.Match(active, query, vehicle);
        if (ServiceMatcher.WantsCheapest(query))
        {
            var cheapest = (matching.Count > 0 ? matching : active).MinBy(s => s.PriceCents)!;
            return T($"Our lowest-priced option{(matching.Count > 0 ? " of those" : "")} is {cheapest.Name}: {ShopText.Money(cheapest.PriceCents)}.",
                $"Nuestra opción más económica{(matching.Count > 0 ? " de esas" : "")} es {cheapest.Name}: {ShopText.Money(cheapest.PriceCents)}.")
                + List(ServiceMatcher.ForVehicle(active, vehicle).Where(s => s.Id != cheapest.Id).Take(3), T("\nOther options:", "\nOtras opciones:"));
        }
        if (ServiceMatcher.NotOffered(query) is { } notOurs && matching.Count == 0)
            return T($"Sorry, we don't offer {notOurs} — we do window tint and paint protection.", $"Lo siento, no hacemos {notOurs}: hacemos polarizado y protección de pintura.")
                + List(active, T(" Here's what we do:", " Esto es lo que hacemos:"));
        if (matching.Count > 0)
        {
            var range = matching.Count > 1 ? T($" (from {ShopText.Money(matching[0].PriceCents)} to {ShopText.Money(matching[^1].PriceCents)})", $" (de {ShopText.Money(matching[0].PriceCents)} a {ShopText.Money(matching[^1].PriceCents)})") : "";
            return List(matching, T($"Yes, we do that{range}. Current prices:", $"Sí, lo hacemos{range}. Precios actuales:"));
        }
        return List(active, T("Here are our services and current prices:", "Estos son nuestros servicios y precios actuales:"));
    }

    private string List(IEnumerable<ServiceCatalogItem> services, string heading)
    {
        var text = new StringBuilder(heading);
        var any = false;
        foreach (var s in services.Take(turn.Channel == ConversationChannel.Sms ? 4 : 12))
        {
            any = true;
            text.Append('\n').Append("- ").Append(s.Name).Append(": ").Append(ShopText.Money(s.PriceCents));
            if (s.DurationMinutes > 0 && turn.Channel != ConversationChannel.Sms)
                text.Append(T(" (about ", " (unas ")).Append(Duration(s.DurationMinutes)).Append(')');
        }
        return any ? text.ToString() : "";
    }

    [Description("The shop's opening hours for the week, whether it is open now, and for a day if one is named (holidays included).")]
    public string GetBusinessHours([Description("Optional: a day to answer for (yyyy-MM-dd, today, tomorrow, a weekday, a holiday name).")] string? day = null)
    {
        var hours = turn.Location.Hours;
        var local = turn.LocalNow;
        var today = Today;
        var todayRow = Booking.AvailabilityEngine.HoursOn(hours, today);
        var now = TimeOnly.FromDateTime(local.DateTime);
        var todayText = todayRow is null || todayRow.IsClosed
            ? T("We're closed today.", "Hoy estamos cerrados.")
            : now < todayRow.Opens ? T($"Today we open at {ShopText.Clock(todayRow.Opens!.Value)}.", $"Hoy abrimos a las {ShopText.Clock(todayRow.Opens!.Value)}.")
            : now < todayRow.Closes ? T($"We're open now, until {ShopText.Clock(todayRow.Closes!.Value)}.", $"Ahora estamos abiertos, hasta las {ShopText.Clock(todayRow.Closes!.Value)}.")
            : T("We're closed for the rest of today.", "Hoy ya cerramos.");
        var asked = TimeRequest.Parse(day, today).Day is { } d && d != today ? DayHours(d) + " " : "";
        var upcoming = hours.Where(h => h.Date is { } date && date > today && date <= today.AddDays(14))
            .OrderBy(h => h.Date)
            .Select(h => $"{ShopText.Day(h.Date!.Value, turn.Language)}: {(h.IsClosed ? T("closed", "cerrado") : $"{ShopText.Clock(h.Opens!.Value)}-{ShopText.Clock(h.Closes!.Value)}")}{(h.Note is { Length: > 0 } n ? $" ({n})" : "")}");
        var special = string.Join("; ", upcoming);
        return asked + T($"{turn.Location.Name} is open {ShopText.WeeklyHours(hours)}. {todayText}{(special.Length > 0 ? $" Coming up: {special}." : "")}",
            $"{turn.Location.Name} abre {ShopText.WeeklyHours(hours, turn.Language)}. {todayText}{(special.Length > 0 ? $" Próximamente: {special}." : "")}");
    }

    /// <summary>"On Sun Nov 29 we're closed." / "On Sat Nov 28 we're open 9am-3pm." (a holiday's name said).</summary>
    private string DayHours(DateOnly day)
    {
        var row = Booking.AvailabilityEngine.HoursOn(turn.Location.Hours, day);
        var note = row?.Note is { Length: > 0 } n ? $" ({n})" : "";
        // The weekday in full: "¿abren el domingo?" is answered "El domingo 29 nov…", not with an abbreviation.
        var name = ShopText.Day(day, turn.Language, longWeekday: true);
        return row is null || row.IsClosed
            ? T($"On {name}{note} we're closed.", $"El {name}{note} estamos cerrados.")
            : T($"On {name}{note} we're open {ShopText.Clock(row.Opens!.Value)}-{ShopText.Clock(row.Closes!.Value)}.", $"El {name}{note} abrimos de {ShopText.Clock(row.Opens!.Value)} a {ShopText.Clock(row.Closes!.Value)}.");
    }

    [Description("The customer's current appointment (service, day and time), if they have one.")]
    public async Task<string> GetAppointment(CancellationToken ct = default)
    {
        if (await booking.CurrentAsync(turn.Lead.Id, ct) is not { } current)
            return T("You don't have an appointment booked with us right now.", "Ahora no tiene ninguna cita con nosotros.");
        var service = turn.Catalog.FirstOrDefault(s => s.Id == current.ServiceId)?.Name ?? T("your service", "su servicio");
        return T($"Your appointment: {service} on {Label(current)} at {turn.Location.Name}, {ShopText.PostalAddress(turn.Location)}.",
            $"Su cita: {service} el {Label(current)} en {turn.Location.Name}, {ShopText.PostalAddress(turn.Location)}.");
    }

    [Description("Finds free appointment times for a service at this shop (for a customer with an appointment, times to move it to). Offer a few of them to the customer in their words.")]
    public async Task<string> FindAvailableSlots(
        [Description("The service's name from list_services; empty for the customer's current appointment's service, else the one they asked an estimate for.")] string? service = null,
        [Description("First day to look at: yyyy-MM-dd, today, tomorrow, a weekday name or a date, in the shop's time zone.")] string? fromDate = null,
        [Description("Last day to look at (same forms); empty for a week from the first, or just that day when a day was named.")] string? toDate = null,
        [Description("morning, afternoon, evening or any.")] string? partOfDay = null,
        [Description("Optional: a time the customer asked for (\"10:00\", \"2pm\") or a bound (\"after 5pm\", \"before noon\"); a taken time is said to be taken, with the nearest free ones.")] string? time = null,
        CancellationToken ct = default)
    {
        var bookable = turn.Catalog.Where(s => s.Active && s.Bookable).ToList();
        var current = await booking.CurrentAsync(turn.Lead.Id, ct);
        var chosen = ChooseService(service, current);
        if (chosen is null)
        {
            // A day the shop is closed is said first ("Thanksgiving at 9?"): whichever service, that day will not do.
            var asked = TimeRequest.Parse(fromDate, Today).Day is { } day && Booking.AvailabilityEngine.HoursOn(turn.Location.Hours, day) is var hours && (hours is null || hours.IsClosed)
                ? DayHours(day) + " " : "";
            return bookable.Count == 0
                ? T($"Online booking isn't available for this shop. Please call {Phone}.", $"Esta tienda no tiene reservas en línea. Llame al {Phone}.")
                : asked + T("Which service would you like to book? ", "¿Qué servicio quiere reservar? ") + string.Join("; ", ServiceMatcher.ForVehicle(bookable, Vehicle(service)).Take(8).Select(s => s.Name)) + ".";
        }
        var moving = current is not null && current.ServiceId == chosen.Id
            ? T($"To move your appointment (now {Label(current)}): ", $"Para cambiar su cita (ahora el {Label(current)}): ")
            : "";
        var when = TimeRequest.Parse(fromDate, Today);
        var at = TimeRequest.Parse(time, Today);
        if ((when.Problem ?? at.Problem) is { } nonsense)
            return T($"Hmm, {nonsense}. Which day and time would you like?", $"Mmm, {Spanish(nonsense)}. ¿Qué día y hora prefiere?");
        var from = when.Day;
        var to = TimeRequest.Parse(toDate, Today).Day ?? when.Until ?? (from is not null ? from : null);
        var (after, before) = (at.After ?? when.After, at.Before ?? when.Before);
        var part = (partOfDay ?? "").ToLowerInvariant();
        if (part.Contains("morning", StringComparison.Ordinal))
            before ??= new TimeOnly(12, 0);
        else if (part.Contains("afternoon", StringComparison.Ordinal))
            (after, before) = (after ?? new TimeOnly(12, 0), before ?? new TimeOnly(17, 0));
        else if (part.Contains("evening", StringComparison.Ordinal))
            after ??= new TimeOnly(17, 0);
        var wanted = at.At ?? when.At;

        var closed = from is { } f && from == to && Booking.AvailabilityEngine.HoursOn(turn.Location.Hours, f) is var row && (row is null || row.IsClosed)
            ? DayHours(f) + " " : "";
        var (result, problem) = closed.Length > 0 ? (null, null) : await availability.FindAsync(turn.Location, chosen, from, to, ct, current?.Id);
        if (problem is not null)
            return moving + problem.Message;
        var slots = (result?.Slots ?? []).Where(s => (after is null || TimeOnly.FromDateTime(s.Local) >= after) && (before is null || TimeOnly.FromDateTime(s.Local) < before)).ToList();
        var said = "";
        if (wanted is { } w && closed.Length == 0)
        {
            var exact = slots.FirstOrDefault(s => TimeOnly.FromDateTime(s.Local) == w && (from is null || DateOnly.FromDateTime(s.Local) == from));
            var whenText = from is { } day ? T($"{ShopText.Clock(w)} on {ShopText.Day(day, turn.Language)}", $"las {ShopText.Clock(w)} del {ShopText.Day(day, turn.Language)}") : ShopText.Clock(w);
            if (exact is not null)
            {
                // The time asked for first, then the nearest others: "yes" books the first.
                slots = [exact, .. slots.Where(s => s != exact).OrderBy(s => Math.Abs((s.Start - exact.Start).TotalMinutes))];
                said = T($"Good news: {whenText} is free for {chosen.Name}. ", $"¡Buenas noticias! {Cap(whenText)} está libre para {chosen.Name}. ");
            }
            else
            {
                var target = from is { } d0 ? d0.ToDateTime(w) : Today.ToDateTime(w);
                said = T($"Sorry, {whenText} is taken. ", $"Lo siento, {whenText} ya está ocupado. ");
                slots = [.. slots.OrderBy(s => Math.Abs((s.Local - target).TotalMinutes)).Take(3).OrderBy(s => s.Start)];
            }
        }
        if (slots.Count == 0)
        {
            // Nothing then: the next free times over the following two weeks instead of a dead end.
            var first = from ?? Today;
            var (wider, _) = await availability.FindAsync(turn.Location, chosen, first, first.AddDays(13), ct, current?.Id);
            if (wider is { Slots.Count: > 0 })
                (OfferedServiceId, OfferedDay) = (chosen.Id, DateOnly.FromDateTime(wider.Slots[0].Local));
            return moving + closed + said + (wider is { Slots.Count: > 0 }
                ? T($"{(closed.Length > 0 || said.Length > 0 ? "" : $"No free times for {chosen.Name} then. ")}The next free times for {chosen.Name} are: {Offer(wider.Slots)}. Which one suits you?",
                    $"{(closed.Length > 0 || said.Length > 0 ? "" : $"No hay horarios libres para {chosen.Name} entonces. ")}Los próximos horarios libres para {chosen.Name} son: {Offer(wider.Slots)}. ¿Cuál le conviene?")
                : T($"There are no free times for {chosen.Name} in the next two weeks. Please call {Phone}.", $"No hay horarios libres para {chosen.Name} en las próximas dos semanas. Llame al {Phone}."));
        }
        (OfferedServiceId, OfferedDay) = (chosen.Id, DateOnly.FromDateTime(slots[0].Local));
        return moving + said + T($"Free times for {chosen.Name} (about {Duration(chosen.DurationMinutes)}): {Offer(slots, ordered: wanted is not null)}. Which one suits you?",
            $"Horarios libres para {chosen.Name} (unas {Duration(chosen.DurationMinutes)}): {Offer(slots, ordered: wanted is not null)}. ¿Cuál le conviene?");
    }

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>The parsers' problems, said in Spanish.</summary>
    private static string Spanish(string problem) =>
        problem.Replace(" is not a time of day", " no es una hora", StringComparison.Ordinal).Replace(" is not a date", " no es una fecha", StringComparison.Ordinal);

    /// <summary>The service the customer means: named, else the one of their appointment, else the one they asked an estimate for, else the only one.</summary>
    private ServiceCatalogItem? ChooseService(string? service, Booking.Appointment? current = null)
    {
        var bookable = turn.Catalog.Where(s => s.Active && s.Bookable).ToList();
        var named = ServiceMatcher.Match(bookable, service, Vehicle(service));
        // Of several that fit the words, the one they were quoted for ("ceramic tint" from someone quoted the full sedan).
        return ServiceMatcher.Match(bookable, service, VehicleClass.Unknown).FirstOrDefault(s => string.Equals(s.Name, turn.Lead.EstimateName, StringComparison.OrdinalIgnoreCase)) is { } quoted ? quoted
            : named is [var one, ..] ? one
            : current is not null && bookable.FirstOrDefault(s => s.Id == current.ServiceId) is { } booked ? booked
            : turn.CustomerWords.Select(words => ServiceMatcher.Match(bookable, words, Vehicle(words)).FirstOrDefault()).FirstOrDefault(s => s is not null) is { } spoken ? spoken
            : ServiceMatcher.Match(bookable, turn.Lead.EstimateName, Vehicle(null)) is [var estimated, ..] ? estimated
            : bookable.FirstOrDefault(s => string.Equals(s.Name, turn.Lead.EstimateName, StringComparison.OrdinalIgnoreCase))
            ?? (bookable.Count == 1 ? bookable[0] : null);
    }

    /// <summary>A few choices spread over the days: at most two a day, five in all (or, for a time asked for, the nearest first).</summary>
    private string Offer(IEnumerable<Booking.Slot> slots, bool ordered = false) =>
        string.Join("; ", (ordered ? slots.Take(3) : slots.GroupBy(s => s.Local.Date).SelectMany(day => day.Take(2)).Take(5)).Select(s => s.LabelIn(turn.Language)));

    [Description("Books one of the free times find_available_slots offered, for the customer of this conversation (a customer who has an appointment has it moved). Confirm the service and time with the customer first.")]
    public async Task<string> BookAppointment(
        [Description("The service's name from list_services.")] string? service = null,
        [Description("The slot exactly as find_available_slots offered it, e.g. \"Sat Nov 28, 9:00 am\", or its ISO start time.")] string? slotStart = null,
        CancellationToken ct = default)
    {
        var current = await booking.CurrentAsync(turn.Lead.Id, ct);
        var chosen = ChooseService(service, current);
        if (chosen is null)
            return T("Which service would you like to book?", "¿Qué servicio quiere reservar?");
        var (start, unknown) = await StartAsync(chosen, slotStart, current, ct);
        if (start is null)
            return unknown!;
        using var asAssistant = tenant.ActingAs(Audit.AuditActorType.Assistant);
        // Someone who already has a time and picks another means to move it.
        var outcome = current is not null
            ? await booking.RescheduleAsync(turn.Lead.Id, current.Id, start.Value, ct)
            : await booking.BookAsync(turn.Lead.Id, chosen.Id, start.Value, ct);
        return Said(outcome, chosen.Name, current is not null ? T("Moved", "Cambiada") : T("Booked", "Reservado"));
    }

    [Description("Moves the customer's appointment to another free time that find_available_slots offered.")]
    public async Task<string> RescheduleAppointment(
        [Description("The new slot exactly as find_available_slots offered it, or its ISO start time.")] string? slotStart = null,
        CancellationToken ct = default)
    {
        if (await booking.CurrentAsync(turn.Lead.Id, ct) is not { } current)
            return T("You don't have an appointment to move. Shall I look up free times?", "No tiene ninguna cita para cambiar. ¿Busco horarios libres?");
        var service = turn.Catalog.FirstOrDefault(s => s.Id == current.ServiceId);
        if (service is null)
            return T($"Please call {Phone} to move this appointment.", $"Llame al {Phone} para cambiar esta cita.");
        var (start, unknown) = await StartAsync(service, slotStart, current, ct);
        if (start is null)
            return unknown!;
        using var asAssistant = tenant.ActingAs(Audit.AuditActorType.Assistant);
        return Said(await booking.RescheduleAsync(turn.Lead.Id, current.Id, start.Value, ct), service.Name, T("Moved", "Cambiada"));
    }

    [Description("Cancels the customer's appointment. Confirm with the customer first.")]
    public async Task<string> CancelAppointment(CancellationToken ct = default)
    {
        if (await booking.CurrentAsync(turn.Lead.Id, ct) is not { } current)
            return T("You don't have an appointment to cancel.", "No tiene ninguna cita para cancelar.");
        using var asAssistant = tenant.ActingAs(Audit.AuditActorType.Assistant);
        var outcome = await booking.CancelAsync(turn.Lead.Id, current.Id, ct);
        return outcome.Problem is { } problem ? problem.Message
            : T($"Your appointment on {Label(current)} is cancelled. If you'd like another time, just ask.", $"Su cita del {Label(current)} está cancelada. Si quiere otra hora, solo pídala.");
    }

    /// <summary>The slot's start from an offered label ("Sat Nov 28, 9:00 am", "sáb 28 nov, 9:00 am") or an ISO time; else what to say.</summary>
    private async Task<(DateTimeOffset? Start, string? Unknown)> StartAsync(ServiceCatalogItem service, string? slotStart, Booking.Appointment? current, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(slotStart))
            return (null, T("Which time would you like? I can look up free times.", "¿Qué hora prefiere? Puedo buscar horarios libres."));
        // Only an ISO time is taken as one: "Fri Dec 4, 1:00 pm" parses too, but as the server's own clock time (UTC here),
        // not the shop's, so an offered label is looked up among the free times below instead.
        if (slotStart.Length >= 16 && char.IsAsciiDigit(slotStart[0]) && slotStart[4] == '-' && slotStart[10] == 'T'
            && DateTimeOffset.TryParse(slotStart, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return (iso, null);
        var (free, problem) = await availability.FindAsync(turn.Location, service, Today, Today.AddDays((int)availability.Options.For(turn.Location).Horizon.TotalDays), ct, current?.Id);
        if (problem is not null)
            return (null, problem.Message);
        var label = slotStart.Trim();
        return free!.Slots.FirstOrDefault(s => string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase) || string.Equals(s.LabelIn(CustomerLanguage.Spanish), label, StringComparison.OrdinalIgnoreCase)) is { } slot
            ? (slot.Start, null)
            : (null, T($"{slotStart} is not one of the free times for {service.Name}. Shall I look up free times?", $"{slotStart} no es uno de los horarios libres para {service.Name}. ¿Busco horarios libres?"));
    }

    private string Said(Booking.BookingOutcome outcome, string service, string verb)
    {
        if (outcome.Appointment is { } appointment && outcome.Problem is null)
            return T($"{verb}: {service} on {Label(appointment)} at {turn.Location.Name}, {ShopText.PostalAddress(turn.Location)}. See you then!",
                $"{verb}: {service} el {Label(appointment)} en {turn.Location.Name}, {ShopText.PostalAddress(turn.Location)}. ¡Le esperamos!");
        return outcome.Alternatives.Count > 0 ? $"{outcome.Problem!.Message} {Offer(outcome.Alternatives)}." : outcome.Problem!.Message;
    }

    private string Label(Booking.Appointment appointment) =>
        new Booking.Slot(appointment.StartsAt, appointment.EndsAt, TimeZoneInfo.ConvertTime(appointment.StartsAt, turn.Zone).DateTime).LabelIn(turn.Language);

    [Description("Asks the shop's staff to take over: for requests to talk to a person, complaints, or anything you cannot answer.")]
    public string RequestHuman([Description("Why, in a few words.")] string? reason = null)
    {
        turn.HumanRequested = string.IsNullOrWhiteSpace(reason) ? "customer asked" : reason.Length > 200 ? reason[..200] : reason;
        // Closed now: said plainly, with when someone will be there, instead of a "shortly" nobody keeps.
        return ShopText.NextOpening(turn.Location, turn.Now) is { } opening
            ? T($"I've let the team at {turn.Location.Name} know. We're closed right now, so someone from the shop will get back to you when we open {opening}.",
                $"Ya avisé al equipo de {turn.Location.Name}. Ahora estamos cerrados; alguien de la tienda le responderá cuando abramos.")
            : T($"I've let the team at {turn.Location.Name} know, and someone will get back to you shortly. If it's urgent, call {Phone}.",
                $"Ya avisé al equipo de {turn.Location.Name} y alguien le responderá pronto. Si es urgente, llame al {Phone}.");
    }

    private string Phone => ShopText.DisplayPhone(turn.Location.Phone);

    private static string Duration(int minutes) =>
        minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
}
