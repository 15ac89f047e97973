using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using LeadOrchestrator.Conversations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LeadOrchestrator.Bench;

/// <summary>
/// The customer chat page: (1) the production bundle's size — what a phone downloads, gzipped and as the
/// app sends it (brotli); (2) the time from navigation to the first rendered greeting on a cold load (a new
/// browser context each time: no cache, no connection) in headless Chromium, on loopback and with a phone
/// profile (Chrome's "Slow 4G" latency and bandwidth, CPU slowed 4×, as Lighthouse's mobile run does).
/// </summary>
internal static partial class WebBench
{
    public const string Header = "| database | JS gzip | CSS gzip | total gzip (raw) | sent by the app (br) | profile | greeting p50 / p95 / max | first paint p50 | HTML p50 | loads |\n|---|---|---|---|---|---|---|---|---|---|";

    private sealed record Profile(string Name, double LatencyMs, double DownKbps, double UpKbps, double CpuSlowdown);

    private static readonly Profile[] Profiles =
    [
        new("loopback", 0, 0, 0, 1),
        new("phone (Slow 4G, 4× CPU)", 150, 1_600, 750, 4),
    ];

    [GeneratedRegex("(?:src|href)=\"(/app/assets/[^\"]+\\.(?:js|css))\"")]
    private static partial Regex Asset();

    public static async Task<List<string>> RunAsync(string provider, string? postgresAdmin, int loads, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## chat page on {provider}");
        var webRoot = BenchHost.WebRoot;
        if (!File.Exists(Path.Combine(webRoot, "app", "index.html")))
            throw new InvalidOperationException($"No built chat page in {webRoot}; build the app first (bench/run.sh does).");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        var (settings, tokens) = BenchHost.ChatClients(appSettings);
        var env = BenchHost.Environment(provider, connectionString, settings);
        await BenchHost.MigrateAsync(env);
        var lead = (await ChatStreamBench.SeedLeadsAsync(provider, connectionString, 1))[0];
        await SeedConversationAsync(provider, connectionString, lead);
        var token = (await BenchHost.ChatTokensAsync(tokens, [lead]))[0].Token;

        var port = BenchHost.FreePort();
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = BenchHost.Start([], env);
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = baseUrl };
        await BenchHost.WaitReadyAsync(http, app);
        var link = new Uri(baseUrl, $"c/{token}").ToString();

        var (js, css, raw, sent) = await BundleAsync(http, link, webRoot);
        Console.WriteLine($"bundle: JS {Kb(js)} gzip, CSS {Kb(css)} gzip, total {Kb(js + css)} gzip ({Kb(raw)} raw); the app sends {Kb(sent)} (br)");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = System.Environment.GetEnvironmentVariable("LO_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        var rows = new List<string>();
        foreach (var profile in Profiles)
        {
            await LoadAsync(browser, link, profile); // warm-up: the server's first request pays for JIT
            var samples = new List<(double Greeting, double Paint, double Html)>();
            for (var i = 0; i < loads; i++)
                samples.Add(await LoadAsync(browser, link, profile));
            var greeting = samples.Select(s => s.Greeting).Order().ToList();
            var paint = samples.Select(s => s.Paint).Order().ToList();
            var html = samples.Select(s => s.Html).Order().ToList();
            Console.WriteLine($"{profile.Name}: greeting p50 {Stats.Percentile(greeting, 50):F0} ms, p95 {Stats.Percentile(greeting, 95):F0} ms, max {greeting[^1]:F0} ms; first paint p50 {Stats.Percentile(paint, 50):F0} ms; HTML p50 {Stats.Percentile(html, 50):F0} ms ({loads} cold loads)");
            rows.Add($"| {provider} | {Kb(js)} | {Kb(css)} | **{Kb(js + css)}** ({Kb(raw)}) | {Kb(sent)} | {profile.Name} | **{Stats.Percentile(greeting, 50):F0}** / {Stats.Percentile(greeting, 95):F0} / {greeting[^1]:F0} ms | {Stats.Percentile(paint, 50):F0} ms | {Stats.Percentile(html, 50):F0} ms | {loads} |");
        }

        app.Kill();
        await app.WaitForExitAsync();
        await dropDatabase();
        return rows;
    }

    /// <summary>The page's script and stylesheet: gzip sizes (as a static host would send them), raw, and what the app sent with brotli.</summary>
    private static async Task<(long Js, long Css, long Raw, long Sent)> BundleAsync(HttpClient http, string link, string webRoot)
    {
        var html = await http.GetStringAsync(link);
        long js = 0, css = 0, raw = 0, sent = 0;
        foreach (var path in Asset().Matches(html).Select(m => m.Groups[1].Value).Distinct())
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(webRoot, path.TrimStart('/')));
            raw += bytes.Length;
            var gzipped = new MemoryStream();
            await using (var gzip = new GZipStream(gzipped, CompressionLevel.SmallestSize, leaveOpen: true))
                await gzip.WriteAsync(bytes);
            if (path.EndsWith(".js", StringComparison.Ordinal))
                js += gzipped.Length;
            else
                css += gzipped.Length;
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd("br");
            using var response = await http.SendAsync(request);
            sent += (await response.Content.ReadAsByteArrayAsync()).Length;
        }
        return (js, css, raw, sent);
    }

    /// <summary>One cold load on a phone-sized screen: navigation start → the greeting's first render, first paint, HTML received.</summary>
    private static async Task<(double Greeting, double Paint, double Html)> LoadAsync(IBrowser browser, string link, Profile profile)
    {
        await using var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 360, Height = 740 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true });
        var page = await context.NewPageAsync();
        if (profile.LatencyMs > 0)
        {
            var cdp = await context.NewCDPSessionAsync(page);
            await cdp.SendAsync("Network.enable");
            await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
            {
                ["offline"] = false,
                ["latency"] = profile.LatencyMs,
                ["downloadThroughput"] = profile.DownKbps * 1000 / 8,
                ["uploadThroughput"] = profile.UpKbps * 1000 / 8,
            });
            await cdp.SendAsync("Emulation.setCPUThrottlingRate", new Dictionary<string, object> { ["rate"] = profile.CpuSlowdown });
        }
        await page.GotoAsync(link);
        await page.Locator(".greeting").WaitForAsync();
        var times = await page.EvaluateAsync<double[]>("""
            () => [
              performance.getEntriesByName("lo:greeting")[0]?.startTime ?? NaN,
              performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
              performance.getEntriesByType("navigation")[0]?.responseEnd ?? NaN,
            ]
            """);
        return (times[0], times[1], times[2]);
    }

    /// <summary>A conversation of twelve messages, so the page's first paint carries a real history.</summary>
    private static async Task SeedConversationAsync(string provider, string connectionString, Guid leadId)
    {
        await using var db = BenchHost.Open(provider, connectionString);
        var lead = await db.Leads.IgnoreQueryFilters().SingleAsync(l => l.Id == leadId);
        var now = TimeProvider.System.GetUtcNow();
        var session = new ChatSession { Id = Guid.CreateVersion7(now), TenantId = lead.TenantId, LeadId = lead.Id, CreatedAt = now, UpdatedAt = now };
        db.ChatSessions.Add(session);
        for (var i = 0; i < 12; i++)
            db.ChatMessages.Add(new ChatMessage
            {
                Id = Guid.CreateVersion7(now), TenantId = lead.TenantId, SessionId = session.Id, LeadId = lead.Id,
                Role = i % 2 == 0 ? ChatRole.Customer : ChatRole.Assistant, Channel = i < 2 ? ConversationChannel.Sms : ConversationChannel.Web,
                Content = i % 2 == 0 ? "How much is ceramic tint for my Camry, and could I come in on Saturday?" : "Ceramic Window Tint - Full Sedan is $399 and takes about 3 h. Free times on Saturday: 9:00 am, 9:30 am, 10:00 am.",
                Provider = i % 2 == 0 ? null : "offline", CreatedAt = now.AddSeconds(i),
            });
        await db.SaveChangesAsync();
    }

    private static string Kb(long bytes) => $"{bytes / 1024.0:F1} KB";
}
