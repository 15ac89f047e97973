using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using LeadOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadOrchestrator.Bench;

/// <summary>
/// Twilio's Messages endpoint and SendGrid's mail/send, answering at once with what the official SDKs
/// expect. Counts every call per recipient (a duplicate send shows up as a count above one) and keeps
/// each recipient's first arrival time for speed-to-lead. For the fault scenario it can also take a while
/// to answer (<see cref="CallDelay"/>), list the texts it took (Twilio's message list, which the app asks
/// after losing an answer) and post SendGrid's signed "processed" events back to the app, retrying while
/// the app is down, as SendGrid does.
/// </summary>
internal sealed class InstantProviders : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000bench";
    public const string AuthToken = "bench-auth-token";
    public const string SendGridKey = "SG.bench";

    private readonly WebApplication _app;
    private long _sequence;
    private readonly ConcurrentDictionary<string, (string To, string From, string Body, DateTimeOffset Created)> _texts = new();
    private readonly ConcurrentQueue<string> _events = new();
    private readonly System.Security.Cryptography.ECDsa _eventKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
    private readonly CancellationTokenSource _stop = new();
    private Task? _eventPoster;

    /// <summary>
    /// How long each send takes: half of it before the message is taken (a stop then means it never
    /// arrived), half after (it arrived, but the answer may be lost).
    /// </summary>
    public TimeSpan CallDelay { get; set; }

    /// <summary>Where SendGrid events go (any one of the app's instances); none: no events are sent.</summary>
    public IReadOnlyList<Uri> EventTargets { get; set; } = [];

    /// <summary>The event webhook's verification key, for <c>SendGrid:EventWebhookPublicKey</c>.</summary>
    public string EventPublicKey => Convert.ToBase64String(_eventKey.ExportSubjectPublicKeyInfo());

    private InstantProviders(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Calls per recipient (phone or email), and each recipient's first call in <see cref="Stopwatch"/> ticks.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    public ConcurrentDictionary<string, long> FirstCall { get; } = new();

    public long SmsCalls => Interlocked.Read(ref _sms);
    public long EmailCalls => Interlocked.Read(ref _email);
    public long FirstTicks => Interlocked.Read(ref _first);
    public long LastTicks => Interlocked.Read(ref _last);

    private long _sms, _email, _first = long.MaxValue, _last;

    public static async Task<InstantProviders> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new InstantProviders(app);
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", fake.TwilioAsync);
        app.MapGet("/2010-04-01/Accounts/{account}/Messages.json", fake.ListTexts);
        app.MapPost("/v3/mail/send", fake.SendGridAsync);
        await app.StartAsync();
        fake._eventPoster = fake.PostEventsAsync(fake._stop.Token);
        fake.BaseUrl = new Uri(LoopbackServer.Address(app) + "/");
        return fake;
    }

    /// <summary>App settings that send SMS through Twilio and email through SendGrid, both here.</summary>
    public Dictionary<string, string> Settings() => new()
    {
        ["Messaging:SmsProvider"] = "twilio",
        ["Messaging:EmailProvider"] = "sendgrid",
        ["Twilio:AccountSid"] = AccountSid,
        ["Twilio:AuthToken"] = AuthToken,
        ["Twilio:ApiBaseUrl"] = BaseUrl.ToString(),
        ["SendGrid:ApiKey"] = SendGridKey,
        ["SendGrid:Host"] = BaseUrl.ToString().TrimEnd('/'),
        ["SendGrid:EventWebhookPublicKey"] = EventPublicKey,
    };

    private async Task TwilioAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        // A caller that goes away in the first half never delivered the message (it is not taken).
        if (CallDelay > TimeSpan.Zero && !await WaitAsync(CallDelay / 2, context.RequestAborted))
            return;
        var to = form["To"].ToString();
        Count(to);
        Interlocked.Increment(ref _sms);
        var sid = $"SM{Interlocked.Increment(ref _sequence):x32}";
        _texts[sid] = (to, form["From"].ToString(), form["Body"].ToString(), TimeProvider.System.GetUtcNow());
        if (CallDelay > TimeSpan.Zero)
            await Task.Delay(CallDelay / 2);
        context.Response.StatusCode = StatusCodes.Status201Created;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid, ["api_version"] = "2010-04-01", ["body"] = form["Body"].ToString(), ["direction"] = "outbound-api",
            ["date_created"] = "Thu, 26 Nov 2026 20:12:31 +0000", ["date_updated"] = "Thu, 26 Nov 2026 20:12:31 +0000", ["from"] = form["From"].ToString(),
            ["num_media"] = "0", ["num_segments"] = "1", ["price_unit"] = "USD", ["sid"] = sid, ["status"] = "queued", ["to"] = to,
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        });
    }

    private async Task SendGridAsync(HttpContext context)
    {
        using var mail = await JsonDocument.ParseAsync(context.Request.Body);
        if (CallDelay > TimeSpan.Zero && !await WaitAsync(CallDelay / 2, context.RequestAborted))
            return;
        foreach (var personalization in mail.RootElement.GetProperty("personalizations").EnumerateArray())
            foreach (var to in personalization.GetProperty("to").EnumerateArray())
                Count(to.GetProperty("email").GetString()!);
        Interlocked.Increment(ref _email);
        var messageId = $"bench{Interlocked.Increment(ref _sequence):x20}";
        if (EventTargets.Count > 0)
            foreach (var personalization in mail.RootElement.GetProperty("personalizations").EnumerateArray())
                if (personalization.TryGetProperty("custom_args", out var args) && args.TryGetProperty("delivery_id", out var delivery))
                    _events.Enqueue($$"""{"email":"{{personalization.GetProperty("to")[0].GetProperty("email").GetString()}}","event":"processed","sg_event_id":"ev-{{messageId}}","sg_message_id":"{{messageId}}.filter","delivery_id":"{{delivery.GetString()}}","timestamp":{{TimeProvider.System.GetUtcNow().ToUnixTimeSeconds()}}}""");
        if (CallDelay > TimeSpan.Zero)
            await Task.Delay(CallDelay / 2);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers["X-Message-Id"] = messageId;
    }

    /// <summary>False when the caller went away meanwhile.</summary>
    private static async Task<bool> WaitAsync(TimeSpan delay, CancellationToken aborted)
    {
        try
        {
            await Task.Delay(delay, aborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Twilio's message list for <c>To</c> (and <c>From</c>), newest first.</summary>
    private IResult ListTexts(HttpRequest request)
    {
        string? to = request.Query["To"], from = request.Query["From"];
        var rows = _texts.Where(t => (to is null || t.Value.To == to) && (from is null || t.Value.From == from))
            .OrderByDescending(t => t.Value.Created).Take(100)
            .Select(t => new Dictionary<string, object?>
            {
                ["account_sid"] = AccountSid, ["api_version"] = "2010-04-01", ["body"] = t.Value.Body, ["direction"] = "outbound-api",
                ["date_created"] = t.Value.Created.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture),
                ["from"] = t.Value.From, ["num_media"] = "0", ["num_segments"] = "1", ["sid"] = t.Key, ["status"] = "sent", ["to"] = t.Value.To,
                ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{t.Key}.json",
            }).ToList();
        return Results.Json(new Dictionary<string, object?>
        {
            ["messages"] = rows, ["end"] = Math.Max(0, rows.Count - 1), ["first_page_uri"] = request.Path + request.QueryString, ["next_page_uri"] = null,
            ["page"] = 0, ["page_size"] = 100, ["previous_page_uri"] = null, ["start"] = 0, ["uri"] = request.Path + request.QueryString,
        });
    }

    /// <summary>SendGrid's event webhook: batches of signed events, retried until one of the app's instances takes them.</summary>
    private async Task PostEventsAsync(CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var batch = new List<string>();
        while (!ct.IsCancellationRequested)
        {
            while (batch.Count < 100 && _events.TryDequeue(out var e))
                batch.Add(e);
            if (batch.Count == 0 || EventTargets.Count == 0)
            {
                await Task.Delay(50, ct).ContinueWith(_ => { }, TaskScheduler.Default);
                continue;
            }
            var body = System.Text.Encoding.UTF8.GetBytes("[" + string.Join(',', batch) + "]");
            var timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            var signature = Convert.ToBase64String(_eventKey.SignData([.. System.Text.Encoding.UTF8.GetBytes(timestamp), .. body],
                System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence));
            var delivered = false;
            foreach (var target in EventTargets)
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target, "webhooks/sendgrid/events")) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new("application/json");
                    request.Headers.Add(LeadOrchestrator.Messaging.SendGridWebhooks.SignatureHeader, signature);
                    request.Headers.Add(LeadOrchestrator.Messaging.SendGridWebhooks.TimestampHeader, timestamp);
                    using var response = await http.SendAsync(request, ct);
                    if (response.IsSuccessStatusCode)
                    {
                        delivered = true;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }
            if (delivered)
                batch.Clear();
            else
                await Task.Delay(500, ct).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private void Count(string recipient)
    {
        var now = Stopwatch.GetTimestamp();
        Calls.AddOrUpdate(recipient, 1, (_, n) => n + 1);
        FirstCall.TryAdd(recipient, now);
        InterlockedMin(ref _first, now);
        InterlockedMax(ref _last, now);
    }

    private static void InterlockedMin(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value < seen; seen = Interlocked.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Interlocked.Read(ref target); value > seen; seen = Interlocked.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                return;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_eventPoster is not null)
            await _eventPoster.ContinueWith(_ => { }, TaskScheduler.Default);
        await _app.StopAsync();
        await _app.DisposeAsync();
        _eventKey.Dispose();
        _stop.Dispose();
    }
}
