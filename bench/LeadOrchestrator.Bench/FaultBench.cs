using System.Collections.Concurrent;
using System.Diagnostics;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Bench;

/// <summary>
/// The kill test: a burst of new leads, every app instance killed (<c>kill -9</c>) while their first texts
/// and emails are going out, the instances started again — then every first touch is checked against what
/// the providers received. Twilio answers its message list, SendGrid posts its "processed" events (retried
/// while the app is down), each call takes a moment, so the kill lands mid-send. Invariant 2 asks for 0
/// lost and 0 sent twice; the other columns say how the in-doubt ones were settled.
/// </summary>
internal static class FaultBench
{
    public const string Header = "| database | instances | email via | leads | first touches | sending at the kill | found at the provider | never arrived, sent once | email sent again (rule) | left in doubt | lost | sent twice |\n|---|---|---|---|---|---|---|---|---|---|---|---|";

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(40);

    public static async Task<List<string>> RunAsync(string provider, string? postgresAdmin, int leads, IReadOnlyDictionary<string, string> appSettings)
    {
        var rows = new List<string>();
        foreach (var email in new[] { "sendgrid", "outbox" })
            rows.Add(await RunOnceAsync(provider, postgresAdmin, leads, email, appSettings));
        return rows;
    }

    private static async Task<string> RunOnceAsync(string provider, string? postgresAdmin, int leadCount, string email, IReadOnlyDictionary<string, string> appSettings)
    {
        var instances = provider == "postgres" ? 2 : 1;
        Console.WriteLine($"\n## kill -9 mid-send on {provider}, {instances} instance(s), email via {email}");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        await using var providers = await InstantProviders.StartAsync();
        providers.CallDelay = TimeSpan.FromMilliseconds(40);
        var settings = new Dictionary<string, string>(providers.Settings())
        {
            ["Messaging:EmailProvider"] = email,
            // Short provider timeouts allow a short lease, so the rescue comes within the run.
            ["Messaging:LeaseDuration"] = Lease.ToString(),
            ["Twilio:Timeout"] = "00:00:03",
            ["SendGrid:Timeout"] = "00:00:03",
            ["Smtp:Timeout"] = "00:00:03",
            ["Intake:LeaseDuration"] = Lease.ToString(),
            ["Polling:Enabled"] = "false",
        };
        foreach (var (k, v) in appSettings)
            settings[k] = v;
        var env = BenchHost.Environment(provider, connectionString, settings);
        await BenchHost.MigrateAsync(env);
        var secret = WebhookSource.NewSecret();
        await using var shopMonkey = await InstantShopMonkey.StartAsync(TimeProvider.System.GetUtcNow().AddMinutes(-1));
        await BenchHost.SeedTenantAsync(provider, connectionString, secret, shopMonkey.BaseUrl);

        var ports = Enumerable.Range(0, instances).Select(_ => BenchHost.FreePort()).ToArray();
        var urls = ports.Select(p => new Uri($"http://127.0.0.1:{p}/")).ToList();
        var apps = await StartAllAsync(env, ports);
        providers.EventTargets = urls;
        var webhooks = new WebhookSource(secret);
        var acknowledged = new ConcurrentBag<string>();

        // The burst, spread over the instances; the kill comes once a quarter of the first messages are out.
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(10) };
        var sent = 0;
        var burst = Task.WhenAll(Enumerable.Range(0, 16).Select(async worker =>
        {
            while (Interlocked.Increment(ref sent) <= leadCount)
            {
                using var request = webhooks.Next();
                request.RequestUri = new Uri(urls[worker % urls.Count], request.RequestUri!);
                try
                {
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
                        acknowledged.Add(WebhookSource.OrderIdOf(request));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // The app is gone: ShopMonkey would deliver it again later; it is not counted here.
                }
            }
        }));
        var killAt = leadCount / 2; // first texts and emails together
        await BenchHost.UntilAsync(() => Task.FromResult(providers.SmsCalls + providers.EmailCalls >= killAt), TimeSpan.FromMinutes(2), "Sends under way");
        foreach (var app in apps)
            app.Kill(entireProcessTree: true);
        var killedAfter = providers.SmsCalls + providers.EmailCalls;
        await burst;
        var sendingAtKill = await CountAsync(provider, connectionString, db => db.TouchPoints.AcrossTenants().CountAsync(t => t.Status == TouchPointStatus.Sending));
        Console.WriteLine($"killed after {killedAfter} provider calls; {acknowledged.Count} webhooks acknowledged; {sendingAtKill} touches left sending");

        apps = await StartAllAsync(env, ports);
        var watch = Stopwatch.StartNew();
        var orders = acknowledged.ToHashSet();
        await BenchHost.UntilAsync(async () =>
        {
            await using var db = BenchHost.Open(provider, connectionString);
            var firstTouches = await db.TouchPoints.AcrossTenants().CountAsync(t => t.StepNumber <= 2);
            var open = await db.TouchPoints.AcrossTenants().CountAsync(t => t.StepNumber <= 2
                && (t.Status == TouchPointStatus.Scheduled || t.Status == TouchPointStatus.Claimed || t.Status == TouchPointStatus.Sending));
            var leadsMade = await db.Leads.AcrossTenants().CountAsync();
            return leadsMade >= orders.Count && firstTouches == 2 * leadsMade && open == 0;
        }, Lease + TimeSpan.FromMinutes(3), "Every first touch settled");
        Console.WriteLine($"settled {watch.Elapsed.TotalSeconds:F0} s after the restart");

        await using var check = BenchHost.Open(provider, connectionString);
        var leads = await check.Leads.AcrossTenants().AsNoTracking().Where(l => orders.Contains(l.ShopMonkeyOrderId)).ToListAsync();
        var deliveries = await check.MessageDeliveries.AcrossTenants().AsNoTracking().ToListAsync();
        var touches = await check.TouchPoints.AcrossTenants().AsNoTracking().Where(t => t.StepNumber <= 2).ToListAsync();
        int lost = 0, twice = 0;
        foreach (var lead in leads)
        {
            foreach (var (recipient, channel) in new[] { (lead.Phone!, Channel.Sms), (lead.Email!, Channel.Email) })
            {
                // What reached a person: provider calls, or for the outbox the rows it recorded as delivered.
                var received = channel == Channel.Email && email == "outbox"
                    ? deliveries.Count(d => d.Recipient == recipient && d.Channel == Channel.Email && d.Status == DeliveryStatus.Delivered)
                    : providers.Calls.GetValueOrDefault(recipient);
                if (received == 0)
                    lost++;
                else if (received > 1)
                    twice++;
            }
        }
        var found = deliveries.Count(d => d.StatusHistory.Contains("after the sender stopped", StringComparison.Ordinal));
        var notArrived = deliveries.Count(d => d.ErrorCode == "not_sent");
        var byRule = deliveries.Count(d => d.Status == DeliveryStatus.InDoubt && d.ErrorMessage != null && d.ErrorMessage.Contains("sent once more", StringComparison.Ordinal));
        var inDoubt = touches.Count(t => t.Status == TouchPointStatus.InDoubt);
        Console.WriteLine($"{leads.Count} leads, {touches.Count} first touches: found {found}, never arrived {notArrived}, email resent by rule {byRule}, in doubt {inDoubt}; lost {lost}, sent twice {twice}");

        foreach (var app in apps)
            app.Kill(entireProcessTree: true);
        await dropDatabase();
        return $"| {provider} | {instances} | {email} | {leads.Count} | {touches.Count} | {sendingAtKill} | {found} | {notArrived} | {byRule} | {inDoubt} | **{lost}** | **{twice}** |";
    }

    private static async Task<List<Process>> StartAllAsync(Dictionary<string, string> env, int[] ports)
    {
        var apps = new List<Process>();
        for (var i = 0; i < ports.Length; i++)
        {
            var mine = new Dictionary<string, string>(env) { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{ports[i]}" };
            var app = BenchHost.Start([], mine, $"app{i + 1}");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[i]}/") };
            await BenchHost.WaitReadyAsync(http, app);
            apps.Add(app);
        }
        return apps;
    }

    private static async Task<int> CountAsync(string provider, string connectionString, Func<AppDbContext, Task<int>> count)
    {
        await using var db = BenchHost.Open(provider, connectionString);
        return await count(db);
    }
}
