using System.Globalization;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using LeadOrchestrator.Booking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// A location's place on the platform: an owner enables one of the account's ShopMonkey locations
/// (<c>POST /api/console/locations {shopmonkeyLocationId, timeZone?}</c> — its name, address and phone from ShopMonkey,
/// its IANA time zone asked for when ShopMonkey's is missing or not one; enabling it again is the same location, so
/// the step can be resumed); its settings are read and changed by the owner or its managers
/// (<c>GET|PUT /api/console/locations/{id}/settings</c>: hours and closures, bays, the texting number, the email,
/// the texting and email windows); and a checklist says what is missing. A new location sends nothing to customers
/// until its checklist is complete and someone says go (<c>POST …/{id}/go-live</c>): its touches wait, not lost.
/// </summary>
public static class LocationEndpoints
{
    public sealed record EnableLocation(string? ShopMonkeyLocationId, string? TimeZone, string? Phone);

    /// <param name="Day">monday … sunday.</param>
    /// <param name="Opens">"09:00"; null with <paramref name="Closes"/> when closed that day.</param>
    public sealed record WeeklyHours(DayOfWeek Day, string? Opens, string? Closes);

    /// <param name="Opens">Null: closed all day (a holiday); else short hours that day.</param>
    public sealed record Closure(DateOnly Date, string? Opens, string? Closes, string? Note);

    /// <summary>How the location books: start times this far apart, a buffer after each job, no booking sooner than the notice or further ahead than the horizon.</summary>
    public sealed record BookingRules(int SlotMinutes, int BufferMinutes, int MinimumNoticeMinutes, int HorizonDays);

    /// <summary>What to change; every field left out stays as it is. Hours and closures, when given, replace the list; booking rules, all four.</summary>
    public sealed record SettingsChange(
        string? Name, string? TimeZone, string? Phone, string? SmsNumber, string? Email, int? Bays,
        string? SmsWindowStart, string? SmsWindowEnd, string? EmailWindowStart, string? EmailWindowEnd,
        List<WeeklyHours>? Hours, List<Closure>? Closures, BookingRules? Booking = null);

    /// <param name="Key">shopmonkey, time_zone, hours, sms_number, catalog (each required), email, webhook (optional).</param>
    public sealed record SetupStep(string Key, string Title, bool Done, bool Required, string Hint);

    /// <param name="SetupPending">True until the location goes live: nothing is sent to its customers meanwhile.</param>
    public sealed record LocationSettings(Guid Id, string Name, string? ShopMonkeyLocationId, string TimeZone, string Address, string Phone,
        string? SmsNumber, string? Email, int Bays, string SmsWindowStart, string SmsWindowEnd, string? EmailWindowStart, string? EmailWindowEnd,
        IReadOnlyList<WeeklyHours> Hours, IReadOnlyList<Closure> Closures, BookingRules Booking, bool SetupPending, IReadOnlyList<SetupStep> Checklist);

    public const int MaxNoticeMinutes = 7 * 24 * 60;
    public const int MaxHorizonDays = 180;

    public static IEndpointRouteBuilder MapLocationApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff(StaffPolicies.Owner).MapPost("/locations", EnableAsync).WithName("EnableLocation");
        var location = app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapGroup("/locations/{locationId:guid}");
        location.MapGet("/settings", GetAsync).WithName("GetLocationSettings");
        location.MapPut("/settings", ChangeAsync).WithName("ChangeLocationSettings");
        // The issue's contract names the location itself; the same change.
        location.MapPut("", ChangeAsync).WithName("ChangeLocation");
        location.MapPost("/go-live", GoLiveAsync).WithName("LocationGoLive");
        return app;
    }

    internal static async Task<Results<Created<LocationSettings>, Ok<LocationSettings>, NotFound, ValidationProblem, ProblemHttpResult>> EnableAsync(
        EnableLocation request, AppDbContext db, TenantContext tenant, ShopMonkey.ShopMonkeyClientFactory clients, IOptions<BookingOptions> booking, TimeProvider time, CancellationToken ct)
    {
        var smId = CleanText.Clean(request.ShopMonkeyLocationId ?? "").Trim();
        if (smId.Length is 0 or > 64)
            return Problems.Invalid("shopmonkeyLocationId", "Choose one of the account's ShopMonkey locations.");
        // Enabled before: the same location (the step resumes; nothing is made twice).
        if (await db.Locations.FirstOrDefaultAsync(l => l.ShopMonkeyLocationId == smId, ct) is { } existing)
            return TypedResults.Ok(await ViewAsync(db, existing.Id, booking.Value, ct));
        if (await db.TenantCrmConfigs.AsNoTracking().FirstOrDefaultAsync(ct) is not { ApiKeySealed: not null } config)
            return Problems.Refused(StatusCodes.Status409Conflict, "shopmonkey_not_connected", "Connect ShopMonkey first (its API key), then choose its locations.");

        ShopMonkey.SmLocation? found;
        try
        {
            found = await clients.Create(config).ListLocationsAsync(ct).Take(IntegrationEndpoints.MaxLocations).FirstOrDefaultAsync(l => l.Id == smId, ct);
        }
        catch (ShopMonkey.ShopMonkeyApiException e)
        {
            return IntegrationEndpoints.StoredKeyProblem(e, "ShopMonkey could not be reached; nothing was changed. Try again in a minute.");
        }
        if (found is null)
            return Problems.Refused(StatusCodes.Status400BadRequest, "shopmonkey_location_not_found", "ShopMonkey has no such location in this account.");

        var errors = new Dictionary<string, string[]>();
        var zone = IntegrationEndpoints.IanaZone(found.Timezone) ?? IntegrationEndpoints.IanaZone(request.TimeZone);
        if (zone is null)
            errors["timeZone"] = [request.TimeZone is { Length: > 0 }
                ? $"'{request.TimeZone}' is not a time zone name this server knows; use one like America/Chicago."
                : "ShopMonkey has no time zone for this location (or not one like America/Chicago); choose the shop's."];
        var phone = ContactNormalizer.ToE164(found.Phone) ?? ContactNormalizer.ToE164(request.Phone);
        if (phone is null)
            errors["phone"] = ["ShopMonkey has no phone number for this location that we can read; enter the shop's."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var now = time.GetUtcNow();
        var location = new Location
        {
            Id = Guid.CreateVersion7(now), TenantId = tenant.TenantId!.Value, Name = Text(found.Name, 200) ?? $"ShopMonkey location {smId}", TimeZone = zone!,
            Address1 = Text(found.Address1, 200) ?? "", Address2 = Text(found.Address2, 200), City = Text(found.City, 100) ?? "", State = Text(found.State, 50) ?? "",
            PostalCode = Text(found.PostalCode, 20) ?? "", Country = Text(found.Country, 2)?.ToUpperInvariant() ?? "US", Phone = phone!,
            Email = ContactNormalizer.NormalizeEmail(found.Email), Website = Text(found.Website, 300), ShopMonkeyLocationId = smId, SetupPending = true, CreatedAt = now,
        };
        db.Locations.Add(location);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear(); // enabled by another tab a moment ago: that one
            var other = await db.Locations.FirstAsync(l => l.ShopMonkeyLocationId == smId, ct);
            return TypedResults.Ok(await ViewAsync(db, other.Id, booking.Value, ct));
        }
        return TypedResults.Created($"/api/console/locations/{location.Id}/settings", await ViewAsync(db, location.Id, booking.Value, ct));
    }

    internal static async Task<Results<Ok<LocationSettings>, NotFound>> GetAsync(Guid locationId, AppDbContext db, IOptions<BookingOptions> booking, CancellationToken ct) =>
        await db.Locations.AnyAsync(l => l.Id == locationId, ct) ? TypedResults.Ok(await ViewAsync(db, locationId, booking.Value, ct)) : TypedResults.NotFound();

    /// <summary>Every field checked first; one bad value changes nothing. The location filter keeps a manager to their own.</summary>
    internal static async Task<Results<Ok<LocationSettings>, NotFound, ValidationProblem>> ChangeAsync(Guid locationId, SettingsChange change, AppDbContext db,
        IOptions<BookingOptions> booking, CancellationToken ct)
    {
        var location = await db.Locations.Include(l => l.Hours).FirstOrDefaultAsync(l => l.Id == locationId, ct);
        if (location is null)
            return TypedResults.NotFound();
        var errors = new Dictionary<string, string[]>();
        void Bad(string field, string words) => errors[field] = [words];

        var name = change.Name is null ? location.Name : CleanText.Clean(change.Name).Trim();
        if (name.Length is 0 or > 200)
            Bad("name", "The location's name, up to 200 characters.");
        var zone = change.TimeZone is null ? location.TimeZone : IntegrationEndpoints.IanaZone(change.TimeZone.Trim());
        if (zone is null)
            Bad("timeZone", $"'{change.TimeZone}' is not a time zone name this server knows; use one like America/Chicago.");
        var phone = change.Phone is null ? location.Phone : ContactNormalizer.ToE164(change.Phone);
        if (phone is null)
            Bad("phone", "A phone number, like (512) 555-0142 or +15125550142.");
        var sms = change.SmsNumber is null ? location.SmsNumber : change.SmsNumber.Trim().Length == 0 ? null : ContactNormalizer.ToE164(change.SmsNumber);
        if (change.SmsNumber is { Length: > 0 } && sms is null)
            Bad("smsNumber", "The shop's texting number, like +15125550100 (the number Twilio texts from).");
        var email = change.Email is null ? location.Email : change.Email.Trim().Length == 0 ? null : ContactNormalizer.NormalizeEmail(change.Email);
        if (change.Email is { Length: > 0 } && email is null)
            Bad("email", "An email address, like roundrock@shop.example.");
        var bays = change.Bays ?? location.BayCapacity;
        if (bays is < 1 or > 50)
            Bad("bays", "How many cars the shop works on at once: 1 to 50.");
        var smsStart = Time(change.SmsWindowStart, location.SmsWindowStart, "smsWindowStart");
        var smsEnd = Time(change.SmsWindowEnd, location.SmsWindowEnd, "smsWindowEnd");
        if (smsStart is { } s && smsEnd is { } e && e <= s)
            Bad("smsWindowEnd", "The texting window ends after it starts.");
        var emailStart = change.EmailWindowStart is "" ? null : Time(change.EmailWindowStart, location.EmailWindowStart, "emailWindowStart");
        var emailEnd = change.EmailWindowEnd is "" ? null : Time(change.EmailWindowEnd, location.EmailWindowEnd, "emailWindowEnd");
        if ((emailStart is null) != (emailEnd is null) && !errors.ContainsKey("emailWindowStart") && !errors.ContainsKey("emailWindowEnd"))
            Bad("emailWindowEnd", "Give both ends of the email window, or neither (email at any hour).");
        else if (emailStart is { } es && emailEnd is { } ee && ee <= es)
            Bad("emailWindowEnd", "The email window ends after it starts.");

        if (change.Booking is { } rules)
        {
            if (rules.SlotMinutes is < 5 or > 240)
                Bad("booking.slotMinutes", "Start times apart: 5 to 240 minutes.");
            if (rules.BufferMinutes is < 0 or > 240)
                Bad("booking.bufferMinutes", "Kept free after each job: 0 to 240 minutes.");
            if (rules.MinimumNoticeMinutes is < 0 or > MaxNoticeMinutes)
                Bad("booking.minimumNoticeMinutes", "How soon a customer may book: 0 minutes to 7 days ahead.");
            if (rules.HorizonDays is < 1 or > MaxHorizonDays)
                Bad("booking.horizonDays", $"How far ahead customers may book: 1 to {MaxHorizonDays} days.");
        }
        var weekly = change.Hours is null ? null : Hours(change.Hours, errors);
        var closures = change.Closures is null ? null : Closures(change.Closures, errors);
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        (location.Name, location.TimeZone, location.Phone, location.SmsNumber, location.Email, location.BayCapacity) = (name, zone!, phone!, sms, email, bays);
        (location.SmsWindowStart, location.SmsWindowEnd, location.EmailWindowStart, location.EmailWindowEnd) = (smsStart!.Value, smsEnd!.Value, emailStart, emailEnd);
        if (change.Booking is { } booked)
            (location.SlotMinutes, location.BufferMinutes, location.MinimumNoticeMinutes, location.HorizonDays) =
                (booked.SlotMinutes, booked.BufferMinutes, booked.MinimumNoticeMinutes, booked.HorizonDays);
        if (weekly is not null)
        {
            db.LocationHours.RemoveRange(location.Hours.Where(h => h.DayOfWeek is not null));
            db.LocationHours.AddRange(weekly.Select(h => new LocationHours { TenantId = location.TenantId, LocationId = location.Id, DayOfWeek = h.Day, Opens = h.Opens, Closes = h.Closes }));
        }
        if (closures is not null)
        {
            db.LocationHours.RemoveRange(location.Hours.Where(h => h.Date is not null));
            db.LocationHours.AddRange(closures.Select(c => new LocationHours { TenantId = location.TenantId, LocationId = location.Id, Date = c.Date, Opens = c.Opens, Closes = c.Closes, Note = c.Note }));
        }
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, location.Id, booking.Value, ct));

        TimeOnly? Time(string? given, TimeOnly? current, string field)
        {
            if (given is null)
                return current;
            if (TimeOnly.TryParseExact(given.Trim(), ["HH:mm", "HH:mm:ss", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                return parsed;
            Bad(field, "A time of day, like 09:00 or 18:30.");
            return current;
        }
    }

    /// <summary>From now on the location's customers are texted and emailed: only once every required step is done.</summary>
    internal static async Task<Results<Ok<LocationSettings>, NotFound, ProblemHttpResult>> GoLiveAsync(Guid locationId, AppDbContext db, IOptions<BookingOptions> booking, CancellationToken ct)
    {
        var location = await db.Locations.FirstOrDefaultAsync(l => l.Id == locationId, ct);
        if (location is null)
            return TypedResults.NotFound();
        var view = await ViewAsync(db, locationId, booking.Value, ct);
        if (view.Checklist.Where(s => s.Required && !s.Done).Select(s => s.Title).ToList() is { Count: > 0 } missing)
            return Problems.Refused(StatusCodes.Status409Conflict, "setup_incomplete", $"Before this location texts customers: {string.Join("; ", missing)}.",
                extra: new Dictionary<string, object?> { ["missing"] = view.Checklist.Where(s => s.Required && !s.Done).Select(s => s.Key).ToList() });
        if (location.SetupPending)
        {
            location.SetupPending = false;
            await db.SaveChangesAsync(ct);
        }
        return TypedResults.Ok(view with { SetupPending = false });
    }

    private static List<(DayOfWeek Day, TimeOnly? Opens, TimeOnly? Closes)>? Hours(List<WeeklyHours> given, Dictionary<string, string[]> errors)
    {
        var result = new List<(DayOfWeek, TimeOnly?, TimeOnly?)>();
        foreach (var h in given)
        {
            if (!Enum.IsDefined(h.Day) || result.Any(r => r.Item1 == h.Day))
                return Fail<List<(DayOfWeek, TimeOnly?, TimeOnly?)>>(errors, "hours", "One row per day of the week.");
            if (OpenClose(h.Opens, h.Closes) is not { } pair)
                return Fail<List<(DayOfWeek, TimeOnly?, TimeOnly?)>>(errors, "hours", $"{h.Day}: opening and closing times like 09:00 and 18:00, the closing later; or neither when closed.");
            result.Add((h.Day, pair.Opens, pair.Closes));
        }
        return result;
    }

    private static List<(DateOnly Date, TimeOnly? Opens, TimeOnly? Closes, string? Note)>? Closures(List<Closure> given, Dictionary<string, string[]> errors)
    {
        var result = new List<(DateOnly, TimeOnly?, TimeOnly?, string?)>();
        foreach (var c in given)
        {
            if (result.Any(r => r.Item1 == c.Date))
                return Fail<List<(DateOnly, TimeOnly?, TimeOnly?, string?)>>(errors, "closures", "One row per date.");
            if (OpenClose(c.Opens, c.Closes) is not { } pair)
                return Fail<List<(DateOnly, TimeOnly?, TimeOnly?, string?)>>(errors, "closures", $"{c.Date:yyyy-MM-dd}: short hours like 09:00 to 13:00, or neither when closed all day.");
            var note = c.Note is null ? null : CleanText.Clean(c.Note).Trim() is { Length: > 0 } n ? n[..Math.Min(n.Length, 200)] : null;
            result.Add((c.Date, pair.Opens, pair.Closes, note));
        }
        return result;
    }

    /// <summary>Both times (closing after opening), or neither (closed); null when the pair is not one of those.</summary>
    private static (TimeOnly? Opens, TimeOnly? Closes)? OpenClose(string? opens, string? closes)
    {
        if (string.IsNullOrWhiteSpace(opens) && string.IsNullOrWhiteSpace(closes))
            return (null, null);
        string[] formats = ["HH:mm", "HH:mm:ss", "H:mm"];
        return TimeOnly.TryParseExact(opens?.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var o)
            && TimeOnly.TryParseExact(closes?.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var c) && c > o ? (o, c) : null;
    }

    private static T? Fail<T>(Dictionary<string, string[]> errors, string field, string words) where T : class
    {
        errors[field] = [words];
        return null;
    }

    private static async Task<LocationSettings> ViewAsync(AppDbContext db, Guid locationId, BookingOptions booking, CancellationToken ct)
    {
        var l = await db.Locations.AsNoTracking().Include(x => x.Hours).SingleAsync(x => x.Id == locationId, ct);
        var bookable = await db.ServiceCatalog.AnyAsync(s => s.Active && s.Bookable, ct);
        var webhook = await db.TenantCrmConfigs.AnyAsync(c => c.WebhookId != null, ct);
        var weekly = l.Hours.Where(h => h.DayOfWeek is not null).OrderBy(h => ((int)h.DayOfWeek!.Value + 6) % 7)
            .Select(h => new WeeklyHours(h.DayOfWeek!.Value, Hm(h.Opens), Hm(h.Closes))).ToList();
        var closures = l.Hours.Where(h => h.Date is not null).OrderBy(h => h.Date).Select(h => new Closure(h.Date!.Value, Hm(h.Opens), Hm(h.Closes), h.Note)).ToList();
        List<SetupStep> checklist =
        [
            new("shopmonkey", "linked to its ShopMonkey location", l.ShopMonkeyLocationId is not null, true, "Orders of this ShopMonkey location become its leads."),
            new("time_zone", "its time zone", IntegrationEndpoints.IanaZone(l.TimeZone) is not null, true, "Texting hours, bookings and reminders are in the shop's time."),
            new("hours", "its opening hours", weekly.Any(h => h.Opens is not null), true, "The assistant offers times only when the shop is open."),
            new("sms_number", "its texting number", l.SmsNumber is not null, true, "The number customers are texted from and reply to (a Twilio number)."),
            new("catalog", "bookable services", bookable, true, "The shop's services, imported from ShopMonkey's canned services: what customers can book."),
            new("email", "its email address", l.Email is not null, false, "Shown to customers in emails and on the chat page."),
            new("webhook", "ShopMonkey's webhook", webhook, false,
                "New estimates arrive within a second (Settings → ShopMonkey → Register the webhook); without it, by polling, a few minutes later."),
        ];
        var address = string.Join(", ", new[] { l.Address1, l.City, $"{l.State} {l.PostalCode}".Trim() }.Where(p => p.Length > 0));
        return new LocationSettings(l.Id, l.Name, l.ShopMonkeyLocationId, l.TimeZone, address, l.Phone, l.SmsNumber, l.Email, l.BayCapacity,
            Hm(l.SmsWindowStart)!, Hm(l.SmsWindowEnd)!, Hm(l.EmailWindowStart), Hm(l.EmailWindowEnd), weekly, closures, RulesOf(booking.For(l)), l.SetupPending, checklist);
    }

    private static BookingRules RulesOf(BookingOptions o) =>
        new(o.SlotMinutes, o.BufferMinutes, (int)o.MinimumNotice.TotalMinutes, (int)Math.Ceiling(o.Horizon.TotalDays));

    private static string? Hm(TimeOnly? t) => t?.ToString(t.Value.Second == 0 ? "HH:mm" : "HH:mm:ss", CultureInfo.InvariantCulture);

    private static string? Text(string? value, int max) =>
        value is null ? null : CleanText.Clean(value).Trim() is { Length: > 0 } t ? t[..Math.Min(t.Length, max)] : null;
}
