using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Bench;

/// <summary>
/// How fast the staff inbox answers for a busy tenant: N conversations (four messages each), two in fifty
/// waiting for a person (half handed over, half unanswered), the rest answered; then the open inbox and
/// one thread, asked for again and again by one signed-in console, as a front desk's tablet polls it.
/// </summary>
internal static class InboxBench
{
    public const string Header = "| database | leads / conversations | messages | inbox (first page of 50) p50 / p95 | one thread p50 / p95 |"
        + " leads list (50, with counts) p50 / p95 | leads search by phone p50 / p95 | lead page p50 / p95 | live event, same instance p50 / p95 |"
        + " live event, from another instance p50 / p95 | 500 open streams |\n|---|---|---|---|---|---|---|---|---|---|---|";

    public static async Task<string> RunAsync(string provider, string? postgresAdmin, int conversations, int messagesEach, int requests, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## inbox on {provider}: {conversations} conversations");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        var env = BenchHost.Environment(provider, connectionString, new Dictionary<string, string>(appSettings) { ["Polling:Enabled"] = "false" });
        await BenchHost.MigrateAsync(env);
        await using var shopMonkey = await InstantShopMonkey.StartAsync(TimeProvider.System.GetUtcNow());
        var tenant = await BenchHost.SeedTenantAsync(provider, connectionString, WebhookSource.NewSecret(), shopMonkey.BaseUrl);
        const string email = "desk@bench.example", password = "the bench front desk's passphrase";
        Guid someConversation;
        Guid tenantId = tenant.Id, locationId;
        await using (var db = BenchHost.Open(provider, connectionString))
        {
            var location = await db.Locations.IgnoreQueryFilters().SingleAsync(l => l.TenantId == tenant.Id);
            locationId = location.Id;
            var user = new StaffUser { Id = Guid.NewGuid(), TenantId = tenant.Id, Email = email, DisplayName = "Bench Desk", Role = StaffRole.FrontDesk, PasswordHash = "" };
            user.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(user, password);
            db.Users.Add(user);
            // The front desk of the shop's one location: every console query has the location scope, as theirs does.
            db.StaffLocations.Add(new StaffLocation { TenantId = tenant.Id, UserId = user.Id, LocationId = location.Id });
            someConversation = await SeedAsync(db, tenant.Id, location.Id, conversations, messagesEach);
            // A shop's tables are vacuumed and analysed by autovacuum as they grow; a table loaded a moment ago is
            // not yet (no visibility map, so no index-only scans; no statistics). Measure the steady state.
            if (provider == "postgres")
                await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
        }

        var port = BenchHost.FreePort();
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = BenchHost.Start([], env);
        using var http = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await BenchHost.WaitReadyAsync(http, app);
        (await http.PostAsJsonAsync("api/console/auth/login", new { email, password })).EnsureSuccessStatusCode();

        var inbox = await TimeAsync(http, "api/console/conversations", requests);
        var thread = await TimeAsync(http, $"api/console/conversations/{someConversation}", requests);
        var leads = await TimeAsync(http, "api/console/leads", requests);
        var search = await TimeAsync(http, $"api/console/leads?q={Uri.EscapeDataString($"(512) {conversations / 2:D7}"[..12])}", requests);
        Guid someLead;
        await using (var db = BenchHost.Open(provider, connectionString))
            someLead = await db.ChatSessions.IgnoreQueryFilters().Where(c => c.Id == someConversation).Select(c => c.LeadId!.Value).SingleAsync();
        var page = await TimeAsync(http, $"api/console/leads/{someLead}", requests);
        var (local, remote) = await EventLatencyAsync(http, provider, connectionString, tenantId, locationId, someConversation, requests);
        var streams = await StreamsMemoryAsync(port, email, password, app, 500);
        app.Kill(entireProcessTree: true);
        // LO_BENCH_KEEP=1 keeps the seeded database, to look at query plans afterwards.
        if (Environment.GetEnvironmentVariable("LO_BENCH_KEEP") == "1")
            Console.WriteLine($"kept the database: {connectionString}");
        else
            await dropDatabase();
        Console.WriteLine($"inbox {P(inbox)}; thread {P(thread)}; leads {P(leads)}");
        return $"| {provider} | {conversations} | {conversations * messagesEach} | {P(inbox)} | {P(thread)} | {P(leads)} | {P(search)} | {P(page)} | {P(local)} | {P(remote)} | {streams} |";
    }

    private static string P(List<double> times) => $"{Stats.Percentile(times, 50):F1} / {Stats.Percentile(times, 95):F1} ms";

    /// <summary>Client time, then the app's own (server) time, which is what the targets are.</summary>
    private static string P(Timed times) => $"{P(times.Client)} (app {P(times.App)})";

    /// <summary>
    /// From a change's commit to a console's stream having it: a staff note made through this instance (the relay is
    /// woken at once), and an event row committed by another process (this instance finds it at its next poll).
    /// </summary>
    private static async Task<(List<double> Local, List<double> Remote)> EventLatencyAsync(HttpClient http, string provider, string connectionString,
        Guid tenantId, Guid locationId, Guid conversation, int requests)
    {
        using var stream = await http.GetAsync("api/console/events", HttpCompletionOption.ResponseHeadersRead);
        stream.EnsureSuccessStatusCode();
        var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        async Task UntilEventAsync()
        {
            while (await reader.ReadLineAsync() is { } line)
                if (line.StartsWith("event: ", StringComparison.Ordinal) && line is not ("event: ping" or "event: ready"))
                    return;
        }
        var local = new List<double>();
        var remote = new List<double>();
        await using var db = BenchHost.Open(provider, connectionString);
        for (var i = -3; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            (await http.PostAsJsonAsync($"api/console/conversations/{conversation}/notes", new { text = $"bench note {i}" })).EnsureSuccessStatusCode();
            await UntilEventAsync();
            if (i >= 0)
                local.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            // Of the conversation's location: the bench's front desk hears only their location's events.
            db.ConsoleEvents.Add(new LeadOrchestrator.Live.ConsoleEvent { TenantId = tenantId, LocationId = locationId, Type = LeadOrchestrator.Live.ConsoleEventType.ConversationUpdated,
                ConversationId = conversation, At = TimeProvider.System.GetUtcNow() });
            await db.SaveChangesAsync();
            started = Stopwatch.GetTimestamp();
            await UntilEventAsync();
            if (i >= 0)
                remote.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        local.Sort();
        remote.Sort();
        return (local, remote);
    }

    /// <summary>The app's memory with <paramref name="count"/> consoles' streams open, against before.</summary>
    private static async Task<string> StreamsMemoryAsync(int port, string email, string password, Process app, int count)
    {
        using var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), MaxConnectionsPerServer = count + 10 };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = Timeout.InfiniteTimeSpan };
        (await http.PostAsJsonAsync("api/console/auth/login", new { email, password })).EnsureSuccessStatusCode();
        app.Refresh();
        var before = app.WorkingSet64;
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < count; i++)
        {
            var response = await http.GetAsync("api/console/events", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            open.Add(response);
        }
        await Task.Delay(1000);
        app.Refresh();
        var after = app.WorkingSet64;
        foreach (var r in open)
            r.Dispose();
        return $"{count} streams: +{(after - before) / 1024.0 / 1024.0:F1} MB ({(after - before) / 1024.0 / count:F0} KB each)";
    }

    /// <summary>Leads with conversations, written in batches; returns one waiting conversation's id.</summary>
    private static async Task<Guid> SeedAsync(LeadOrchestrator.Data.AppDbContext db, Guid tenantId, Guid locationId, int count, int messagesEach)
    {
        var start = TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(30);
        Guid? waiting = null;
        for (var i = 0; i < count; i++)
        {
            var at = start + TimeSpan.FromMinutes(i);
            var lead = new Lead
            {
                Id = Guid.CreateVersion7(at), TenantId = tenantId, LocationId = locationId, ShopMonkeyOrderId = $"bench-inbox-{i}", OrderStatus = "Estimate",
                FirstName = "Customer", LastName = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Phone = $"+1512{i:D7}",
                VehicleYear = 2022, VehicleMake = "Toyota", VehicleModel = "Camry", CreatedAt = at, UpdatedAt = at, OrderCreatedAt = at, OrderUpdatedAt = at,
            };
            var kind = i % 50; // 0: handed over, 1: unanswered, else answered
            var session = new ChatSession
            {
                Id = Guid.CreateVersion7(at), TenantId = tenantId, LeadId = lead.Id, LocationId = locationId, CreatedAt = at, UpdatedAt = at,
                NeedsStaff = kind == 0, NeedsStaffReason = kind == 0 ? "customer asked" : null, NeedsStaffAt = kind == 0 ? at : null,
                AwaitingReplySince = kind == 1 ? at + TimeSpan.FromSeconds(3) : null, LastMessageAt = at + TimeSpan.FromSeconds(3),
            };
            if (kind == 0)
                waiting ??= session.Id;
            db.Leads.Add(lead);
            db.ChatSessions.Add(session);
            for (var m = 0; m < messagesEach; m++)
            {
                var role = m % 2 == 0 ? ChatRole.Customer : ChatRole.Assistant;
                db.ChatMessages.Add(new ChatMessage
                {
                    Id = Guid.CreateVersion7(at + TimeSpan.FromSeconds(m)), TenantId = tenantId, SessionId = session.Id, LeadId = lead.Id, Role = role,
                    Channel = m % 4 < 2 ? ConversationChannel.Web : ConversationChannel.Sms, Content = role == ChatRole.Customer ? "How much is ceramic tint for my car?" : "Ceramic tint for a sedan is $399.",
                    Provider = role == ChatRole.Assistant ? "offline" : null, CreatedAt = at + TimeSpan.FromSeconds(m),
                });
            }
            if (i % (4000 / messagesEach) == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        return waiting!.Value;
    }

    /// <summary>One endpoint's times: the client's (sent to read), and the app's own (its <c>Server-Timing</c>), both sorted.</summary>
    private sealed record Timed(List<double> Client, List<double> App);

    private static async Task<Timed> TimeAsync(HttpClient http, string path, int requests)
    {
        var runs = new List<(double At, double Ms, double App)>(); // when each request began in the run, how long it took, the app's share
        var begun = Stopwatch.GetTimestamp();
        // The first 40 warm up: .NET compiles a method quickly first and again, optimised, after about 30 calls, and
        // a server that has been up a minute runs the optimised code. (With 5, the first figures were the quick code.)
        for (var i = -40; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(path);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 0)
                runs.Add((Stopwatch.GetElapsedTime(begun, started).TotalMilliseconds, Stopwatch.GetElapsedTime(started).TotalMilliseconds, AppTime(response)));
        }
        // LO_BENCH_TRACE=1: are the slow requests bunched (start-up work, a burst) or spread over the run? Slow in the app, or around it?
        if (Environment.GetEnvironmentVariable("LO_BENCH_TRACE") == "1")
            Console.WriteLine($"{path}: slowest " + string.Join(", ", runs.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Ms).Take(8)
                .Select(x => $"#{x.i} at {x.r.At:F0} ms: {x.r.Ms:F1} (app {x.r.App:F1})")));
        return new Timed(runs.Select(r => r.Ms).Order().ToList(), runs.Select(r => r.App).Order().ToList());
    }

    /// <summary>The app's own time for a response, from its <c>Server-Timing: app;dur=12.3</c> header.</summary>
    internal static double AppTime(HttpResponseMessage response)
    {
        var header = response.Headers.TryGetValues("Server-Timing", out var values) ? values.Single() : throw new InvalidOperationException("no Server-Timing header");
        return double.Parse(header[(header.IndexOf("dur=", StringComparison.Ordinal) + 4)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
