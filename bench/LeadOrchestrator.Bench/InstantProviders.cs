using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadOrchestrator.Bench;

/// <summary>
/// Twilio's Messages endpoint and SendGrid's mail/send, answering at once with what the official SDKs
/// expect. Counts every call per recipient (a duplicate send shows up as a count above one) and keeps
/// each recipient's first arrival time for speed-to-lead.
/// </summary>
internal sealed class InstantProviders : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000bench";
    public const string AuthToken = "bench-auth-token";
    public const string SendGridKey = "SG.bench";

    private readonly WebApplication _app;
    private long _sequence;

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new InstantProviders(app);
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", fake.TwilioAsync);
        app.MapPost("/v3/mail/send", fake.SendGridAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
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
    };

    private async Task TwilioAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var to = form["To"].ToString();
        Count(to);
        Interlocked.Increment(ref _sms);
        var sid = $"SM{Interlocked.Increment(ref _sequence):x32}";
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
        foreach (var personalization in mail.RootElement.GetProperty("personalizations").EnumerateArray())
            foreach (var to in personalization.GetProperty("to").EnumerateArray())
                Count(to.GetProperty("email").GetString()!);
        Interlocked.Increment(ref _email);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers["X-Message-Id"] = $"bench{Interlocked.Increment(ref _sequence):x20}";
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
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
