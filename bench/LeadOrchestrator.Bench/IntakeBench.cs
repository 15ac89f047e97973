using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Bench;

/// <summary>
/// Webhook intake: /health/live req/s and webhook acceptance req/s at the same concurrency (their ratio
/// is the cost of durability), ack latency closed-loop and at a fixed rate, webhook → lead lag, and a
/// count proving every accepted webhook became exactly one lead. Messages go to the outbox.
/// </summary>
internal static class IntakeBench
{
    public const string Header = "| database | /health/live req/s | webhooks accepted/s | ratio | leads processed/s | ack p50 / p99 (closed loop) | ack p50 / p99 at fixed rate | webhook → lead p50 / p95 | accepted = leads | app peak RSS |\n|---|---|---|---|---|---|---|---|---|---|";

    public static async Task<string> RunAsync(string provider, string? postgresAdmin, int seconds, int concurrency, int rate, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## intake on {provider}");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        var env = BenchHost.Environment(provider, connectionString, appSettings);
        await BenchHost.MigrateAsync(env);

        var secret = WebhookSource.NewSecret();
        await using var shopMonkey = await InstantShopMonkey.StartAsync(TimeProvider.System.GetUtcNow().AddMinutes(-1));
        await BenchHost.SeedTenantAsync(provider, connectionString, secret, shopMonkey.BaseUrl);

        var port = BenchHost.FreePort();
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = BenchHost.Start([], env);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 64), PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        await BenchHost.WaitReadyAsync(http, app);

        var webhooks = new WebhookSource(secret);
        await Load.ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(2), _ => new HttpRequestMessage(HttpMethod.Get, "health/live"));
        var warm = await Load.ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(2), _ => webhooks.Next());
        await DrainAsync(provider, connectionString);

        var live = await Load.ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(seconds), _ => new HttpRequestMessage(HttpMethod.Get, "health/live"));
        Console.WriteLine($"/health/live: {live.PerSecond:F0} req/s, p50 {live.P50:F2} ms, p99 {live.P99:F2} ms");
        var before = webhooks.Count;
        var accept = await Load.ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(seconds), _ => webhooks.Next());
        Console.WriteLine($"webhooks: {accept.PerSecond:F0} accepted/s, p50 {accept.P50:F2} ms, p99 {accept.P99:F2} ms, non-202: {accept.Failures}");
        var drain = await DrainAsync(provider, connectionString);
        // Every lead of the closed loop, with its 13 touch points and first SMS and email (outbox), over the whole time it took.
        var processed = (webhooks.Count - before - accept.Failures) / (seconds + drain.TotalSeconds);
        Console.WriteLine($"backlog drained {drain.TotalSeconds:F1} s after the closed loop: {processed:F0} leads/s processed");

        var fixedRateStart = webhooks.Count;
        var paced = await Load.OpenLoopAsync(http, rate, TimeSpan.FromSeconds(seconds), webhooks.Next);
        Console.WriteLine($"fixed rate: {paced.PerSecond:F0} req/s sent, ack p50 {paced.P50:F2} ms, p99 {paced.P99:F2} ms, non-202: {paced.Failures}");
        await DrainAsync(provider, connectionString);
        var lag = await LagAsync(provider, connectionString, webhooks.OrderIds.Skip(fixedRateStart).ToHashSet());
        Console.WriteLine($"webhook → lead lag at {rate} req/s: p50 {lag.P50:F1} ms, p95 {lag.P95:F1} ms, max {lag.Max:F1} ms");

        var proof = await CountAsync(provider, connectionString);
        var accepted = webhooks.Count - warm.Failures - accept.Failures - paced.Failures; // each webhook is sent once, never retried
        Console.WriteLine($"accepted webhooks (all phases): {accepted}; leads: {proof.Leads} ({proof.DistinctOrders} distinct orders); events: {proof.Events}, not processed: {proof.Unprocessed}");
        var rss = BenchHost.PeakRssMb(app);
        app.Kill(entireProcessTree: true);
        await dropDatabase();

        var exact = proof.Leads == proof.DistinctOrders && proof.Leads == proof.Events && proof.Unprocessed == 0 && proof.Leads == accepted;
        return $"| {provider} | {live.PerSecond:F0} | {accept.PerSecond:F0} | {accept.PerSecond / live.PerSecond:P0} | {processed:F0} | {accept.P50:F2} / {accept.P99:F2} ms | {paced.P50:F2} / {paced.P99:F2} ms @ {paced.PerSecond:F0}/s | {lag.P50:F0} / {lag.P95:F0} ms | {(exact ? "yes" : "NO")}: {accepted} accepted, {proof.Leads} leads | {rss:F0} MB |";
    }

    private static Task<TimeSpan> DrainAsync(string provider, string connectionString) =>
        BenchHost.UntilAsync(async () =>
        {
            await using var db = BenchHost.Open(provider, connectionString);
            return !await db.InboundEvents.AcrossTenants().AnyAsync(e => e.Status == InboundEventStatus.Pending || e.Status == InboundEventStatus.Processing);
        }, TimeSpan.FromMinutes(5), "Draining the inbox");

    private static async Task<(double P50, double P95, double Max)> LagAsync(string provider, string connectionString, HashSet<string> orderIds)
    {
        await using var db = BenchHost.Open(provider, connectionString);
        var rows = await (from l in db.Leads.AcrossTenants()
                          join e in db.InboundEvents.AcrossTenants() on l.Id equals e.LeadId
                          where e.Source == InboundEventSource.Webhook
                          select new { l.ShopMonkeyOrderId, l.CreatedAt, e.ReceivedAt }).ToListAsync();
        var lags = rows.Where(r => orderIds.Contains(r.ShopMonkeyOrderId))
            .Select(r => (r.CreatedAt - r.ReceivedAt).TotalMilliseconds).Order().ToList();
        return (Stats.Percentile(lags, 50), Stats.Percentile(lags, 95), lags.Count == 0 ? double.NaN : lags[^1]);
    }

    private static async Task<(int Leads, int DistinctOrders, int Events, int Unprocessed)> CountAsync(string provider, string connectionString)
    {
        await using var db = BenchHost.Open(provider, connectionString);
        var leads = await db.Leads.AcrossTenants().CountAsync();
        var distinct = await db.Leads.AcrossTenants().Select(l => l.ShopMonkeyOrderId).Distinct().CountAsync();
        var events = await db.InboundEvents.AcrossTenants().CountAsync();
        var unprocessed = await db.InboundEvents.AcrossTenants().CountAsync(e => e.Status != InboundEventStatus.Processed);
        return (leads, distinct, events, unprocessed);
    }
}
