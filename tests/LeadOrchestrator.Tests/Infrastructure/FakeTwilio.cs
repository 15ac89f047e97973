using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using LeadOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// Twilio's Messages API on 127.0.0.1, for the official SDK (its requests are redirected here):
/// <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c> (form) answers 201 with a message resource shaped
/// like the SDK's own test fixture, <c>GET …/Messages.json</c> lists what was accepted. Errors use Twilio's
/// body (<c>code</c>, <c>message</c>, <c>more_info</c>, <c>status</c>); it can also hang.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "twilio-test-auth-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<Dictionary<string, string>, Task<IResult?>>> _next = new();

    private FakeTwilio(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every create request's form fields (also the failed ones), in arrival order.</summary>
    public ConcurrentQueue<Dictionary<string, string>> Creates { get; } = new();

    /// <summary>Messages Twilio accepted, by SID.</summary>
    public ConcurrentDictionary<string, Dictionary<string, string>> Accepted { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    /// <summary>Twilio's clock for <c>date_created</c>; the harness sets it to the app's fake clock.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => TimeProvider.System.GetUtcNow();

    /// <summary>Message list requests (lookups after a lost answer), with their query strings.</summary>
    public ConcurrentQueue<string> Lookups { get; } = new();

    private int _failLists;

    /// <summary>The next <paramref name="times"/> message list requests fail with a 503 (Twilio down for lookups).</summary>
    public void FailLookups(int times) => Interlocked.Add(ref _failLists, times);

    public static async Task<FakeTwilio> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", fake.CreateAsync);
        app.MapGet("/2010-04-01/Accounts/{account}/Messages.json", fake.List);
        await app.StartAsync();
        fake.BaseUrl = new Uri(LoopbackServer.Address(app));
        return fake;
    }

    /// <summary>The next create gets a Twilio error.</summary>
    public void FailNext(int httpStatus, int code, string message) =>
        _next.Enqueue(_ => Task.FromResult<IResult?>(Error(httpStatus, code, message)));

    /// <summary>
    /// The next create does not answer until released; with <paramref name="acceptFirst"/> Twilio has the
    /// message anyway, and answers with it once released (a slow answer rather than none).
    /// </summary>
    public (Task Arrived, TaskCompletionSource Release) HangNext(bool acceptFirst)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _next.Enqueue(async form =>
        {
            var accepted = acceptFirst ? Accept(form) : null;
            arrived.TrySetResult();
            await release.Task;
            return accepted is null
                ? Results.StatusCode(StatusCodes.Status504GatewayTimeout)
                : Results.Json(Resource(accepted), statusCode: StatusCodes.Status201Created);
        });
        return (arrived.Task, release);
    }

    /// <summary>Twilio takes the next message, but a proxy in between answers with a bare gateway error.</summary>
    public void AcceptThenGatewayErrorNext() =>
        _next.Enqueue(form =>
        {
            Accept(form);
            return Task.FromResult<IResult?>(Results.Text("<html><body>502 Bad Gateway</body></html>", "text/html", statusCode: StatusCodes.Status502BadGateway));
        });

    private async Task<IResult> CreateAsync(HttpRequest request)
    {
        Authorizations.Enqueue(request.Headers.Authorization);
        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        Creates.Enqueue(form);
        if (_next.TryDequeue(out var scripted) && await scripted(form) is { } result)
            return result;
        if (!form.ContainsKey("To") || !form.ContainsKey("Body") || !(form.ContainsKey("From") || form.ContainsKey("MessagingServiceSid")))
            return Error(400, 21604, "A 'To' phone number is required.");
        return Results.Json(Resource(Accept(form)), statusCode: StatusCodes.Status201Created);
    }

    private IResult List(HttpRequest request)
    {
        Lookups.Enqueue(request.QueryString.Value ?? "");
        for (var left = Volatile.Read(ref _failLists); left > 0; left = Volatile.Read(ref _failLists))
            if (Interlocked.CompareExchange(ref _failLists, left - 1, left) == left)
                return Error(503, 20503, "Service unavailable");
        string? to = request.Query["To"], from = request.Query["From"];
        // Newest first, as Twilio lists them.
        var messages = Accepted.Values.Where(m => (to is null || m["To"] == to) && (from is null || m.GetValueOrDefault("From") == from))
            .OrderByDescending(m => m["DateCreated"], StringComparer.Ordinal).Select(m => (JsonNode)Resource(m)).ToArray();
        return Results.Json(new JsonObject
        {
            ["messages"] = new JsonArray(messages),
            ["end"] = Math.Max(0, messages.Length - 1),
            ["first_page_uri"] = request.Path + request.QueryString,
            ["next_page_uri"] = null,
            ["page"] = 0,
            ["page_size"] = 50,
            ["previous_page_uri"] = null,
            ["start"] = 0,
            ["uri"] = request.Path + request.QueryString,
        });
    }

    private Dictionary<string, string> Accept(Dictionary<string, string> form)
    {
        var message = new Dictionary<string, string>(form)
        {
            ["Sid"] = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["DateCreated"] = Clock().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        };
        Accepted[message["Sid"]] = message;
        return message;
    }

    /// <summary>The message resource, as in twilio-csharp's MessageResourceTest fixture (dates RFC 2822, counts as strings).</summary>
    private static JsonObject Resource(Dictionary<string, string> m) => new()
    {
        ["account_sid"] = AccountSid,
        ["api_version"] = "2010-04-01",
        ["body"] = m["Body"],
        ["date_created"] = Rfc2822(m["DateCreated"]),
        ["date_sent"] = null,
        ["date_updated"] = Rfc2822(m["DateCreated"]),
        ["direction"] = "outbound-api",
        ["error_code"] = null,
        ["error_message"] = null,
        ["from"] = m.GetValueOrDefault("From"),
        ["messaging_service_sid"] = m.GetValueOrDefault("MessagingServiceSid"),
        ["num_media"] = "0",
        ["num_segments"] = "1",
        ["price"] = null,
        ["price_unit"] = "USD",
        ["sid"] = m["Sid"],
        ["status"] = m.ContainsKey("MessagingServiceSid") ? "accepted" : "queued",
        ["subresource_uris"] = new JsonObject { ["media"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{m["Sid"]}/Media.json" },
        ["to"] = m["To"],
        ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{m["Sid"]}.json",
    };

    private static string Rfc2822(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture).ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static IResult Error(int status, int code, string message) => Results.Json(new JsonObject
    {
        ["code"] = code,
        ["message"] = message,
        ["more_info"] = $"https://www.twilio.com/docs/errors/{code.ToString(CultureInfo.InvariantCulture)}",
        ["status"] = status,
    }, statusCode: status);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
