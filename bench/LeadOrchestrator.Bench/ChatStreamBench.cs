using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Bench;

/// <summary>
/// The chat stream under load, with an OpenAI-compatible stand-in that streams instantly:
/// (1) time from request to the first SSE event at N concurrent streams — the server's own added time,
/// since the model answers at once; (2) how many streams one instance holds open (the model sends its
/// first token, then waits) and its memory while it does.
/// </summary>
internal static class ChatStreamBench
{
    public const string Header = "| database | concurrent streams | streams/s (closed loop) | request → first SSE event, closed loop p50 / p95 / max | … new streams at 20/s with that many in flight p50 / p95 / max | errors | open streams held | RSS with them open | app peak RSS |\n|---|---|---|---|---|---|---|---|---|";

    public static async Task<string> RunAsync(string provider, string? postgresAdmin, int seconds, int concurrency, int openStreams, IReadOnlyDictionary<string, string> appSettings)
    {
        Console.WriteLine($"\n## chat streams on {provider}");
        var (connectionString, dropDatabase) = await BenchHost.CreateDatabaseAsync(provider, postgresAdmin);
        await using var model = await StreamingModel.StartAsync();
        var (settings, tokens) = BenchHost.ChatClients(new Dictionary<string, string>
        {
            ["AI:Provider"] = "openai",
            ["AI:OpenAI:Endpoint"] = model.Endpoint,
            ["AI:OpenAI:ApiKey"] = "bench",
            ["AI:AnswerTimeout"] = "00:10:00",
        }.Concat(appSettings).ToDictionary(p => p.Key, p => p.Value));
        var env = BenchHost.Environment(provider, connectionString, settings);
        await BenchHost.MigrateAsync(env);
        var leads = await SeedLeadsAsync(provider, connectionString, Math.Max(concurrency + 20 * seconds, openStreams));
        var chats = await BenchHost.ChatTokensAsync(tokens, leads);

        var port = BenchHost.FreePort();
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        using var app = BenchHost.Start([], env);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4096, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            Timeout = TimeSpan.FromMinutes(10),
        };
        await BenchHost.WaitReadyAsync(http, app);

        await ClosedLoopAsync(http, chats.Take(concurrency).ToList(), TimeSpan.FromSeconds(2)); // warm-up
        var (rate, p50, p95, max, errors) = await ClosedLoopAsync(http, chats.Take(concurrency).ToList(), TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"{concurrency} concurrent streams: {rate:F0} streams/s, first SSE event p50 {p50:F1} ms, p95 {p95:F1} ms, max {max:F1} ms, errors {errors}");

        // New conversations arriving at a steady 20/s while `concurrency` answers are streaming (the model
        // holds them after their first token): the time a customer waits for the first words.
        model.Hold = true;
        var background = await OpenAsync(http, chats.Take(concurrency).ToList());
        var (q50, q95, qMax, qErrors) = await SteadyArrivalsAsync(http, chats.Skip(concurrency).Take(20 * seconds).ToList(), 20);
        Console.WriteLine($"with {background.Count} streams in flight, new streams at 20/s: first SSE event p50 {q50:F1} ms, p95 {q95:F1} ms, max {qMax:F1} ms, errors {qErrors}");
        Close(background);
        model.Release();
        model.Reset();

        model.Hold = true;
        var (held, rssOpen) = await HoldOpenAsync(http, chats.Take(openStreams).ToList(), app);
        Console.WriteLine($"open streams held at once: {held} of {openStreams}, app RSS {rssOpen:F0} MB");
        model.Release();

        var row = $"| {provider} | {concurrency} | {rate:F0} | {p50:F1} / {p95:F1} / {max:F1} ms | {q50:F1} / {q95:F1} / {qMax:F1} ms | {errors + qErrors} | {held} | {rssOpen:F0} MB | {BenchHost.PeakRssMb(app):F0} MB |";
        app.Kill(entireProcessTree: true);
        await dropDatabase();
        return row;
    }

    private static async Task<(double Rate, double P50, double P95, double Max, int Errors)> ClosedLoopAsync(HttpClient http, List<(Guid Lead, string Token)> chats, TimeSpan duration)
    {
        var latencies = new List<double>[chats.Count];
        var errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(chats.Select((chat, i) => Task.Run(async () =>
        {
            latencies[i] = [];
            while (Stopwatch.GetTimestamp() < until)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.SendAsync(Request(chat), HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    var buffer = new byte[4096];
                    if (!response.IsSuccessStatusCode || await body.ReadAsync(buffer) == 0)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }
                    latencies[i].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return (all.Count / watch.Elapsed.TotalSeconds, Stats.Percentile(all, 50), Stats.Percentile(all, 95), all.Count == 0 ? double.NaN : all[^1], errors);
    }

    private static async Task<(double P50, double P95, double Max, int Errors)> SteadyArrivalsAsync(HttpClient http, List<(Guid Lead, string Token)> chats, int perSecond)
    {
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = 0;
        var start = Stopwatch.GetTimestamp();
        var tasks = chats.Select(async (chat, i) =>
        {
            var due = start + (long)(i * Stopwatch.Frequency / (double)perSecond);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            try
            {
                using var response = await http.SendAsync(Request(chat), HttpCompletionOption.ResponseHeadersRead);
                await using var body = await response.Content.ReadAsStreamAsync();
                if (!response.IsSuccessStatusCode || await body.ReadAsync(new byte[4096]) == 0)
                    Interlocked.Increment(ref errors);
                else
                    latencies.Add(Stopwatch.GetElapsedTime(due).TotalMilliseconds); // from the scheduled time: a stall cannot hide
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors);
            }
        });
        await Task.WhenAll(tasks);
        var all = latencies.Order().ToList();
        return (Stats.Percentile(all, 50), Stats.Percentile(all, 95), all.Count == 0 ? double.NaN : all[^1], errors);
    }

    private static async Task<List<(HttpResponseMessage Response, Stream Body)>> OpenAsync(HttpClient http, List<(Guid Lead, string Token)> chats)
    {
        var open = new List<(HttpResponseMessage Response, Stream Body)>();
        var gate = new SemaphoreSlim(64);
        var tasks = chats.Select(async chat =>
        {
            await gate.WaitAsync();
            try
            {
                var response = await http.SendAsync(Request(chat), HttpCompletionOption.ResponseHeadersRead);
                var body = await response.Content.ReadAsStreamAsync();
                var first = await body.ReadAsync(new byte[4096]);
                if (!response.IsSuccessStatusCode || first == 0)
                    return ((HttpResponseMessage, Stream)?)null;
                return (response, body);
            }
            catch (HttpRequestException)
            {
                return null;
            }
            finally
            {
                gate.Release();
            }
        });
        foreach (var result in await Task.WhenAll(tasks))
            if (result is { } r)
                open.Add(r);
        return open;
    }

    private static void Close(List<(HttpResponseMessage Response, Stream Body)> open)
    {
        foreach (var (response, body) in open)
        {
            body.Dispose();
            response.Dispose();
        }
    }

    /// <summary>Opens streams in waves until all are open (each has its first event), then reads the app's memory.</summary>
    private static async Task<(int Held, double RssMb)> HoldOpenAsync(HttpClient http, List<(Guid Lead, string Token)> chats, Process app)
    {
        var open = await OpenAsync(http, chats);
        await Task.Delay(1000); // let the app settle before reading its memory
        var rss = CurrentRssMb(app);
        Close(open);
        return (open.Count, rss);
    }

    private static HttpRequestMessage Request((Guid Lead, string Token) chat) =>
        new(HttpMethod.Post, $"api/chat/{chat.Lead}/stream")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", chat.Token) },
            Content = JsonContent.Create(new { message = "Hi! What does ceramic tint cost?" }),
        };

    private static double CurrentRssMb(Process process)
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>A tenant, one shop with a small catalog, and <paramref name="count"/> leads that can chat.</summary>
    internal static async Task<List<Guid>> SeedLeadsAsync(string provider, string connectionString, int count)
    {
        var tenant = await BenchHost.SeedTenantAsync(provider, connectionString, WebhookSource.NewSecret(), new Uri("http://127.0.0.1:9/"));
        await using var db = BenchHost.Open(provider, connectionString);
        var location = await db.Locations.IgnoreQueryFilters().SingleAsync(l => l.TenantId == tenant.Id);
        var now = TimeProvider.System.GetUtcNow();
        db.ServiceCatalog.Add(new Tenants.ServiceCatalogItem { Id = Guid.CreateVersion7(now), TenantId = tenant.Id, Name = "Ceramic Window Tint - Full Sedan", PriceCents = 39_900, DurationMinutes = 180, Bookable = true, UpdatedAt = now });
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var lead = new Lead
            {
                Id = Guid.CreateVersion7(now), TenantId = tenant.Id, LocationId = location.Id, ShopMonkeyOrderId = $"chat-{i}", OrderStatus = "Estimate",
                FirstName = "Chat", Phone = $"+1512{i:D7}", VehicleYear = 2022, VehicleMake = "Toyota", VehicleModel = "Camry",
                EstimateName = "Ceramic Window Tint - Full Sedan", OrderCreatedAt = now, OrderUpdatedAt = now, CreatedAt = now, UpdatedAt = now,
            };
            db.Leads.Add(lead);
            ids.Add(lead.Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }
}

/// <summary>
/// An OpenAI-compatible <c>/v1/chat/completions</c> that streams a short answer at once — or, while
/// <see cref="Hold"/> is set, its first token and then nothing until <see cref="Release"/>.
/// </summary>
internal sealed class StreamingModel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private StreamingModel(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public volatile bool Hold;

    public void Release() => _released.TrySetResult();

    /// <summary>Ready to hold again after a release.</summary>
    public void Reset()
    {
        Hold = false;
        _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public static async Task<StreamingModel> StartAsync()
    {
        var app = LoopbackServer.Create();
        var model = new StreamingModel(app);
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task>)model.AnswerAsync);
        await app.StartAsync();
        model.Endpoint = LoopbackServer.Address(app) + "/v1";
        return model;
    }

    private static readonly byte[] First = Chunk("""{"role":"assistant","content":"Ceramic tint "}""", null);

    private static readonly byte[] Rest = [.. Chunk("""{"content":"for a full sedan is "}""", null), .. Chunk("""{"content":"$399."}""", null), .. Chunk("{}", "\"stop\""),
        .. Encoding.UTF8.GetBytes("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":12,\"total_tokens\":312}}\n\ndata: [DONE]\n\n")];

    private static byte[] Chunk(string delta, string? finish) =>
        Encoding.UTF8.GetBytes($"data: {{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{{\"index\":0,\"delta\":{delta},\"finish_reason\":{finish ?? "null"}}}]}}\n\n");

    private async Task AnswerAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Response.ContentType = "text/event-stream";
        await context.Response.Body.WriteAsync(First);
        await context.Response.Body.FlushAsync();
        if (Hold)
            await _released.Task.WaitAsync(context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        if (context.RequestAborted.IsCancellationRequested)
            return;
        await context.Response.Body.WriteAsync(Rest);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
