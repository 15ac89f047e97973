using System.Collections.Concurrent;
using System.Diagnostics;

namespace LeadOrchestrator.Bench;

/// <summary>
/// Speed to lead: from the moment a webhook's 202 reaches ShopMonkey's side to the moment the first SMS
/// to that customer reaches Twilio. ShopMonkey, Twilio and SendGrid are instant stand-ins, so the figure
/// is our own latency: inbox → intake worker → lead + cadence → dispatcher → provider call.
/// </summary>
internal static class SpeedToLeadBench
{
    public const string Header = "| database | webhooks/s | leads | webhook 202 → first SMS at Twilio p50 / p95 / max | first SMS missing | app peak RSS |\n|---|---|---|---|---|---|";

    public static async Task<List<string>> RunAsync(string provider, string? postgresAdmin, int seconds, int[] rates, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## speed to lead on {provider}");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        await using var providers = await InstantProviders.StartAsync();
        var env = BenchHost.Environment(provider, connectionString, new Dictionary<string, string>(providers.Settings().Concat(appSettings)));
        await BenchHost.MigrateAsync(env);
        var secret = WebhookSource.NewSecret();
        await using var shopMonkey = await InstantShopMonkey.StartAsync(TimeProvider.System.GetUtcNow().AddMinutes(-1));
        await BenchHost.SeedTenantAsync(provider, connectionString, secret, shopMonkey.BaseUrl);

        var port = BenchHost.FreePort();
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = BenchHost.Start([], env);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await BenchHost.WaitReadyAsync(http, app);
        var webhooks = new WebhookSource(secret);

        await MeasureAsync(http, webhooks, providers, 20, 2); // warm-up: JIT, pools, the first lead's default cadence
        var rows = new List<string>();
        foreach (var rate in rates)
        {
            var (leads, p50, p95, max, missing) = await MeasureAsync(http, webhooks, providers, rate, seconds);
            Console.WriteLine($"{rate} webhooks/s: {leads} leads, first SMS p50 {p50:F0} ms, p95 {p95:F0} ms, max {max:F0} ms, missing {missing}");
            rows.Add($"| {provider} | {rate} | {leads} | {p50:F0} / {p95:F0} / {max:F0} ms | {missing} | {BenchHost.PeakRssMb(app):F0} MB |");
        }
        app.Kill(entireProcessTree: true);
        await dropDatabase();
        return rows;
    }

    private static async Task<(int Leads, double P50, double P95, double Max, int Missing)> MeasureAsync(
        HttpClient http, WebhookSource webhooks, InstantProviders providers, int rate, int seconds)
    {
        var acknowledged = new ConcurrentDictionary<string, long>();
        await Load.OpenLoopAsync(http, rate, TimeSpan.FromSeconds(seconds), webhooks.Next,
            (request, at) => acknowledged[InstantShopMonkey.PhoneFor(WebhookSource.OrderIdOf(request))] = at);
        var missing = 0;
        try
        {
            await BenchHost.UntilAsync(() => Task.FromResult(acknowledged.Keys.All(providers.FirstCall.ContainsKey)), TimeSpan.FromSeconds(60), "Every first SMS");
        }
        catch (TimeoutException)
        {
            missing = acknowledged.Keys.Count(k => !providers.FirstCall.ContainsKey(k));
        }
        var latencies = acknowledged
            .Where(a => providers.FirstCall.ContainsKey(a.Key))
            .Select(a => Math.Max(0, Stopwatch.GetElapsedTime(a.Value, providers.FirstCall[a.Key]).TotalMilliseconds))
            .Order().ToList();
        return (acknowledged.Count, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 95), latencies.Count == 0 ? double.NaN : latencies[^1], missing);
    }
}
