using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadOrchestrator.Tests.Infrastructure;

/// <summary>
/// A ShopMonkey v3 API on 127.0.0.1 for tests. It serves the JSON fixtures in Fixtures/ShopMonkey
/// (shaped like the reference's real payloads) in the real envelope, pages like the real API
/// (limit clamped to 100, skip), honours only the filter forms the real API honours (lowercase
/// <c>orderby</c> with a JSON value, Prisma <c>gte</c>) and returns unstable pages otherwise, and can be
/// told to fail: 401, 429 with Retry-After, 5xx, or hang.
/// </summary>
public sealed class FakeShopMonkey : IAsyncDisposable
{
    public const string ApiKey = "sm_test_key";
    public const string LocationId = "6287a4044d1a723b10eff1b0";
    public const string CustomerId = "6287a4384d1a722f13e091ec";
    public const string VehicleId = "6287a4384d1a72a512e091f9";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _orders = new();
    private readonly ConcurrentDictionary<string, JsonObject> _customers = new();
    private readonly ConcurrentDictionary<string, JsonObject> _vehicles = new();
    private readonly ConcurrentDictionary<string, JsonObject> _appointments = new();
    private readonly ConcurrentQueue<Failure> _failures = new();
    private readonly Lock _gate = new();
    private List<JsonObject> _cannedServices = Fixture("canned_services.json").AsArray().Select(n => n!.AsObject()).ToList();
    private List<JsonObject> _locations = Fixture("locations.json").AsArray().Select(n => n!.AsObject()).ToList();

    private FakeShopMonkey(WebApplication app)
    {
        _app = app;
        _customers[CustomerId] = Fixture("customer.json").AsObject();
        _vehicles[VehicleId] = Fixture("vehicle.json").AsObject();
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, every request gets 401 (a revoked or wrong API key).</summary>
    public bool RejectAll { get; set; }

    public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? Body);

    private sealed record Failure(Func<HttpRequest, bool> Matches, int Status, TimeSpan? RetryAfter, TaskCompletionSource? Hang, TaskCompletionSource? Arrived, bool AfterHeaders = false);

    public static async Task<FakeShopMonkey> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeShopMonkey(app);
        fake.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public int CountRequests(string method, string pathPrefix) =>
        Requests.Count(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    // ---- data ----------------------------------------------------------------------------------

    /// <summary>Adds (or replaces) an order built from the fixture, with the given state.</summary>
    public JsonObject PutOrder(
        string id,
        DateTimeOffset updated,
        string status = "Estimate",
        string? customerId = CustomerId,
        string? vehicleId = VehicleId,
        string locationId = LocationId,
        bool paid = false,
        bool invoiced = false,
        string? name = null)
    {
        var order = Fixture("order.json").AsObject();
        order["id"] = id;
        order["status"] = status;
        order["customerId"] = customerId;
        order["vehicleId"] = vehicleId;
        order["locationId"] = locationId;
        order["paid"] = paid;
        order["invoiced"] = invoiced;
        order["authorized"] = status != "Estimate";
        order["updatedDate"] = Timestamp(updated);
        order["createdDate"] = Timestamp(updated.AddMinutes(-1));
        order["orderCreatedDate"] = Timestamp(updated.AddMinutes(-1));
        if (name is not null)
            order["name"] = name;
        _orders[id] = order;
        return order;
    }

    public JsonObject PutCustomer(string id, string firstName, string lastName, string? phone, string? email)
    {
        var customer = Fixture("customer.json").AsObject();
        customer["id"] = id;
        customer["firstName"] = firstName;
        customer["lastName"] = lastName;
        customer["emails"] = email is null ? new JsonArray() : new JsonArray(new JsonObject { ["id"] = id + "e", ["email"] = email, ["primary"] = true, ["subscribed"] = true });
        customer["phoneNumbers"] = phone is null ? new JsonArray() : new JsonArray(new JsonObject { ["id"] = id + "p", ["number"] = phone, ["primary"] = true, ["type"] = "Mobile", ["country"] = "US" });
        _customers[id] = customer;
        return customer;
    }

    public void SetCannedServices(IEnumerable<JsonObject> services)
    {
        lock (_gate)
            _cannedServices = [.. services];
    }

    public void SetLocations(IEnumerable<JsonObject> locations)
    {
        lock (_gate)
            _locations = [.. locations];
    }

    public IReadOnlyList<JsonObject> Appointments => [.. _appointments.Values];

    /// <summary>The webhook body ShopMonkey would send for an order row.</summary>
    public static string WebhookBody(JsonObject order, string operation = "INSERT", params string[] diff)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "3",
            ["operation"] = operation,
            ["table"] = "order",
            ["data"] = order.DeepClone(),
        };
        if (operation == "UPDATE")
            body["diff"] = new JsonArray([.. diff.Select(d => (JsonNode)d)]);
        return body.ToJsonString();
    }

    /// <summary>ISO 8601 UTC with as many fractional digits as needed (the API's own variable style).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    // ---- faults --------------------------------------------------------------------------------

    /// <summary>The next <paramref name="times"/> matching requests get <paramref name="status"/>.</summary>
    public void Fail(int status, int times = 1, string pathPrefix = "/v3/", TimeSpan? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
            _failures.Enqueue(new Failure(r => r.Path.StartsWithSegments(pathPrefix.TrimEnd('/')), status, retryAfter, null, null));
    }

    /// <summary>The next matching request hangs until released; returns (arrived, release).</summary>
    public (Task Arrived, TaskCompletionSource Release) Hang(string pathPrefix)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _failures.Enqueue(new Failure(r => r.Path.StartsWithSegments(pathPrefix.TrimEnd('/')), 0, null, release, arrived));
        return (arrived.Task, release);
    }

    /// <summary>The next matching request gets 200 and half a body, then nothing until released.</summary>
    public (Task Arrived, TaskCompletionSource Release) StallBody(string pathPrefix)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _failures.Enqueue(new Failure(r => r.Path.StartsWithSegments(pathPrefix.TrimEnd('/')), 200, null, release, arrived, AfterHeaders: true));
        return (arrived.Task, release);
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void Map(WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            string? body = null;
            if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                using var reader = new StreamReader(request.Body);
                body = await reader.ReadToEndAsync();
                request.Body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body));
            }
            Requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.QueryString.Value ?? "", request.Headers.Authorization, body));

            if (RejectAll || request.Headers.Authorization != $"Bearer {ApiKey}")
            {
                await WriteRaw(context, 401, Fixture("error_unauthorized.json").ToJsonString());
                return;
            }
            if (TakeFailure(request) is { } failure)
            {
                if (failure is { Hang: not null, AfterHeaders: true })
                {
                    context.Response.StatusCode = 200;
                    context.Response.ContentType = "application/json";
                    context.Response.ContentLength = 4096;
                    await context.Response.WriteAsync("{\"success\":true,\"data\":{\"id\":");
                    await context.Response.Body.FlushAsync();
                    failure.Arrived!.TrySetResult();
                    await failure.Hang.Task.WaitAsync(context.RequestAborted);
                    context.Abort();
                    return;
                }
                if (failure.Hang is not null)
                {
                    failure.Arrived!.TrySetResult();
                    await failure.Hang.Task.WaitAsync(context.RequestAborted);
                }
                else
                {
                    if (failure.RetryAfter is { } retryAfter)
                        context.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    await WriteRaw(context, failure.Status, $$"""{"success":false,"message":"Injected {{failure.Status}}","code":"{{failure.Status}}"}""");
                    return;
                }
            }
            await next(context);
        });

        app.MapGet("/v3/order/{id}", (string id) => One(_orders.GetValueOrDefault(id)));
        app.MapGet("/v3/order", (HttpRequest r) => Page(r, [.. _orders.Values], "updatedDate"));
        app.MapGet("/v3/customer/{id}", (string id) => One(_customers.GetValueOrDefault(id)));
        app.MapGet("/v3/customer/{id}/vehicle", (string id, HttpRequest r) =>
            Page(r, [.. _vehicles.Values.Where(v => v["owners"]?.AsArray().Any(o => o?.GetValue<string>() == id) == true)], "id"));
        app.MapGet("/v3/vehicle/{id}", (string id) => One(_vehicles.GetValueOrDefault(id)));
        app.MapGet("/v3/canned_service", (HttpRequest r) => { lock (_gate) return Page(r, [.. _cannedServices], "id"); });
        app.MapGet("/v3/location", (HttpRequest r) => { lock (_gate) return Page(r, [.. _locations], "id"); });
        app.MapPost("/v3/appointment", async (HttpRequest r) =>
        {
            var body = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            if (body["name"] is null || body["color"] is null)
                return Envelope(400, new JsonObject { ["success"] = false, ["message"] = "name and color are required" });
            var id = Guid.NewGuid().ToString("N")[..24];
            body["id"] = id;
            _appointments[id] = body;
            return Envelope(200, new JsonObject { ["success"] = true, ["data"] = body.DeepClone() });
        });
    }

    private Failure? TakeFailure(HttpRequest request)
    {
        lock (_gate)
        {
            if (!_failures.TryPeek(out var next) || !next.Matches(request))
                return null;
            _failures.TryDequeue(out var failure);
            return failure;
        }
    }

    /// <summary>limit ≤ 100, skip; lowercase orderby with a JSON object sorts, anything else gives an unstable order.</summary>
    private static IResult Page(HttpRequest request, List<JsonObject> rows, string defaultSort)
    {
        var filtered = rows.Where(r => MatchesWhere(r, request.Query["where"])).ToList();
        var orderby = request.Query.ContainsKey("orderby") ? request.Query["orderby"].ToString() : null; // exact, lowercase
        IEnumerable<JsonObject> ordered;
        if (orderby is not null && JsonNode.Parse(orderby) is JsonObject sort && sort.Count == 1)
        {
            var (field, direction) = (sort.First().Key, sort.First().Value!.GetValue<string>());
            ordered = direction == "desc"
                ? filtered.OrderByDescending(r => SortKey(r[field]), StringComparer.Ordinal).ThenByDescending(r => r["id"]!.ToString(), StringComparer.Ordinal)
                : filtered.OrderBy(r => SortKey(r[field]), StringComparer.Ordinal).ThenBy(r => r["id"]!.ToString(), StringComparer.Ordinal);
        }
        else
        {
            ordered = filtered.OrderBy(_ => Random.Shared.Next()); // the "ShopMonkey pagination is random" folklore
        }
        var all = ordered.ToList();
        var limit = Math.Clamp(int.TryParse(request.Query["limit"], out var l) ? l : 100, 1, 100);
        var skip = Math.Max(0, int.TryParse(request.Query["skip"], out var s) ? s : 0);
        var page = all.Skip(skip).Take(limit).Select(r => (JsonNode)r.DeepClone()).ToArray();
        return Envelope(200, new JsonObject
        {
            ["success"] = true,
            ["data"] = new JsonArray(page),
            ["meta"] = new JsonObject { ["total"] = all.Count, ["hasMore"] = skip + page.Length < all.Count },
        });
    }

    private static string SortKey(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue(out string? text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, out var date)
            ? date.UtcTicks.ToString("D20", CultureInfo.InvariantCulture)
            : value?.ToString() ?? "";

    /// <summary>Only Prisma-style date bounds are honoured; other forms (e.g. $gte) are silently ignored, like the real API.</summary>
    private static bool MatchesWhere(JsonObject row, string? where)
    {
        if (string.IsNullOrEmpty(where) || JsonNode.Parse(where) is not JsonObject conditions)
            return true;
        foreach (var (field, condition) in conditions)
        {
            if (condition is not JsonObject bounds || row[field] is not JsonValue value || !DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var actual))
                continue;
            foreach (var (op, bound) in bounds)
            {
                if (!DateTimeOffset.TryParse(bound?.ToString(), CultureInfo.InvariantCulture, out var b))
                    continue;
                var ok = op switch { "gte" => actual >= b, "gt" => actual > b, "lte" => actual <= b, "lt" => actual < b, _ => true };
                if (!ok)
                    return false;
            }
        }
        return true;
    }

    private static IResult One(JsonObject? row) => row is null
        ? Envelope(404, new JsonObject { ["success"] = false, ["message"] = "Not Found", ["code"] = "NOT_FOUND" })
        : Envelope(200, new JsonObject { ["success"] = true, ["data"] = row.DeepClone() });

    private static IResult Envelope(int status, JsonObject body) => Results.Text(body.ToJsonString(), "application/json", statusCode: status);

    private static Task WriteRaw(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public static JsonNode Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "ShopMonkey", name)))!;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
