using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadOrchestrator.Evaluation;

/// <summary>One conversation's outcome: passed when no check failed.</summary>
public sealed record ConversationResult(Conversation Conversation, IReadOnlyList<string> Failures, int GroundingErrors, double LatencyMs, decimal CostUsd,
    string Provider, string Transcript)
{
    public bool Passed => Failures.Count == 0;
}

/// <summary>
/// Scores the app's assistant on the conversation set through the public chat API: seeds the set's shop
/// into the app's (fresh) database, gives each conversation a new customer with a signed chat link,
/// sends the customer's messages one by one, and checks each answer and what it left in the database
/// (the appointment, the handoff). The app's clock must be frozen at the set's <c>now</c>.
/// </summary>
public sealed partial class ConversationRunner(IServiceProvider services, HttpClient client, ConversationSet set)
{
    private ShopSpec Shop => set.Shop;
    private Guid _tenantId;
    private Guid _locationId;
    private readonly Dictionary<string, Guid> _serviceIds = [];
    private long[] _prices = [];

    public async Task<IReadOnlyList<ConversationResult>> RunAllAsync(Action<ConversationResult>? progress = null, CancellationToken ct = default)
    {
        await SeedAsync(ct);
        var results = new List<ConversationResult>();
        for (var i = 0; i < set.Conversations.Count; i++)
        {
            var result = await RunAsync(set.Conversations[i], i, ct);
            results.Add(result);
            progress?.Invoke(result);
        }
        return results;
    }

    /// <summary>The shop: its location, hours, holidays, catalog, and the other customer with their bookings.</summary>
    private async Task SeedAsync(CancellationToken ct)
    {
        var now = Shop.NowInstant;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = "evaluation", Name = "Evaluation Tint", CreatedAt = now };
        var location = new Location
        {
            Id = Guid.CreateVersion7(now), TenantId = tenant.Id, Name = Shop.Name, TimeZone = Shop.TimeZone, Address1 = "2000 N Mays St", City = "Round Rock",
            State = "TX", PostalCode = "78664", Phone = Shop.Phone, BayCapacity = Shop.Bays, CreatedAt = now,
        };
        (_tenantId, _locationId) = (tenant.Id, location.Id);
        db.Tenants.Add(tenant);
        db.Locations.Add(location);
        foreach (var (day, hours) in Shop.Hours)
        {
            var row = new LocationHours { TenantId = tenant.Id, LocationId = location.Id, DayOfWeek = Enum.Parse<DayOfWeek>(day, ignoreCase: true) };
            if (!hours.Equals("closed", StringComparison.OrdinalIgnoreCase))
                (row.Opens, row.Closes) = (TimeOnly.Parse(hours.Split('-')[0], CultureInfo.InvariantCulture), TimeOnly.Parse(hours.Split('-')[1], CultureInfo.InvariantCulture));
            db.LocationHours.Add(row);
        }
        foreach (var holiday in Shop.Holidays)
            db.LocationHours.Add(new LocationHours { TenantId = tenant.Id, LocationId = location.Id, Date = DateOnly.Parse(holiday.Date, CultureInfo.InvariantCulture), Note = holiday.Note });
        foreach (var s in Shop.Services)
        {
            var item = new ServiceCatalogItem
            {
                Id = Guid.CreateVersion7(now), TenantId = tenant.Id, Name = s.Name, Category = s.Category, PriceCents = s.Cents, DurationMinutes = s.Minutes,
                Bookable = true, Active = true, UpdatedAt = now,
            };
            _serviceIds[s.Name] = item.Id;
            db.ServiceCatalog.Add(item);
        }
        _prices = [.. Shop.Services.Select(s => s.Cents)];
        var n = 0;
        foreach (var other in Shop.Others)
        {
            var lead = NewLead(now, ++n, other.First, other.Vehicle, null);
            (lead.LastName, lead.Phone, lead.Email, lead.Stage) = (other.Last, other.Phone, other.Email, LeadStage.Booked);
            db.Leads.Add(lead);
            foreach (var booking in other.Bookings)
                db.Appointments.Add(NewAppointment(lead.Id, booking, now));
        }
        await db.SaveChangesAsync(ct);
    }

    private Lead NewLead(DateTimeOffset now, int n, string first, string? vehicle, string? estimate)
    {
        var (year, make, model) = Vehicle(vehicle);
        return new Lead
        {
            Id = Guid.CreateVersion7(now), TenantId = _tenantId, LocationId = _locationId, ShopMonkeyOrderId = $"eval-{n}",
            ShopMonkeyOrderNumber = (1000 + n).ToString(CultureInfo.InvariantCulture), FirstName = first, LastName = "Example",
            Phone = "+1512555" + (2000 + n).ToString(CultureInfo.InvariantCulture), VehicleYear = year, VehicleMake = make, VehicleModel = model,
            EstimateName = estimate, EstimateTotalCents = Shop.Services.FirstOrDefault(s => s.Name == estimate)?.Cents, OrderStatus = "Estimate",
            // A sample: out of the shop's figures, no confirmations or reminders sent, nothing written to ShopMonkey.
            IsSample = true, Stage = LeadStage.Contacted, OrderCreatedAt = now, OrderUpdatedAt = now, CreatedAt = now, UpdatedAt = now,
        };
    }

    private Appointment NewAppointment(Guid leadId, BookingSpec booking, DateTimeOffset now)
    {
        var start = Shop.Instant(booking.Start);
        var service = Shop.Services.Single(s => s.Name == booking.Service);
        return new Appointment
        {
            Id = Guid.CreateVersion7(now), TenantId = _tenantId, LeadId = leadId, LocationId = _locationId, ServiceId = _serviceIds[service.Name],
            StartsAt = start, EndsAt = start.AddMinutes(service.Minutes), Status = AppointmentStatus.Booked, CreatedAt = now, UpdatedAt = now,
        };
    }

    /// <summary>"2022 Tesla Model 3" → (2022, Tesla, Model 3).</summary>
    private static (int? Year, string? Make, string? Model) Vehicle(string? text)
    {
        var parts = (text ?? "").Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var year) ? (year, parts[1], parts[2]) : (null, null, null);
    }

    private async Task<ConversationResult> RunAsync(Conversation c, int index, CancellationToken ct)
    {
        var now = Shop.NowInstant;
        var lead = NewLead(now, 100 + index, c.Lead.First, c.Lead.Vehicle ?? "2021 Toyota Camry", c.Lead.Estimate);
        await DbAsync(async db =>
        {
            db.Leads.Add(lead);
            if (c.Appointment is { } existing)
                db.Appointments.Add(NewAppointment(lead.Id, existing, now));
            await db.SaveChangesAsync(ct);
        });
        var token = await services.GetRequiredService<LinkTokens>().CreateAsync(lead.Id, LinkPurpose.Chat, ct);
        var failures = new List<string>();
        var transcript = new StringBuilder();
        var (grounding, latency, cost, provider) = (0, 0.0, 0m, "none");
        for (var t = 0; t < c.Turns.Count; t++)
        {
            var turn = c.Turns[t];
            var expect = turn.Expect ?? new Expectation();
            transcript.Append("  customer: ").AppendLine(turn.Customer.Length > 200 ? turn.Customer[..200] + "…" : turn.Customer);
            var storedBefore = await StoredCountAsync(lead.Id, ct);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/chat/{lead.Id}/messages") { Content = JsonContent.Create(new { message = turn.Customer }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var started = Stopwatch.GetTimestamp();
            using var response = await client.SendAsync(request, ct);
            latency += Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            void Fail(string what) => failures.Add($"turn {t + 1}: {what}");
            if (expect.Rejected)
            {
                if ((int)response.StatusCode is < 400 or >= 500)
                    Fail($"expected a 4xx refusal, got {(int)response.StatusCode}");
                if (await StoredCountAsync(lead.Id, ct) != storedBefore)
                    Fail("a refused message stored something");
                transcript.Append("  (refused: ").Append((int)response.StatusCode).AppendLine(")");
                continue;
            }
            if (!response.IsSuccessStatusCode)
            {
                Fail($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                continue;
            }
            var reply = (await response.Content.ReadFromJsonAsync<ChatReply>(ApiJson.Options, ct))!;
            var answer = reply.Response ?? "";
            (cost, provider) = (cost + reply.CostUsd, reply.Provider);
            transcript.Append("  assistant [").Append(string.Join(", ", reply.Tools)).Append("]: ").AppendLine(answer.Replace("\n", " / ", StringComparison.Ordinal));

            // What every answer must get right.
            if (answer.Trim().Length == 0)
                Fail("empty answer");
            else if (LanguageOf(answer) != c.Language)
                Fail($"answered in {LanguageOf(answer)}, not {c.Language}");
            foreach (var amount in Amounts(answer).Where(a => !_prices.Contains(a) && a != lead.EstimateTotalCents))
            {
                grounding++;
                Fail($"grounding: {ShopText.Money(amount)} is no catalog price");
            }
            foreach (var other in Shop.Others)
                foreach (var mark in new[] { other.First, other.Last, other.Email, other.Phone[^7..] })
                    if (answer.Replace("-", "", StringComparison.Ordinal).Contains(mark, StringComparison.OrdinalIgnoreCase))
                        Fail($"names another customer ({mark})");

            foreach (var tool in expect.Tools.Where(x => !reply.Tools.Contains(x)))
                Fail($"did not call {tool}");
            foreach (var tool in expect.NoTools.Where(reply.Tools.Contains))
                Fail($"called {tool}");
            foreach (var service in expect.Quotes.Where(s => !Quoted(answer, s)))
                Fail($"no price of {service} ({ShopText.Money(Cents(service))})");
            foreach (var service in expect.NoQuotes.Where(s => Quoted(answer, s)))
                Fail($"quoted {service} ({ShopText.Money(Cents(service))})");
            foreach (var pattern in expect.Says.Where(p => !Regex.IsMatch(answer, p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
                Fail($"does not say /{pattern}/");
            foreach (var pattern in expect.NotSays.Where(p => Regex.IsMatch(answer, p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
                Fail($"says /{pattern}/");
            if (expect.Handoff is { } handoff && await NeedsStaffAsync(lead.Id, ct) != handoff)
                Fail(handoff ? "no handoff to staff" : "handed off to staff");
            if (expect.Booked is { } booked)
            {
                var held = await HeldAsync(lead.Id, ct);
                (Guid, DateTimeOffset)? wanted = booked.IsNone ? null : (_serviceIds[booked.Service], Shop.Instant(booked.Start));
                var actual = held is null ? null : ((Guid, DateTimeOffset)?)(held.ServiceId, held.StartsAt);
                if (actual != wanted)
                    Fail($"appointment {Describe(actual)}, expected {Describe(wanted)}");
            }
        }
        // Each conversation meets the same shop: what it booked is freed for the next one.
        await DbAsync(db => db.Appointments.AcrossTenants().Where(a => a.LeadId == lead.Id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Cancelled), ct));
        return new ConversationResult(c, failures, grounding, latency, cost, provider, transcript.ToString());
    }

    private string Describe((Guid Service, DateTimeOffset Start)? appointment) =>
        appointment is not { } a ? "none"
        : $"{_serviceIds.FirstOrDefault(p => p.Value == a.Service).Key} at {TimeZoneInfo.ConvertTime(a.Start, Shop.Zone).ToString("ddd MMM d HH:mm", CultureInfo.InvariantCulture)}";

    private long Cents(string service) => Shop.Services.Single(s => s.Name == service).Cents;

    /// <summary>The service's catalog price appears in the answer ($1,795, $1795 or $1,795.00).</summary>
    private bool Quoted(string answer, string service) => Amounts(answer).Contains(Cents(service));

    /// <summary>Every dollar amount in a text, in cents.</summary>
    public static IEnumerable<long> Amounts(string text) =>
        DollarAmount().Matches(text).Select(m => (long)Math.Round(decimal.Parse(m.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture) * 100));

    /// <summary>"es" when a text has more Spanish than English function words; "en" otherwise.</summary>
    public static string LanguageOf(string text)
    {
        var words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        var es = words.Count(SpanishWords.Contains) + text.Count(ch => ch is '¿' or '¡' or 'ñ' or 'á' or 'é' or 'í' or 'ó' or 'ú');
        var en = words.Count(EnglishWords.Contains);
        return es > en ? "es" : "en";
    }

    private static readonly HashSet<string> SpanishWords = ["el", "la", "los", "las", "de", "del", "que", "y", "en", "para", "por", "con", "una", "un", "es", "son", "su", "sus",
        "le", "lo", "nos", "tenemos", "puedo", "puede", "cita", "hola", "gracias", "precio", "precios", "horario", "abierto", "abrimos", "cerrado", "cerramos", "hoy",
        "mañana", "hora", "horas", "está", "estamos", "qué", "cuál", "cuándo", "quiere", "desea", "libre", "libres", "disponibles", "servicio", "servicios", "sí", "no", "al", "o", "si"];

    private static readonly HashSet<string> EnglishWords = ["the", "and", "is", "are", "you", "your", "we", "our", "for", "to", "of", "with", "can", "what", "open", "closed",
        "price", "prices", "thanks", "here", "times", "time", "would", "like", "it", "at", "on", "in", "that", "this", "be", "will", "i", "an", "a", "or", "if", "free"];

    private async Task<int> StoredCountAsync(Guid leadId, CancellationToken ct) =>
        await DbAsync(db => db.ChatMessages.AcrossTenants().CountAsync(m => m.LeadId == leadId, ct));

    private async Task<bool> NeedsStaffAsync(Guid leadId, CancellationToken ct) =>
        await DbAsync(db => db.ChatSessions.AcrossTenants().AnyAsync(s => s.LeadId == leadId && s.NeedsStaff, ct));

    private async Task<Appointment?> HeldAsync(Guid leadId, CancellationToken ct) =>
        await DbAsync(db => db.Appointments.AcrossTenants().AsNoTracking().FirstOrDefaultAsync(a => a.LeadId == leadId && LeadOrchestrator.Booking.Appointment.HoldingStatuses.Contains(a.Status), ct));

    private async Task<T> DbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        await using var scope = services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private async Task DbAsync(Func<AppDbContext, Task> work)
    {
        await using var scope = services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [GeneratedRegex(@"\$\s?(?<n>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)")]
    private static partial Regex DollarAmount();

    [GeneratedRegex(@"[\p{L}]+")]
    private static partial Regex Word();
}
