using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace LeadOrchestrator.Bench;

internal sealed record LoadResult(double PerSecond, double P50, double P99, int Failures);

/// <summary>Closed-loop (N connections, back to back) and open-loop (fixed rate) HTTP load.</summary>
internal static class Load
{
    public static async Task<LoadResult> ClosedLoopAsync(HttpClient http, int connections, TimeSpan duration, Func<int, HttpRequestMessage> next)
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

    /// <summary>
    /// Sends at a fixed rate. Latency is measured from each request's scheduled time, so a stalled server
    /// cannot hide queueing; <paramref name="answered"/> sees each request's answer time (Stopwatch ticks).
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(HttpClient http, int perSecond, TimeSpan duration, Func<HttpRequestMessage> next,
        Action<HttpRequestMessage, long>? answered = null)
    {
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
                if (response.StatusCode == HttpStatusCode.Accepted)
                    answered?.Invoke(request, Stopwatch.GetTimestamp());
                else
                    Interlocked.Increment(ref failures);
                request.Dispose();
            }));
        }
        await Task.WhenAll(tasks);
        var sorted = latencies.Order().ToList();
        return new LoadResult(total / duration.TotalSeconds, Stats.Percentile(sorted, 50), Stats.Percentile(sorted, 99), failures);
    }
}

/// <summary>Uniquely signed ShopMonkey order webhooks, one new order each.</summary>
internal sealed class WebhookSource(string secret)
{
    private readonly byte[] _key = Convert.FromBase64String(secret["whsec_".Length..]);
    private int _next;

    public System.Collections.Concurrent.ConcurrentQueue<string> OrderIds { get; } = new();

    public int Count => Volatile.Read(ref _next);

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The order a request from <see cref="Next"/> announces.</summary>
    public static string OrderIdOf(HttpRequestMessage request) => request.Options.TryGetValue(OrderKey, out var id) ? id : "";

    private static readonly HttpRequestOptionsKey<string> OrderKey = new("order-id");

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
        request.Options.Set(OrderKey, orderId);
        return request;
    }
}
