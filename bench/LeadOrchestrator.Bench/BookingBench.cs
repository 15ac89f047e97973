using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using LeadOrchestrator.Common;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Bench;

/// <summary>
/// (1) Free slots for one service over the 30-day horizon with 500 appointments already booked at the
/// shop and 99 blocks copied from its ShopMonkey calendar: <c>GET /api/chat/{leadId}/slots</c> in a closed loop. (2) 200 bookers racing for the same slot,
/// spread over two app instances: bookings must equal the bays, every other answer "slot taken".
/// </summary>
internal static class BookingBench
{
    public const string Header = "| database | availability, 30 days, 500 appointments + 99 ShopMonkey blocks, one request at a time: req/s | p50 / p95 / max | race: attempts | instances | bays | booked | slot_taken | other answers |\n|---|---|---|---|---|---|---|---|---|";

    private const int Bays = 3;

    public static async Task<string> RunAsync(string provider, string? postgresAdmin, int seconds, int attempts, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## booking on {provider}");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        var (settings, tokens) = BenchHost.ChatClients(appSettings);
        var env = BenchHost.Environment(provider, connectionString, settings);
        await BenchHost.MigrateAsync(env);
        var leads = await ChatStreamBench.SeedLeadsAsync(provider, connectionString, attempts + 1);
        var (serviceId, raceStart) = await SeedShopAsync(provider, connectionString);
        var chats = await BenchHost.ChatTokensAsync(tokens, leads);

        var instances = provider == "postgres" ? 2 : 1; // SQLite is one instance by design
        var apps = new List<(Process App, HttpClient Http)>();
        for (var i = 0; i < instances; i++)
        {
            var port = BenchHost.FreePort();
            var instanceEnv = new Dictionary<string, string>(env) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" };
            var app = BenchHost.Start([], instanceEnv, $"app{i + 1}");
            var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            await BenchHost.WaitReadyAsync(http, app);
            apps.Add((app, http));
        }

        // (1) availability
        var (reader, readerToken) = chats[^1];
        var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
        var query = $"api/chat/{reader}/slots?serviceId={serviceId}&from={today:yyyy-MM-dd}&to={today.AddDays(30):yyyy-MM-dd}";
        await ReadSlotsAsync(apps[0].Http, query, readerToken, TimeSpan.FromSeconds(2), 1); // warm-up
        var (rate, p50, p95, max, count) = await ReadSlotsAsync(apps[0].Http, query, readerToken, TimeSpan.FromSeconds(seconds), 1); // one request at a time: what a customer waits
        Console.WriteLine($"availability over 30 days with 500 appointments and 99 ShopMonkey blocks: {rate:F0} req/s, p50 {p50:F1} ms, p95 {p95:F1} ms, max {max:F1} ms ({count} slots)");

        // (2) the race
        var results = await Task.WhenAll(chats.Take(attempts).Select((chat, i) => Task.Run(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"api/chat/{chat.Lead}/appointments")
            {
                Headers = { Authorization = new AuthenticationHeaderValue("Bearer", chat.Token) },
                Content = JsonContent.Create(new { serviceId, start = raceStart }),
            };
            using var response = await apps[i % apps.Count].Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.Created ? "booked" : body.Contains("\"slot_taken\"", StringComparison.Ordinal) ? "slot_taken" : $"{(int)response.StatusCode}";
        })));
        var booked = results.Count(r => r == "booked");
        var taken = results.Count(r => r == "slot_taken");
        var other = results.Length - booked - taken;
        Console.WriteLine($"race: {attempts} attempts over {instances} instance(s), {Bays} bays → {booked} booked, {taken} slot_taken, {other} other");

        foreach (var (app, http) in apps)
        {
            http.Dispose();
            app.Kill(entireProcessTree: true);
            app.Dispose();
        }
        await dropDatabase();
        return $"| {provider} | {rate:F0} | {p50:F1} / {p95:F1} / {max:F1} ms | {attempts} | {instances} | {Bays} | {booked} | {taken} | {other} |";
    }

    private static async Task<(double Rate, double P50, double P95, double Max, int Slots)> ReadSlotsAsync(HttpClient http, string query, string token, TimeSpan duration, int connections)
    {
        var latencies = new List<double>[connections];
        var slots = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                using var request = new HttpRequestMessage(HttpMethod.Get, query) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
                using var response = await http.SendAsync(request);
                var body = await response.Content.ReadFromJsonAsync<BookingEndpoints.SlotsView>(ApiJson.Options);
                latencies[i].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                slots = body?.Slots.Count ?? -1;
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count / watch.Elapsed.TotalSeconds, Stats.Percentile(all, 50), Stats.Percentile(all, 95), all.Count == 0 ? double.NaN : all[^1], slots);
    }

    /// <summary>Open every day 8–18 with <see cref="Bays"/> bays; 500 appointments and 99 ShopMonkey blocks over the next 30 days; a race slot that is free.</summary>
    private static async Task<(Guid ServiceId, DateTimeOffset RaceStart)> SeedShopAsync(string provider, string connectionString)
    {
        await using var db = BenchHost.Open(provider, connectionString);
        var location = await db.Locations.IgnoreQueryFilters().SingleAsync();
        location.BayCapacity = Bays;
        foreach (var day in Enum.GetValues<DayOfWeek>())
            db.LocationHours.Add(new LocationHours { TenantId = location.TenantId, LocationId = location.Id, DayOfWeek = day, Opens = new(8, 0), Closes = new(18, 0) });
        var service = await db.ServiceCatalog.IgnoreQueryFilters().SingleAsync();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(TimeProvider.System.GetUtcNow(), zone).DateTime);
        var random = new Random(42);
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 500; i++)
        {
            // Days 2..30, so the race day (tomorrow) stays free.
            var local = today.AddDays(2 + random.Next(29)).ToDateTime(new TimeOnly(8, 0)).AddMinutes(30 * random.Next(14));
            var start = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            // A lead holds one appointment at a time, so each booking is another customer's.
            var customer = new Lead
            {
                Id = Guid.CreateVersion7(now), TenantId = location.TenantId, LocationId = location.Id, ShopMonkeyOrderId = $"bench-booked-{i}",
                OrderStatus = "Estimate", OrderCreatedAt = now, OrderUpdatedAt = now, CreatedAt = now, UpdatedAt = now,
            };
            db.Leads.Add(customer);
            db.Appointments.Add(new Appointment
            {
                Id = Guid.CreateVersion7(now), TenantId = location.TenantId, LeadId = customer.Id, LocationId = location.Id, ServiceId = service.Id,
                StartsAt = start, EndsAt = start.AddMinutes(60 + 30 * random.Next(5)), Status = AppointmentStatus.Booked, CreatedAt = now, UpdatedAt = now,
            });
        }
        // And what the shop keeps in ShopMonkey: a daily lunch block and 70 walk-ins, as the calendar sync copies them.
        for (var d = 2; d <= 30; d++)
        {
            var lunch = today.AddDays(d).ToDateTime(new TimeOnly(12, 0));
            var start = new DateTimeOffset(lunch, zone.GetUtcOffset(lunch)).ToUniversalTime();
            db.ShopCalendarBlocks.Add(new ShopCalendarBlock { TenantId = location.TenantId, LocationId = location.Id, ShopMonkeyAppointmentId = $"lunch-{d}", StartsAt = start, EndsAt = start.AddHours(1), Name = "Lunch", SyncedAt = now });
        }
        for (var i = 0; i < 70; i++)
        {
            var local = today.AddDays(2 + random.Next(29)).ToDateTime(new TimeOnly(8, 0)).AddMinutes(30 * random.Next(14));
            var start = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            db.ShopCalendarBlocks.Add(new ShopCalendarBlock { TenantId = location.TenantId, LocationId = location.Id, ShopMonkeyAppointmentId = $"walk-in-{i}", StartsAt = start, EndsAt = start.AddHours(2), Name = "Walk-in", SyncedAt = now });
        }
        await db.SaveChangesAsync();
        var raceLocal = today.AddDays(1).ToDateTime(new TimeOnly(10, 0));
        return (service.Id, new DateTimeOffset(raceLocal, zone.GetUtcOffset(raceLocal)).ToUniversalTime());
    }
}
