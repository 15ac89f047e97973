using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using LeadOrchestrator.Leads;
using LeadOrchestrator.ShopMonkey;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Sandbox;

/// <summary>
/// The built-in ShopMonkey sandbox (demo mode only). <c>/sandbox/shopmonkey/v3/...</c> speaks the v3
/// wire format — bearer key, <c>{success,data,meta}</c>, limit/skip paging, JSON <c>where</c> and
/// <c>orderby</c> — and is called by the demo tenant through the same client as the real API.
/// <c>POST /sandbox/shopmonkey/orders</c> plays the service writer: a new estimate plus a signed webhook.
/// </summary>
public static class SandboxEndpoints
{
    public static IEndpointRouteBuilder MapSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/sandbox/shopmonkey").WithTags("Sandbox").ExcludeFromDescription();
        sandbox.MapPost("/orders", CreateOrderAsync).WithName("SandboxCreateOrder");
        sandbox.MapPost("/orders/{orderId}/status", ChangeStatusAsync).WithName("SandboxChangeOrderStatus");
        sandbox.MapGet("/orders/{orderId}/lead", GetLeadAsync).WithName("SandboxGetLead");
        // What the shop sees in its ShopMonkey calendar, recurring blocks included (no key needed: it is the demo's).
        sandbox.MapGet("/appointments", (SandboxStore s, TimeProvider time) => s.Calendar(time.GetUtcNow().AddDays(-1), time.GetUtcNow().AddDays(31)))
            .WithName("SandboxAppointments");

        var v3 = sandbox.MapGroup("/v3").AddEndpointFilter<SandboxAuthFilter>();
        v3.MapGet("/order", (HttpRequest r, SandboxStore s) => Page(r, s.Orders(), o => o.UpdatedDate, o => o.Id, OrderMatches));
        v3.MapGet("/order/{id}", (string id, SandboxStore s) => One(s.Order(id)));
        v3.MapGet("/customer/{id}", (string id, SandboxStore s) => One(s.Customer(id)));
        v3.MapGet("/customer/{id}/vehicle", (string id, HttpRequest r, SandboxStore s) => Page(r, s.VehiclesOf(id), _ => null, v => v.Id, (_, _) => true));
        v3.MapGet("/vehicle/{id}", (string id, SandboxStore s) => One(s.Vehicle(id)));
        v3.MapGet("/canned_service", (HttpRequest r, SandboxStore s) => Page(r, [.. s.CannedServices], _ => null, c => c.Id, CannedServiceMatches));
        v3.MapGet("/canned_service/{id}", (string id, SandboxStore s) => One(s.CannedServices.FirstOrDefault(c => c.Id == id)));
        v3.MapGet("/location", (HttpRequest r, SandboxStore s) => Page(r, [s.Location], _ => null, l => l.Id, (_, _) => true));
        v3.MapGet("/location/{id}", (string id, SandboxStore s) => One(s.Location.Id == id ? s.Location : null));
        v3.MapGet("/appointment", (HttpRequest r, SandboxStore s) => Page(r, s.Appointments(), a => a.StartDate, a => a.Id, AppointmentMatches));
        v3.MapGet("/appointment/{id}", (string id, SandboxStore s) => One(s.Appointment(id)));
        v3.MapPost("/appointment/search", SearchAppointments);
        v3.MapPost("/appointment/search_replacement", SearchCalendar);
        v3.MapGet("/user", (HttpRequest r, SandboxStore s) => Page(r, [.. s.Users], _ => null, u => u.Id, (_, _) => true));
        v3.MapPost("/appointment", CreateAppointment);
        v3.MapPut("/appointment/{id}", UpdateAppointment);
        v3.MapDelete("/appointment/{id}", (string id, SandboxStore s) => s.RemoveAppointment(id) ? Ok(new { id }) : NotFound());
        return app;
    }

    public sealed record NewOrderRequest(
        string? FirstName,
        string? LastName,
        string? Phone,
        string? Email,
        [property: Range(1950, 2030, ErrorMessage = "Between {1} and {2}.")] int? VehicleYear,
        string? VehicleMake,
        string? VehicleModel,
        string? Service);

    public sealed record NewOrderResponse(
        string OrderId,
        string OrderNumber,
        string CustomerId,
        string VehicleId,
        string Service,
        SandboxWebhookSender.Delivery Webhook,
        string Lead);

    public sealed record StatusRequest(
        [property: Required, AllowedValues("Estimate", "RepairOrder", "Invoice", ErrorMessage = "Estimate, RepairOrder or Invoice.")] string Status,
        bool Paid = false);

    private static readonly (string First, string Last, int Year, string Make, string Model)[] Samples =
    [
        ("Avery", "Nguyen", 2022, "Toyota", "RAV4"),
        ("Jordan", "Patel", 2020, "Honda", "Accord"),
        ("Taylor", "Brooks", 2023, "Ford", "Bronco"),
        ("Morgan", "Diaz", 2021, "Chevrolet", "Silverado 1500"),
        ("Riley", "Kim", 2024, "Tesla", "Model 3"),
        ("Casey", "Johnson", 2019, "Jeep", "Grand Cherokee"),
    ];

    internal static async Task<Results<Created<NewOrderResponse>, ValidationProblem>> CreateOrderAsync(
        NewOrderRequest? request, SandboxStore store, SandboxWebhookSender sender, CancellationToken ct)
    {
        request ??= new NewOrderRequest(null, null, null, null, null, null, null, null);
        var errors = new Dictionary<string, string[]>();
        var phone = request.Phone is null ? null : ContactNormalizer.ToE164(request.Phone);
        if (request.Phone is not null && phone is null)
            errors["phone"] = ["Not a valid phone number."];
        var email = request.Email is null ? null : ContactNormalizer.NormalizeEmail(request.Email);
        if (request.Email is not null && email is null)
            errors["email"] = ["Not a valid email address."];
        var service = request.Service is null
            ? store.CannedServices[Random.Shared.Next(store.CannedServices.Count)]
            : store.CannedServices.FirstOrDefault(c => c.Id == request.Service || string.Equals(c.Name, request.Service, StringComparison.OrdinalIgnoreCase))
              ?? store.CannedServices.FirstOrDefault(c => c.Name!.Contains(request.Service, StringComparison.OrdinalIgnoreCase));
        if (service is null)
            errors["service"] = [$"No canned service matches '{request.Service}'. Try e.g. 'Ceramic Window Tint - Full Sedan'."];
        if (errors.Count > 0)
            return Problems.Invalid(errors);

        var sample = Samples[Random.Shared.Next(Samples.Length)];
        var first = request.FirstName?.Trim() is { Length: > 0 } f ? f : sample.First;
        var last = request.LastName?.Trim() is { Length: > 0 } l ? l : sample.Last;
        var (order, customer, vehicle) = store.CreateEstimate(new SandboxStore.NewEstimate(
            first, last,
            phone ?? (request.Phone is null ? $"+1512555{Random.Shared.Next(100, 200):D4}" : null),
            email ?? (request.Email is null ? $"{first}.{last}@example.com".ToLowerInvariant() : null),
            request.VehicleYear ?? sample.Year,
            request.VehicleMake?.Trim() is { Length: > 0 } make ? make : sample.Make,
            request.VehicleModel?.Trim() is { Length: > 0 } model ? model : sample.Model,
            service!));

        var delivery = await sender.DeliverAsync("INSERT", order, null, ct);
        var leadPath = $"/sandbox/shopmonkey/orders/{order.Id}/lead";
        return TypedResults.Created(leadPath, new NewOrderResponse(order.Id, order.Number!, customer.Id, vehicle.Id, order.Name!, delivery, leadPath));
    }

    internal static async Task<Results<Ok<SandboxWebhookSender.Delivery>, NotFound, ValidationProblem>> ChangeStatusAsync(
        string orderId, StatusRequest request, SandboxStore store, SandboxWebhookSender sender, CancellationToken ct)
    {
        if (store.ChangeStatus(orderId, request.Status, request.Paid) is not { } change)
            return TypedResults.NotFound();
        return TypedResults.Ok(await sender.DeliverAsync("UPDATE", change.Order, change.Diff, ct));
    }

    public sealed record LeadView(
        Guid Id, string ShopMonkeyOrderId, string? FirstName, string? LastName, string? Phone, string? Email,
        string? Vehicle, string? EstimateName, string OrderStatus, Leads.LeadSource Source, DateTimeOffset CreatedAt, DateTimeOffset? ConvertedAt);

    internal static async Task<Results<Ok<LeadView>, NotFound>> GetLeadAsync(string orderId, AppDbContext db, TenantContext tenant, CancellationToken ct)
    {
        var demo = await db.Tenants.Where(t => t.Slug == DemoShop.TenantSlug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        if (demo is null)
            return TypedResults.NotFound();
        tenant.Set(demo.Value);
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.ShopMonkeyOrderId == orderId, ct);
        return lead is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new LeadView(lead.Id, lead.ShopMonkeyOrderId, lead.FirstName, lead.LastName, lead.Phone, lead.Email,
                lead.VehicleDescription, lead.EstimateName, lead.OrderStatus, lead.Source, lead.CreatedAt, lead.ConvertedAt));
    }

    private static async Task<IResult> SearchAppointments(HttpRequest request, SandboxStore store)
    {
        using var body = await ReadJsonAsync(request);
        if (body?.RootElement.ValueKind != JsonValueKind.Object)
            return Error(StatusCodes.Status400BadRequest, "The body must be a JSON object.");
        var where = body.RootElement.TryGetProperty("where", out var w) ? w : default;
        var rows = store.Appointments().Where(a => AppointmentMatches(a, where))
            .Where(a => where.ValueKind != JsonValueKind.Object || !where.TryGetProperty("customerId", out var c) || c.GetString() == a.CustomerId)
            .OrderBy(a => a.StartDate).ToList();
        var limit = Math.Clamp(IntOf(body.RootElement, "limit") ?? 100, 1, 100);
        var skip = Math.Max(0, IntOf(body.RootElement, "skip") ?? 0);
        var page = rows.Skip(skip).Take(limit).ToList();
        return Results.Json(new SmEnvelope<List<SmAppointment>>(true, page, new SmMeta(rows.Count, skip + page.Count < rows.Count), null, null), ShopMonkeyJson.Options);
    }

    /// <summary>Everything in a window, recurring occurrences included; like the real endpoint it needs technicians and local times with offsets.</summary>
    private static async Task<IResult> SearchCalendar(HttpRequest request, SandboxStore store)
    {
        using var body = await ReadJsonAsync(request);
        if (body?.RootElement.ValueKind != JsonValueKind.Object)
            return Error(StatusCodes.Status400BadRequest, "The body must be a JSON object.");
        var root = body.RootElement;
        if (!TryGet(root, "dateMin", out var min) || !TryGet(root, "dateMax", out var max)
            || !min.TryGetDateTimeOffset(out var from) || !max.TryGetDateTimeOffset(out var to))
            return Error(StatusCodes.Status400BadRequest, "dateMin and dateMax are required.");
        var rows = TryGet(root, "technicians", out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 ? store.Calendar(from, to) : [];
        var limit = Math.Clamp(IntOf(root, "limit") ?? 100, 1, 100);
        var skip = Math.Max(0, IntOf(root, "skip") ?? 0);
        var page = rows.Skip(skip).Take(limit).ToList();
        return Results.Json(new SmEnvelope<List<SmAppointment>>(true, page, new SmMeta(rows.Count, null), null, null), ShopMonkeyJson.Options);
    }

    private static IResult CreateAppointment(SmCreateAppointment appointment, SandboxStore store)
    {
        if (string.IsNullOrWhiteSpace(appointment.Name) || string.IsNullOrWhiteSpace(appointment.Color)
            || !DateTimeOffset.TryParse(appointment.StartDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateTimeOffset.TryParse(appointment.EndDate, CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) || end <= start)
            return Error(StatusCodes.Status400BadRequest, "name, color, startDate and endDate (after startDate) are required.");
        return Ok(store.AddAppointment(appointment));
    }

    // The body is read by hand: a JsonElement parameter throws inside the framework on an empty body.
    private static async Task<IResult> UpdateAppointment(string id, HttpRequest request, SandboxStore store)
    {
        using var body = await ReadJsonAsync(request);
        if (body?.RootElement.ValueKind != JsonValueKind.Object)
            return Error(StatusCodes.Status400BadRequest, "The body must be a JSON object of the fields to change.");
        var changes = body.RootElement;
        DateTimeOffset? start = null, end = null;
        foreach (var (name, parsed) in new[] { ("startDate", (Action<DateTimeOffset>)(v => start = v)), ("endDate", v => end = v) })
        {
            if (StringOf(changes, name) is not { } text)
                continue;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
                return Error(StatusCodes.Status400BadRequest, $"{name} must be a date and time with an offset.");
            parsed(value.ToUniversalTime());
        }
        var updated = store.UpdateAppointment(id, a => a with
        {
            Name = StringOf(changes, "name") ?? a.Name,
            Note = StringOf(changes, "note") ?? a.Note,
            Color = StringOf(changes, "color") ?? a.Color,
            StartDate = start ?? a.StartDate,
            EndDate = end ?? a.EndDate,
        });
        return updated is null ? NotFound() : Ok(updated);
    }

    /// <summary>The request's JSON body, or null when it is not JSON (answered 400, as the real API does).</summary>
    private static async Task<JsonDocument?> ReadJsonAsync(HttpRequest request)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>limit (clamped to 100) + skip paging, a JSON <c>orderby</c> on the sort field, a Prisma-ish <c>where</c>.</summary>
    private static IResult Page<T>(HttpRequest request, List<T> rows, Func<T, DateTimeOffset?> sortKey, Func<T, string> id, Func<T, JsonElement, bool> matches)
    {
        var where = ParseJson(request.Query["where"]);
        var orderBy = ParseJson(request.Query["orderby"]);
        var filtered = rows.Where(r => matches(r, where));
        var descending = orderBy.ValueKind == JsonValueKind.Object && orderBy.EnumerateObject().Any(p => p.Value.GetString() == "desc");
        var ordered = descending
            ? filtered.OrderByDescending(sortKey).ThenByDescending(id, StringComparer.Ordinal)
            : filtered.OrderBy(sortKey).ThenBy(id, StringComparer.Ordinal);
        var all = ordered.ToList();
        var limit = Math.Clamp(int.TryParse(request.Query["limit"], out var l) ? l : 100, 1, 100);
        var skip = Math.Max(0, int.TryParse(request.Query["skip"], out var s) ? s : 0);
        var page = all.Skip(skip).Take(limit).ToList();
        return Results.Json(new SmEnvelope<List<T>>(true, page, new SmMeta(all.Count, skip + page.Count < all.Count), null, null), ShopMonkeyJson.Options);
    }

    private static bool OrderMatches(SmOrder o, JsonElement where) =>
        DateMatches(where, "updatedDate", o.UpdatedDate) && DateMatches(where, "createdDate", o.CreatedDate)
        && (!TryGet(where, "status", out var status) || status.GetString() == o.Status);

    private static bool CannedServiceMatches(SmCannedService c, JsonElement where) =>
        !TryGet(where, "bookable", out var bookable) || bookable.ValueKind is not (JsonValueKind.True or JsonValueKind.False) || bookable.GetBoolean() == (c.Bookable == true);

    private static bool AppointmentMatches(SmAppointment a, JsonElement where) =>
        DateMatches(where, "startDate", a.StartDate) && DateMatches(where, "endDate", a.EndDate);

    /// <summary><c>{"field":{"gte":..,"gt":..,"lte":..,"lt":..}}</c>; like the real API, anything else is ignored.</summary>
    private static bool DateMatches(JsonElement where, string field, DateTimeOffset? value)
    {
        if (!TryGet(where, field, out var range) || range.ValueKind != JsonValueKind.Object)
            return true;
        if (value is not { } v)
            return false;
        foreach (var bound in range.EnumerateObject())
        {
            if (bound.Value.ValueKind != JsonValueKind.String || !bound.Value.TryGetDateTimeOffset(out var b))
                continue;
            var ok = bound.Name switch { "gte" => v >= b, "gt" => v > b, "lte" => v <= b, "lt" => v < b, _ => true };
            if (!ok)
                return false;
        }
        return true;
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value);
    }

    private static JsonElement ParseJson(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return default;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? StringOf(JsonElement e, string name) => TryGet(e, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? IntOf(JsonElement e, string name) => TryGet(e, name, out var v) && v.TryGetInt32(out var i) ? i : null;

    private static IResult One<T>(T? row) where T : class => row is null ? NotFound() : Ok(row);

    private static IResult Ok<T>(T data) => Results.Json(new SmEnvelope<T>(true, data, null, null, null), ShopMonkeyJson.Options);

    private static IResult NotFound() => Error(StatusCodes.Status404NotFound, "Not found");

    internal static IResult Error(int status, string message) =>
        Results.Json(new SmEnvelope<object>(false, null, null, message, status.ToString(CultureInfo.InvariantCulture)), ShopMonkeyJson.Options, statusCode: status);
}

/// <summary>The sandbox, like ShopMonkey, wants the account's API key as a bearer token.</summary>
internal sealed class SandboxAuthFilter(SandboxCredentials credentials) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        var key = await credentials.ApiKeyAsync(context.HttpContext.RequestAborted);
        if (key is null || header != $"Bearer {key}")
            return SandboxEndpoints.Error(StatusCodes.Status401Unauthorized, "Invalid or missing API key");
        return await next(context);
    }
}
