using System.Diagnostics;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Bench;

/// <summary>
/// Dispatcher throughput: leads with the full 13-touch cadence, the first two touches (an SMS and an
/// email) due now, then several app instances on one PostgreSQL database sending them all through the
/// official SDKs to instant Twilio and SendGrid stand-ins. Proves at most once by counting provider
/// calls per recipient (every lead has its own phone and email).
/// </summary>
internal static class DispatchBench
{
    public const string Header = "| due touches | instances | sends/s (first → last provider call) | all recorded after | provider calls | duplicates | missing | sent in DB | peak RSS per instance |\n|---|---|---|---|---|---|---|---|---|";

    public static async Task<string> RunAsync(string? postgresAdmin, int dueTouches, int instances, IReadOnlyDictionary<string, string> appSettings)
    {
        const string provider = "postgres";
        Console.WriteLine($"\n## dispatcher on {provider}: {dueTouches:N0} due touches, {instances} instances");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        await using var providers = await InstantProviders.StartAsync();
        var env = BenchHost.Environment(provider, connectionString, new Dictionary<string, string>(providers.Settings().Concat(appSettings)));
        await BenchHost.MigrateAsync(env);
        await using var shopMonkey = await InstantShopMonkey.StartAsync(TimeProvider.System.GetUtcNow());
        var tenant = await BenchHost.SeedTenantAsync(provider, connectionString, WebhookSource.NewSecret(), shopMonkey.BaseUrl);
        var seeding = Stopwatch.StartNew();
        var leads = dueTouches / 2;
        var rows = await SeedAsync(connectionString, tenant.Id, leads);
        Console.WriteLine($"seeded {leads:N0} leads and {rows:N0} touch points in {seeding.Elapsed.TotalSeconds:F0} s");

        var apps = new List<(Process Process, HttpClient Http)>();
        for (var i = 0; i < instances; i++)
        {
            var port = BenchHost.FreePort();
            var mine = new Dictionary<string, string>(env) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}", ["App__PublicBaseUrl"] = "https://lo.example/" };
            apps.Add((BenchHost.Start([], mine, $"app{i + 1}"), new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") }));
        }
        var started = Stopwatch.GetTimestamp();
        foreach (var (process, http) in apps)
            await BenchHost.WaitReadyAsync(http, process);

        var recorded = await BenchHost.UntilAsync(async () =>
        {
            await using var db = BenchHost.Open(provider, connectionString);
            return !await db.TouchPoints.AcrossTenants().AnyAsync(t => t.StepNumber <= 2
                && (t.Status == TouchPointStatus.Scheduled || t.Status == TouchPointStatus.Claimed || t.Status == TouchPointStatus.Sending));
        }, TimeSpan.FromMinutes(15), "Sending every due touch");
        var allRecorded = Stopwatch.GetElapsedTime(started);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a late duplicate would still arrive
        var rss = apps.Select(a => BenchHost.PeakRssMb(a.Process)).ToList();
        foreach (var (process, http) in apps)
        {
            process.Kill(entireProcessTree: true);
            http.Dispose();
        }

        var calls = providers.SmsCalls + providers.EmailCalls;
        var duplicates = providers.Calls.Values.Sum(n => n - 1);
        var missing = dueTouches - providers.Calls.Count;
        var span = Stopwatch.GetElapsedTime(providers.FirstTicks, providers.LastTicks).TotalSeconds;
        int sent, deliveries;
        await using (var db = BenchHost.Open(provider, connectionString))
        {
            sent = await db.TouchPoints.AcrossTenants().CountAsync(t => t.Status == TouchPointStatus.Sent);
            deliveries = await db.MessageDeliveries.AcrossTenants().CountAsync();
        }
        Console.WriteLine($"{calls:N0} provider calls ({providers.SmsCalls:N0} SMS, {providers.EmailCalls:N0} email) in {span:F1} s = {calls / span:F0}/s; " +
            $"all recorded {allRecorded.TotalSeconds:F1} s after start; duplicates {duplicates}, missing {missing}; sent {sent:N0}, deliveries {deliveries:N0}; RSS {string.Join(", ", rss.Select(r => $"{r:F0} MB"))}");
        await dropDatabase();
        return $"| {dueTouches:N0} | {instances} | {calls / span:F0} | {allRecorded.TotalSeconds:F1} s | {calls:N0} | {duplicates} | {missing} | {sent:N0} | {string.Join(" / ", rss.Select(r => $"{r:F0} MB"))} |";
    }

    /// <summary>
    /// Leads through EF; their touch points in one statement from the cadence's steps, as the scheduler
    /// would write them: every lead is two minutes old, so steps 1 and 2 (offset 0) are due.
    /// </summary>
    private static async Task<int> SeedAsync(string connectionString, Guid tenantId, int leads)
    {
        var now = TimeProvider.System.GetUtcNow();
        var created = now.AddMinutes(-2);
        await using (var db = BenchHost.Open("postgres", connectionString))
        {
            db.Cadences.Add(CadenceScheduler.NewDefault(tenantId, now));
            await db.SaveChangesAsync();
        }
        Guid locationId;
        await using (var db = BenchHost.Open("postgres", connectionString))
            locationId = await db.Locations.AcrossTenants().Select(l => l.Id).SingleAsync();
        for (var start = 0; start < leads; start += 5_000)
        {
            await using var db = BenchHost.Open("postgres", connectionString);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(leads, start + 5_000); i++)
            {
                var orderId = $"dispatch-{i:D8}";
                db.Leads.Add(new Lead
                {
                    Id = Guid.CreateVersion7(created), TenantId = tenantId, LocationId = locationId, ShopMonkeyOrderId = orderId,
                    FirstName = "Bench", LastName = "Customer", Phone = InstantShopMonkey.PhoneFor(orderId), Email = InstantShopMonkey.EmailFor(orderId),
                    VehicleYear = 2022, VehicleMake = "Toyota", VehicleModel = "Camry", EstimateName = "Ceramic Window Tint - Full Sedan", EstimateTotalCents = 44900,
                    OrderStatus = "Estimate", Source = LeadSource.Webhook, CadenceStatus = CadenceStatus.Active,
                    OrderCreatedAt = created, OrderUpdatedAt = created, CreatedAt = created, UpdatedAt = created,
                });
            }
            await db.SaveChangesAsync();
        }
        await using (var db = BenchHost.Open("postgres", connectionString))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            var rows = await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO touch_points (id, tenant_id, lead_id, cadence_step_id, step_number, channel, status, scheduled_for, due_at, attempts, version)
                SELECT gen_random_uuid(), l.tenant_id, l.id, s.id, s.step_number, s.channel, 'scheduled',
                       l.created_at + make_interval(mins => s.offset_minutes), l.created_at + make_interval(mins => s.offset_minutes), 0, 0
                FROM leads l CROSS JOIN cadence_steps s
                """);
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE touch_points");
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE leads");
            return rows;
        }
    }
}
