// Webhook intake benchmark: a load harness against a running instance of the app.
//
//   dotnet run -c Release --project bench/LeadOrchestrator.Bench -- [--provider sqlite|postgres|both]
//       [--postgres "<admin connection string>"] [--seconds 10] [--concurrency 32] [--rate 500]
//       [--app Section:Key=value ...]   (app settings for experiments, e.g. --app Intake:Concurrency=4)
//
// bench/run.sh starts a durable throwaway PostgreSQL and runs both providers. Prints, per provider:
// /health/live req/s and webhook acceptance req/s at the same concurrency (their ratio is the cost of
// durability), ack latency p50/p99 closed-loop and at a fixed rate, webhook → lead lag p50/p95, and a
// count that proves every accepted webhook became exactly one lead.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using LeadOrchestrator.Bench;
using LeadOrchestrator.Data;
using LeadOrchestrator.Intake;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Npgsql;

var appSettings = new Dictionary<string, string>();
var options = ParseArgs(args);
var providers = options["provider"] == "both" ? new[] { "sqlite", "postgres" } : [options["provider"]];
var seconds = int.Parse(options["seconds"], CultureInfo.InvariantCulture);
var concurrency = int.Parse(options["concurrency"], CultureInfo.InvariantCulture);
var rate = int.Parse(options["rate"], CultureInfo.InvariantCulture);

Console.WriteLine($"# Webhook intake benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}, {TimeProvider.System.GetUtcNow():yyyy-MM-dd}");
Console.WriteLine($"# closed loop: {concurrency} connections × {seconds} s; open loop: {rate} req/s × {seconds} s; app settings: {(appSettings.Count == 0 ? "defaults" : string.Join(", ", appSettings.Select(p => $"{p.Key}={p.Value}")))}");
var results = new List<string>();
foreach (var provider in providers)
    results.Add(await RunAsync(provider, options.GetValueOrDefault("postgres") ?? Environment.GetEnvironmentVariable("LO_BENCH_POSTGRES")));

Console.WriteLine();
Console.WriteLine("| database | /health/live req/s | webhooks accepted/s | ratio | ack p50 / p99 (closed loop) | ack p50 / p99 at fixed rate | webhook → lead p50 / p95 | accepted = leads | app peak RSS |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var r in results)
    Console.WriteLine(r);
return 0;

async Task<string> RunAsync(string provider, string? postgresAdmin)
{
    Console.WriteLine($"\n## {provider}");
    var (connectionString, dropDatabase) = await CreateDatabaseAsync(provider, postgresAdmin);
    var appDll = typeof(WebhookSource).Assembly.Location.Replace("LeadOrchestrator.Bench.dll", "LeadOrchestrator.dll", StringComparison.Ordinal);
    var env = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = provider,
        ["ConnectionStrings__Default"] = connectionString,
        ["Logging__LogLevel__Default"] = "Warning",
        ["Demo__Enabled"] = "false",
    };
    foreach (var setting in appSettings)
        env[setting.Key.Replace(":", "__", StringComparison.Ordinal)] = setting.Value;
    await RunToEndAsync(appDll, ["migrate"], env);

    var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    var orderTime = TimeProvider.System.GetUtcNow().AddMinutes(-1); // the app runs on the system clock here
    await using var shopMonkey = await InstantShopMonkey.StartAsync(orderTime);
    await SeedTenantAsync(provider, connectionString, secret, shopMonkey.BaseUrl);

    var port = FreePort();
    env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
    using var app = Start(appDll, [], env);
    var baseUrl = new Uri($"http://127.0.0.1:{port}/");
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 64), PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = baseUrl };
    await WaitReadyAsync(http, app);

    var webhooks = new WebhookSource(secret);
    await ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(2), _ => new HttpRequestMessage(HttpMethod.Get, "health/live"));
    var warm = await ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(2), _ => webhooks.Next());
    await DrainAsync(provider, connectionString);

    var live = await ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(seconds), _ => new HttpRequestMessage(HttpMethod.Get, "health/live"));
    Console.WriteLine($"/health/live: {live.PerSecond:F0} req/s, p50 {live.P50:F2} ms, p99 {live.P99:F2} ms");
    var accept = await ClosedLoopAsync(http, concurrency, TimeSpan.FromSeconds(seconds), _ => webhooks.Next());
    Console.WriteLine($"webhooks: {accept.PerSecond:F0} accepted/s, p50 {accept.P50:F2} ms, p99 {accept.P99:F2} ms, non-202: {accept.Failures}");
    var drain = await DrainAsync(provider, connectionString);
    Console.WriteLine($"backlog drained {drain.TotalSeconds:F1} s after the closed loop");

    var fixedRateStart = webhooks.Count;
    var paced = await OpenLoopAsync(http, rate, TimeSpan.FromSeconds(seconds), () => webhooks.Next());
    Console.WriteLine($"fixed rate: {paced.PerSecond:F0} req/s sent, ack p50 {paced.P50:F2} ms, p99 {paced.P99:F2} ms, non-202: {paced.Failures}");
    await DrainAsync(provider, connectionString);
    var lag = await LagAsync(provider, connectionString, webhooks.OrderIds.Skip(fixedRateStart).ToHashSet());
    Console.WriteLine($"webhook → lead lag at {rate} req/s: p50 {lag.P50:F1} ms, p95 {lag.P95:F1} ms, max {lag.Max:F1} ms");

    var proof = await CountAsync(provider, connectionString);
    var accepted = webhooks.Count - warm.Failures - accept.Failures - paced.Failures; // each webhook is sent once, never retried
    Console.WriteLine($"accepted webhooks (all phases): {accepted}; leads: {proof.Leads} ({proof.DistinctOrders} distinct orders); events: {proof.Events}, not processed: {proof.Unprocessed}");
    var rss = PeakRssMb(app);
    app.Kill(entireProcessTree: true);
    await dropDatabase();

    var exact = proof.Leads == proof.DistinctOrders && proof.Leads == proof.Events && proof.Unprocessed == 0 && proof.Leads == accepted;
    return $"| {provider} | {live.PerSecond:F0} | {accept.PerSecond:F0} | {accept.PerSecond / live.PerSecond:P0} | {accept.P50:F2} / {accept.P99:F2} ms | {paced.P50:F2} / {paced.P99:F2} ms @ {paced.PerSecond:F0}/s | {lag.P50:F0} / {lag.P95:F0} ms | {(exact ? "yes" : "NO")}: {accepted} accepted, {proof.Leads} leads | {rss:F0} MB |";
}

static async Task<(string ConnectionString, Func<Task> Drop)> CreateDatabaseAsync(string provider, string? postgresAdmin)
{
    if (provider == "sqlite")
    {
        var folder = Directory.CreateTempSubdirectory("lo-bench-").FullName;
        return ($"Data Source={Path.Combine(folder, "bench.db")}", () => { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); Directory.Delete(folder, true); return Task.CompletedTask; });
    }
    if (string.IsNullOrEmpty(postgresAdmin))
        throw new InvalidOperationException("PostgreSQL needs --postgres or LO_BENCH_POSTGRES (bench/run.sh provides one).");
    var name = $"lo_bench_{Environment.ProcessId}_{Environment.TickCount64}";
    await using (var c = new NpgsqlConnection(postgresAdmin))
    {
        await c.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", c).ExecuteNonQueryAsync();
    }
    var cs = new NpgsqlConnectionStringBuilder(postgresAdmin) { Database = name }.ConnectionString;
    return (cs, async () =>
    {
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(postgresAdmin);
        await c.OpenAsync();
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c).ExecuteNonQueryAsync();
    });
}

static AppDbContext Open(string provider, string connectionString)
{
    if (provider == "sqlite")
    {
        var o = new DbContextOptionsBuilder<SqliteAppDbContext>();
        DataExtensions.ConfigureSqlite(o, connectionString);
        return new SqliteAppDbContext(o.Options);
    }
    var p = new DbContextOptionsBuilder<PostgresAppDbContext>();
    DataExtensions.ConfigurePostgres(p, connectionString);
    return new PostgresAppDbContext(p.Options);
}

static async Task SeedTenantAsync(string provider, string connectionString, string secret, Uri shopMonkey)
{
    await using var db = Open(provider, connectionString);
    var now = TimeProvider.System.GetUtcNow();
    var tenant = new Tenant { Id = Guid.CreateVersion7(now), Slug = "bench", Name = "Bench Tint", CreatedAt = now };
    db.Tenants.Add(tenant);
    db.Locations.Add(new Location
    {
        Id = Guid.CreateVersion7(now), TenantId = tenant.Id, Name = "Bench shop", TimeZone = "America/Chicago", Address1 = "1 Main St",
        City = "Austin", State = "TX", PostalCode = "78701", Phone = "+15125550142", ShopMonkeyLocationId = InstantShopMonkey.LocationId, CreatedAt = now,
    });
    db.TenantCrmConfigs.Add(new TenantCrmConfig { TenantId = tenant.Id, ApiBaseUrl = shopMonkey.ToString(), ApiKey = InstantShopMonkey.ApiKey, WebhookSecret = secret, UpdatedAt = now });
    await db.SaveChangesAsync();
}

static async Task<TimeSpan> DrainAsync(string provider, string connectionString)
{
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromMinutes(5))
    {
        await using var db = Open(provider, connectionString);
        var open = await db.InboundEvents.AcrossTenants().CountAsync(e => e.Status == InboundEventStatus.Pending || e.Status == InboundEventStatus.Processing);
        if (open == 0)
            return watch.Elapsed;
        await Task.Delay(100);
    }
    throw new TimeoutException("The inbox did not drain in 5 minutes.");
}

static async Task<(double P50, double P95, double Max)> LagAsync(string provider, string connectionString, HashSet<string> orderIds)
{
    await using var db = Open(provider, connectionString);
    var rows = await (from l in db.Leads.AcrossTenants()
                      join e in db.InboundEvents.AcrossTenants() on l.Id equals e.LeadId
                      where e.Source == InboundEventSource.Webhook
                      select new { l.ShopMonkeyOrderId, l.CreatedAt, e.ReceivedAt }).ToListAsync();
    var lags = rows.Where(r => orderIds.Contains(r.ShopMonkeyOrderId))
        .Select(r => (r.CreatedAt - r.ReceivedAt).TotalMilliseconds).Order().ToList();
    return (Stats.Percentile(lags, 50), Stats.Percentile(lags, 95), lags.Count == 0 ? double.NaN : lags[^1]);
}

static async Task<(int Leads, int DistinctOrders, int Events, int Unprocessed)> CountAsync(string provider, string connectionString)
{
    await using var db = Open(provider, connectionString);
    var leads = await db.Leads.AcrossTenants().CountAsync();
    var distinct = await db.Leads.AcrossTenants().Select(l => l.ShopMonkeyOrderId).Distinct().CountAsync();
    var events = await db.InboundEvents.AcrossTenants().CountAsync();
    var unprocessed = await db.InboundEvents.AcrossTenants().CountAsync(e => e.Status != InboundEventStatus.Processed);
    return (leads, distinct, events, unprocessed);
}

static async Task<LoadResult> ClosedLoopAsync(HttpClient http, int connections, TimeSpan duration, Func<int, HttpRequestMessage> next)
{
    var latencies = new List<double>[connections];
    var failures = 0;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
    {
        var mine = latencies[worker] = new List<double>(100_000);
        while (watch.Elapsed < duration)
        {
            using var request = next(worker);
            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted)
                continue;
            Interlocked.Increment(ref failures);
        }
    }));
    var elapsed = watch.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToList();
    return new LoadResult(all.Count / elapsed, Stats.Percentile(all, 50), Stats.Percentile(all, 99), failures);
}

static async Task<LoadResult> OpenLoopAsync(HttpClient http, int perSecond, TimeSpan duration, Func<HttpRequestMessage> next)
{
    // Latency is measured from each request's scheduled time, so a stalled server cannot hide queueing.
    var total = (int)(perSecond * duration.TotalSeconds);
    var latencies = new double[total];
    var failures = 0;
    var tasks = new List<Task>(total);
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < total; i++)
    {
        var due = TimeSpan.FromSeconds((double)i / perSecond);
        var wait = due - watch.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1))
            await Task.Delay(wait);
        var index = i;
        var request = next();
        tasks.Add(Task.Run(async () =>
        {
            using var response = await http.SendAsync(request);
            latencies[index] = (watch.Elapsed - due).TotalMilliseconds;
            request.Dispose();
            if (response.StatusCode != HttpStatusCode.Accepted)
                Interlocked.Increment(ref failures);
        }));
    }
    await Task.WhenAll(tasks);
    var sorted = latencies.Order().ToList();
    return new LoadResult(total / duration.TotalSeconds, Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99), failures);
}

static async Task WaitReadyAsync(HttpClient http, Process app)
{
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed < TimeSpan.FromSeconds(60))
    {
        if (app.HasExited)
            throw new InvalidOperationException($"The app exited with {app.ExitCode}.");
        try
        {
            if ((await http.GetAsync("health/ready")).IsSuccessStatusCode)
                return;
        }
        catch (HttpRequestException)
        {
        }
        await Task.Delay(200);
    }
    throw new TimeoutException("The app did not become ready.");
}

static Process Start(string dll, string[] arguments, Dictionary<string, string> env)
{
    var info = new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
    foreach (var (k, v) in env)
        info.Environment[k] = v;
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && !line.StartsWith("info", StringComparison.Ordinal)) Console.Error.WriteLine("  app| " + line); };
    process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine("  app! " + line); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task RunToEndAsync(string dll, string[] arguments, Dictionary<string, string> env)
{
    using var process = Start(dll, arguments, env);
    await process.WaitForExitAsync();
    if (process.ExitCode != 0)
        throw new InvalidOperationException($"{string.Join(' ', arguments)} exited with {process.ExitCode}");
}

static double PeakRssMb(Process process)
{
    try
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }
    catch (IOException)
    {
        return double.NaN;
    }
}

static int FreePort()
{
    using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

Dictionary<string, string> ParseArgs(string[] args)
{
    var o = new Dictionary<string, string> { ["provider"] = "both", ["seconds"] = "10", ["concurrency"] = "32", ["rate"] = "500" };
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        if (args[i] == "--app" && args[i + 1].Split('=', 2) is [var key, var value])
            appSettings[key] = value;
        else
            o[args[i].TrimStart('-')] = args[i + 1];
    }
    return o;
}

internal sealed record LoadResult(double PerSecond, double P50, double P99, int Failures);

/// <summary>Uniquely signed ShopMonkey order webhooks, one new order each.</summary>
internal sealed class WebhookSource(string secret)
{
    private readonly byte[] _key = Convert.FromBase64String(secret["whsec_".Length..]);
    private int _next;

    public System.Collections.Concurrent.ConcurrentQueue<string> OrderIds { get; } = new();

    public int Count => Volatile.Read(ref _next);

    public HttpRequestMessage Next()
    {
        var n = Interlocked.Increment(ref _next);
        var orderId = $"bench-{Environment.ProcessId}-{n:D8}";
        OrderIds.Enqueue(orderId);
        var id = $"msg_{orderId}";
        var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes($$$"""{"apiVersion":"3","operation":"INSERT","table":"order","data":{"id":"{{{orderId}}}","status":"Estimate","locationId":"{{{InstantShopMonkey.LocationId}}}"}}""");
        byte[] signed = [.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. body];
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, signed));
        var request = new HttpRequestMessage(HttpMethod.Post, "webhooks/shopmonkey/bench") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1," + signature);
        return request;
    }
}
