using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Bench;

/// <summary>
/// The franchise the product is for, on PostgreSQL: one tenant with L locations, U colleagues (an owner, a manager
/// and front desks per location) and N leads spread over the locations and a year. Measured through the console's
/// own API: signing in, and the leads list (first page of 50 with the stage counts) for a front desk of one
/// location, for an area manager of a tenth of the locations, for the owner (all locations, no location scope), and
/// for a manager assigned to every location, whom the console reads unscoped too (the same rows as the owner's).
/// </summary>
internal static class FranchiseBench
{
    public const string Header = "| locations | colleagues | leads | sign-in p50 / p95 | leads list, front desk of one location p50 / p95 |"
        + " leads list, manager of a tenth of the locations p50 / p95 | leads list, owner (all, unscoped) p50 / p95 | leads list, manager of every location p50 / p95 |"
        + " every location: p50 as scoped (location list) / as unscoped |\n|---|---|---|---|---|---|---|---|---|";

    private const string Password = "the franchise's bench passphrase";

    public static async Task<string> RunAsync(string? postgresAdmin, int locations, int users, int leads, int requests, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## franchise on postgres: {locations} locations, {users} colleagues, {leads} leads");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync("postgres", postgresAdmin);
        var env = BenchHost.Environment("postgres", connectionString, new Dictionary<string, string>(appSettings) { ["Polling:Enabled"] = "false" });
        await BenchHost.MigrateAsync(env);
        await using var shopMonkey = await InstantShopMonkey.StartAsync(TimeProvider.System.GetUtcNow());
        var tenant = await BenchHost.SeedTenantAsync("postgres", connectionString, WebhookSource.NewSecret(), shopMonkey.BaseUrl);
        var seeding = Stopwatch.StartNew();
        await using (var db = BenchHost.Open("postgres", connectionString))
        {
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
            var locationIds = await SeedLocationsAsync(db, tenant.Id, locations);
            await SeedColleaguesAsync(db, tenant.Id, locationIds, users);
            await SeedLeadsAsync(db, tenant.Id, leads);
            // As autovacuum leaves a grown table: statistics and a visibility map (index-only scans).
            await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }
        Console.WriteLine($"seeded in {seeding.Elapsed.TotalSeconds:F0} s");

        var port = BenchHost.FreePort();
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = BenchHost.Start([], env);
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using (var ready = new HttpClient { BaseAddress = baseUrl })
            await BenchHost.WaitReadyAsync(ready, app);

        var signIns = await SignInsAsync(baseUrl, locations, users, requests);
        var desk = await ListAsync(baseUrl, "desk-1-1@franchise.example", requests);
        var owner = await ListAsync(baseUrl, "owner@franchise.example", requests);
        var tenth = await ListAsync(baseUrl, "area@franchise.example", requests);
        var manager = await ListAsync(baseUrl, "regional@franchise.example", requests);
        app.Kill(entireProcessTree: true);
        if (Environment.GetEnvironmentVariable("LO_BENCH_KEEP") == "1")
            Console.WriteLine($"kept the database: {connectionString}");
        else
            await dropDatabase();
        var overhead = Stats.Percentile(manager, 50) / Stats.Percentile(owner, 50);
        return $"| {locations} | {users} | {leads} | {P(signIns)} | {P(desk)} | {P(tenth)} | {P(owner)} | {P(manager)} | {overhead:F2} |";
    }

    private static string P(List<double> times) => $"{Stats.Percentile(times, 50):F1} / {Stats.Percentile(times, 95):F1} ms";

    private static async Task<List<Guid>> SeedLocationsAsync(LeadOrchestrator.Data.AppDbContext db, Guid tenantId, int count)
    {
        var ids = new List<Guid> { await db.Locations.IgnoreQueryFilters().Where(l => l.TenantId == tenantId).Select(l => l.Id).SingleAsync() };
        var now = TimeProvider.System.GetUtcNow();
        for (var i = 2; i <= count; i++)
        {
            var location = new Location
            {
                Id = Guid.CreateVersion7(now), TenantId = tenantId, Name = $"Franchise shop {i}", TimeZone = "America/Chicago", Address1 = $"{i} Main St",
                City = "Austin", State = "TX", PostalCode = "78701", Phone = $"+1512555{i:D4}", SmsNumber = $"+1512556{i:D4}",
                ShopMonkeyLocationId = $"bench-location-{i}", SmsWindowStart = TimeOnly.MinValue, SmsWindowEnd = TimeOnly.MaxValue, CreatedAt = now,
            };
            db.Locations.Add(location);
            ids.Add(location.Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }

    /// <summary>
    /// The owner; a regional manager of every location and an area manager of a tenth of them; the rest front desks, spread evenly, named
    /// desk-{location}-{n}. One hash for all (hashing a thousand would only time the hasher).
    /// </summary>
    private static async Task SeedColleaguesAsync(LeadOrchestrator.Data.AppDbContext db, Guid tenantId, List<Guid> locationIds, int count)
    {
        var now = TimeProvider.System.GetUtcNow();
        var hash = new PasswordHasher<StaffUser>().HashPassword(null!, Password);
        StaffUser User(string email, StaffRole role) =>
            new() { Id = Guid.CreateVersion7(now), TenantId = tenantId, Email = email, DisplayName = email[..email.IndexOf('@')], Role = role, PasswordHash = hash, CreatedAt = now };
        db.Users.Add(User("owner@franchise.example", StaffRole.Owner));
        var regional = User("regional@franchise.example", StaffRole.Manager);
        var area = User("area@franchise.example", StaffRole.Manager);
        db.Users.AddRange(regional, area);
        foreach (var location in locationIds)
            db.StaffLocations.Add(new StaffLocation { TenantId = tenantId, UserId = regional.Id, LocationId = location });
        foreach (var location in locationIds.Take(Math.Max(1, locationIds.Count / 10)))
            db.StaffLocations.Add(new StaffLocation { TenantId = tenantId, UserId = area.Id, LocationId = location });
        for (var i = 0; i < count - 3; i++)
        {
            var location = i % locationIds.Count;
            var desk = User($"desk-{location + 1}-{i / locationIds.Count + 1}@franchise.example", StaffRole.FrontDesk);
            db.Users.Add(desk);
            db.StaffLocations.Add(new StaffLocation { TenantId = tenantId, UserId = desk.Id, LocationId = locationIds[location] });
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Leads written by one statement, round-robin over the locations and a minute apart over the last year; each in
    /// a state whose stored stage is the stage rule's (new, engaged, lost, won), so the start-up sweep moves none.
    /// </summary>
    private static Task<int> SeedLeadsAsync(LeadOrchestrator.Data.AppDbContext db, Guid tenantId, int count) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            WITH loc AS (SELECT array_agg(id ORDER BY name) AS ids, count(*) AS n FROM locations WHERE tenant_id = {tenantId}),
            s AS (SELECT i, now() - interval '365 days' + make_interval(mins => i / 2) AS at FROM generate_series(0, {count} - 1) AS i)
            INSERT INTO leads (id, tenant_id, location_id, shopmonkey_order_id, first_name, last_name, phone, vehicle_year, vehicle_make, vehicle_model,
                estimate_name, order_status, order_authorized, order_invoiced, order_paid, order_archived, converted_at, source, cadence_status, stop_reason,
                stopped_at, order_created_at, order_updated_at, created_at, updated_at, version, is_sample, stage)
            SELECT gen_random_uuid(), {tenantId}, loc.ids[1 + s.i % loc.n], 'bench-franchise-' || s.i, 'Customer', s.i::text, '+1512' || lpad(s.i::text, 7, '0'),
                2022, 'Toyota', 'Camry', 'Ceramic tint', 'Estimate', false, s.i % 10 = 8, false, false,
                CASE WHEN s.i % 10 = 8 THEN s.at + interval '3 days' END, 'webhook',
                CASE WHEN s.i % 10 IN (4, 5) THEN 'stopped' WHEN s.i % 10 IN (6, 7) THEN 'completed' ELSE 'none' END,
                CASE WHEN s.i % 10 IN (4, 5) THEN 'engaged' END, CASE WHEN s.i % 10 IN (4, 5) THEN s.at + interval '1 hour' END,
                s.at, s.at, s.at, s.at, 1, false,
                CASE WHEN s.i % 10 = 8 THEN 'won' WHEN s.i % 10 IN (4, 5) THEN 'engaged' WHEN s.i % 10 IN (6, 7) THEN 'lost' ELSE 'new' END
            FROM s, loc
            """);

    /// <summary>Sign-ins of front desks picked across the franchise, each from its own loopback address (no per-address brake).</summary>
    private static async Task<List<double>> SignInsAsync(Uri baseUrl, int locations, int users, int requests)
    {
        var times = new List<double>();
        for (var i = -10; i < requests; i++)
        {
            var n = (i + 10) * 7919 % (users - 3); // a stride through the desks, so no one account is signed in twice in a row
            var email = $"desk-{n % locations + 1}-{n / locations + 1}@franchise.example";
            var elapsed = await SignInBench.TimeAsync(baseUrl, i + 11, email, Password, HttpStatusCode.NoContent);
            if (i >= 0)
                times.Add(elapsed);
        }
        return [.. times.Order()];
    }

    /// <summary>The leads list's first page (with counts) for one colleague, its app time (Server-Timing) per request, after warm-up.</summary>
    private static async Task<List<double>> ListAsync(Uri baseUrl, string email, int requests)
    {
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = baseUrl };
        (await http.PostAsJsonAsync("api/console/auth/login", new { email, password = Password })).EnsureSuccessStatusCode();
        var times = new List<double>();
        for (var i = -40; i < requests; i++)
        {
            using var response = await http.GetAsync("api/console/leads");
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 0)
                times.Add(InboxBench.AppTime(response));
        }
        return [.. times.Order()];
    }
}
