using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Identity;

namespace LeadOrchestrator.Bench;

/// <summary>
/// How long a console sign-in takes to answer for a known address with a wrong password, an unknown
/// address, and the right password. The first two must not be told apart by time: an unknown address gets
/// a password hashed too. Each attempt comes from its own loopback address (no per-address limit) and a
/// right one after each wrong one keeps the per-account brake off, so only the answer's own cost is measured.
/// </summary>
internal static class SignInBench
{
    public const string Header = "| database | attempts each | known address, wrong password p50 / p95 | unknown address p50 / p95 | right password p50 / p95 |\n|---|---|---|---|---|";

    public static async Task<string> RunAsync(string provider, string? postgresAdmin, int attempts, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## sign-in timing on {provider}");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        var env = BenchHost.Environment(provider, connectionString, new Dictionary<string, string>(appSettings) { ["Polling:Enabled"] = "false" });
        await BenchHost.MigrateAsync(env);
        await using var shopMonkey = await InstantShopMonkey.StartAsync(TimeProvider.System.GetUtcNow());
        var tenant = await BenchHost.SeedTenantAsync(provider, connectionString, WebhookSource.NewSecret(), shopMonkey.BaseUrl);
        const string email = "owner@bench.example", password = "the bench owner's passphrase";
        await using (var db = BenchHost.Open(provider, connectionString))
        {
            var user = new StaffUser { Id = Guid.NewGuid(), TenantId = tenant.Id, Email = email, DisplayName = "Bench Owner", Role = StaffRole.Owner, PasswordHash = "" };
            user.PasswordHash = new PasswordHasher<StaffUser>().HashPassword(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
        }

        var port = BenchHost.FreePort();
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = BenchHost.Start([], env);
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using (var ready = new HttpClient { BaseAddress = baseUrl })
            await BenchHost.WaitReadyAsync(ready, app);

        List<double> wrong = [], unknown = [], right = [];
        var address = 0;
        for (var i = -5; i < attempts; i++) // the first rounds warm up (JIT, pools)
        {
            var w = await TimeAsync(baseUrl, ++address, email, "not the password", HttpStatusCode.Unauthorized);
            var u = await TimeAsync(baseUrl, ++address, $"nobody{i + 5}@bench.example", "not the password", HttpStatusCode.Unauthorized);
            var r = await TimeAsync(baseUrl, ++address, email, password, HttpStatusCode.NoContent);
            if (i < 0)
                continue;
            (wrong, unknown, right) = ([.. wrong, w], [.. unknown, u], [.. right, r]);
        }
        app.Kill(entireProcessTree: true);
        await dropDatabase();
        Console.WriteLine($"known address, wrong password: p50 {Stats.Percentile(wrong.Order().ToList(), 50):F1} ms; unknown address: p50 {Stats.Percentile(unknown.Order().ToList(), 50):F1} ms");
        return $"| {provider} | {attempts} | {Pair(wrong)} | {Pair(unknown)} | {Pair(right)} |";
    }

    private static string Pair(List<double> values)
    {
        var sorted = values.Order().ToList();
        return $"{Stats.Percentile(sorted, 50):F1} / {Stats.Percentile(sorted, 95):F1} ms";
    }

    /// <summary>One sign-in from 127.0.x.y (Linux routes all of 127/8 here), timed from send to answer.</summary>
    internal static async Task<double> TimeAsync(Uri baseUrl, int n, string email, string password, HttpStatusCode expected)
    {
        var from = IPAddress.Parse($"127.0.{1 + n / 250}.{1 + n % 250}");
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = baseUrl };
        var started = Stopwatch.GetTimestamp();
        using var response = await http.PostAsJsonAsync("api/console/auth/login", new { email, password });
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}, not {(int)expected}.");
        return elapsed;
    }
}
