using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LeadOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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

    /// <summary>The account's webhooks by id, as ShopMonkey keeps them (a test can put one in an error state).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, JsonObject> Webhooks { get; } = new();

    /// <summary>When set, creating or changing a webhook is refused with these words (as for an account without the permission).</summary>
    public string? RefuseWebhooks { get; set; }

    public sealed record RecordedRequest(string Method, string Path, string Query, string? Authorization, string? Body);

    private sealed record Failure(Func<HttpRequest, bool> Matches, int Status, TimeSpan? RetryAfter, TaskCompletionSource? Hang, TaskCompletionSource? Arrived,
        bool AfterHeaders = false, bool DropResponse = false);

    public static async Task<FakeShopMonkey> StartAsync()
    {
        var app = LoopbackServer.Create();
        var fake = new FakeShopMonkey(app);
        fake.Map(app);
        await app.StartAsync();
        var address = LoopbackServer.Address(app);
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

    /// <summary>The vehicle of <see cref="VehicleId"/> (or another id), from the fixture with these changes.</summary>
    public JsonObject PutVehicle(string id, Action<JsonObject> change)
    {
        var vehicle = Fixture("vehicle.json").AsObject();
        vehicle["id"] = id;
        change(vehicle);
        _vehicles[id] = vehicle;
        return vehicle;
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

    /// <summary>The next matching request is carried out, then the connection drops before the answer: a lost response.</summary>
    public void LoseResponse(string method, string path) =>
        _failures.Enqueue(new Failure(r => r.Method == method && r.Path.Equals(path, StringComparison.Ordinal), 0, null, null, null, DropResponse: true));

    /// <summary>Users (the calendar search wants technician ids; without any it returns nothing, like the real one).</summary>
    public List<JsonObject> Users { get; } =
    [
        new JsonObject { ["id"] = "6287a4384d1a72aa01e09100", ["firstName"] = "Sam", ["lastName"] = "Tech", ["active"] = true },
    ];

    /// <summary>
    /// Adds an appointment made in ShopMonkey by the shop. With <paramref name="weekdaysRecurring"/> it repeats
    /// every weekday (a lunch block): list and search leave it out; only search_replacement returns its occurrences.
    /// </summary>
    public JsonObject PutShopAppointment(string id, DateTimeOffset start, DateTimeOffset end, string name, bool weekdaysRecurring = false, string locationId = LocationId)
    {
        var row = new JsonObject
        {
            ["id"] = id, ["name"] = name, ["color"] = "gray", ["startDate"] = Timestamp(start), ["endDate"] = Timestamp(end),
            ["locationId"] = locationId, ["allDay"] = false, ["note"] = null,
        };
        if (weekdaysRecurring)
            row["rruleset"] = "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
        _appointments[id] = row;
        return row;
    }

    public void RemoveAppointment(string id) => _appointments.TryRemove(id, out _);

    /// <summary>Occurrences of every appointment between two instants; a recurring one repeats on weekdays at the same UTC time.</summary>
    private IEnumerable<JsonObject> Occurrences(DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var row in _appointments.Values)
        {
            var start = DateTimeOffset.Parse(row["startDate"]!.ToString(), CultureInfo.InvariantCulture);
            var end = DateTimeOffset.Parse(row["endDate"]!.ToString(), CultureInfo.InvariantCulture);
            if (row["rruleset"] is null)
            {
                if (start < to && end > from)
                    yield return row;
                continue;
            }
            for (var (s, e) = (start, end); s < to; (s, e) = (s.AddDays(1), e.AddDays(1)))
            {
                if (e > from && s.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    var occurrence = row.DeepClone().AsObject();
                    (occurrence["startDate"], occurrence["endDate"]) = (Timestamp(s), Timestamp(e));
                    yield return occurrence;
                }
            }
        }
    }

    private async Task<IResult> SearchReplacementAsync(HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        // The real endpoint wants the zone's offset in these and is effectively useless without technicians.
        var (min, max) = (body["dateMin"]?.ToString(), body["dateMax"]?.ToString());
        if (min is null || max is null || min.EndsWith('Z') || max.EndsWith('Z'))
            return Envelope(400, new JsonObject { ["success"] = false, ["message"] = "dateMin and dateMax are required (local time with offset)" });
        var rows = body["technicians"] is JsonArray { Count: > 0 }
            ? Occurrences(DateTimeOffset.Parse(min, CultureInfo.InvariantCulture), DateTimeOffset.Parse(max, CultureInfo.InvariantCulture))
                .OrderBy(r => SortKey(r["startDate"]), StringComparer.Ordinal).ToList()
            : [];
        var limit = Math.Clamp(body["limit"]?.GetValue<int>() ?? 100, 1, 100);
        var skip = Math.Max(0, body["skip"]?.GetValue<int>() ?? 0);
        // Pages overlap by one row and the total over-counts, as observed on the real endpoint.
        var page = rows.Skip(Math.Max(0, skip - 1)).Take(limit).Select(r => (JsonNode)r.DeepClone()).ToArray();
        return Envelope(200, new JsonObject { ["success"] = true, ["data"] = new JsonArray(page), ["meta"] = new JsonObject { ["total"] = rows.Count + 7 } });
    }

    private async Task<IResult> SearchAsync(HttpRequest request)
    {
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        var where = body["where"] as JsonObject;
        var customer = where?["customerId"]?.ToString();
        var rows = _appointments.Values.Where(r => r["rruleset"] is null) // search leaves recurring appointments out
            .Where(r => MatchesWhere(r, where?.ToJsonString()) && (customer is null || r["customerId"]?.ToString() == customer))
            .OrderBy(r => SortKey(r["startDate"]), StringComparer.Ordinal).ToList();
        var limit = Math.Clamp(body["limit"]?.GetValue<int>() ?? 100, 1, 100);
        var skip = Math.Max(0, body["skip"]?.GetValue<int>() ?? 0);
        var page = rows.Skip(skip).Take(limit).Select(r => (JsonNode)r.DeepClone()).ToArray();
        return Envelope(200, new JsonObject { ["success"] = true, ["data"] = new JsonArray(page), ["meta"] = new JsonObject { ["total"] = rows.Count, ["hasMore"] = skip + page.Length < rows.Count } });
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
                if (failure.DropResponse)
                {
                    // Do the work, then lose the answer: the client sees a dropped connection.
                    context.Response.Body = new MemoryStream();
                    await next(context);
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
            // Stored in UTC like the real API answers; the offset sent must be the zone's real one.
            body["startDate"] = Timestamp(DateTimeOffset.Parse(body["startDate"]!.ToString(), CultureInfo.InvariantCulture));
            body["endDate"] = Timestamp(DateTimeOffset.Parse(body["endDate"]!.ToString(), CultureInfo.InvariantCulture));
            _appointments[id] = body;
            return Envelope(200, new JsonObject { ["success"] = true, ["data"] = body.DeepClone() });
        });
        app.MapPut("/v3/appointment/{id}", async (string id, HttpRequest r) =>
        {
            var changes = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            if (!_appointments.TryGetValue(id, out var row))
                return One(null);
            foreach (var (key, value) in changes)
            {
                row[key] = key is "startDate" or "endDate" && value is not null
                    ? Timestamp(DateTimeOffset.Parse(value.ToString(), CultureInfo.InvariantCulture))
                    : value?.DeepClone();
            }
            return One(row);
        });
        app.MapDelete("/v3/appointment/{id}", async (string id, HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            if (r.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true && (await reader.ReadToEndAsync()).Length == 0)
                return Envelope(400, new JsonObject { ["success"] = false, ["message"] = "Body cannot be empty when content-type is set to 'application/json'" });
            return _appointments.TryRemove(id, out var removed) ? One(removed) : One(null);
        });
        app.MapGet("/v3/appointment/{id}", (string id) => One(_appointments.GetValueOrDefault(id)));
        // Webhooks (reference §3): a unique name, our URL, triggers, enabled, and the secret deliveries are signed with.
        app.MapGet("/v3/webhook", (HttpRequest r) => Page(r, [.. Webhooks.Values], "id"));
        app.MapPost("/v3/webhook", async (HttpRequest r) =>
        {
            var body = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            if (RefuseWebhooks is { } refusal)
                return Envelope(400, new JsonObject { ["success"] = false, ["message"] = refusal });
            if (body["url"] is null || body["name"] is null || Webhooks.Values.Any(w => w["name"]?.ToString() == body["name"]!.ToString()))
                return Envelope(400, new JsonObject { ["success"] = false, ["message"] = "name must be unique and url is required" });
            var id = Guid.NewGuid().ToString("N")[..24];
            (body["id"], body["error"], body["enabled"]) = (id, false, body["enabled"]?.GetValue<bool>() ?? true);
            Webhooks[id] = body;
            return Envelope(200, new JsonObject { ["success"] = true, ["data"] = body.DeepClone() });
        });
        app.MapPut("/v3/webhook/{id}", async (string id, HttpRequest r) =>
        {
            var changes = (await JsonNode.ParseAsync(r.Body))!.AsObject();
            if (RefuseWebhooks is { } refusal)
                return Envelope(400, new JsonObject { ["success"] = false, ["message"] = refusal });
            if (!Webhooks.TryGetValue(id, out var row))
                return One(null);
            foreach (var (key, value) in changes)
                row[key] = value?.DeepClone();
            if (changes["enabled"]?.GetValue<bool>() == true)
                (row["error"], row["errorMessage"], row["errorDate"]) = (false, null, null);
            return One(row);
        });
        app.MapPost("/v3/appointment/search", SearchAsync);
        app.MapPost("/v3/appointment/search_replacement", SearchReplacementAsync);
        app.MapGet("/v3/user", (HttpRequest r) => Page(r, Users, "id"));
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

    private static IResult Envelope(int status, JsonObject body) =>
        Results.Text(RawEdits.Aggregate(body.ToJsonString(), (json, edit) => json.Replace(edit.Key, edit.Value, StringComparison.Ordinal)), "application/json", statusCode: status);

    /// <summary>
    /// Text replaced in every answer as written on the wire, for JSON no serializer would write (an escaped
    /// lone surrogate, say): a value <c>"x{key}y"</c> goes out as <c>"x{value}y"</c>.
    /// </summary>
    public static readonly ConcurrentDictionary<string, string> RawEdits = new(StringComparer.Ordinal);

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
