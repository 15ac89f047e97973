using LeadOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadOrchestrator.Bench;

/// <summary>
/// A ShopMonkey v3 stand-in that answers instantly for any id, so the benchmark measures our side:
/// every order is an estimate at the bench location with its own customer and vehicle.
/// </summary>
internal sealed class InstantShopMonkey : IAsyncDisposable
{
    public const string ApiKey = "bench-key";
    public const string LocationId = "6287a4044d1a723b10eff1b0";

    private readonly WebApplication _app;

    private InstantShopMonkey(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<InstantShopMonkey> StartAsync(DateTimeOffset orderTime)
    {
        var app = LoopbackServer.Create();
        var updated = orderTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        app.Use((context, next) =>
            context.Request.Headers.Authorization == $"Bearer {ApiKey}" ? next(context) : Write(context, 401, """{"success":false,"message":"Unauthorized"}"""));
        app.MapGet("/v3/order/{id}", (string id, HttpContext c) => Write(c, 200,
            $$$"""{"success":true,"data":{"id":"{{{id}}}","number":"1001","name":"Ceramic Window Tint - Full Sedan","status":"Estimate","locationId":"{{{LocationId}}}","customerId":"c-{{{id}}}","vehicleId":"v-{{{id}}}","authorized":false,"invoiced":false,"paid":false,"archived":false,"deleted":false,"totalCostCents":44900,"createdDate":"{{{updated}}}","updatedDate":"{{{updated}}}"}}"""));
        app.MapGet("/v3/customer/{id}", (string id, HttpContext c) => Write(c, 200,
            $$$"""{"success":true,"data":{"id":"{{{id}}}","firstName":"Bench","lastName":"Customer","emails":[{"email":"{{{EmailFor(id)}}}","primary":true}],"phoneNumbers":[{"number":"{{{PhoneFor(id)}}}","primary":true,"type":"Mobile"}],"email":null,"phone":null}}"""));
        app.MapGet("/v3/vehicle/{id}", (string id, HttpContext c) => Write(c, 200,
            $$$"""{"success":true,"data":{"id":"{{{id}}}","year":2022,"make":"Toyota","model":"Camry","owners":[]}}"""));
        // The bench location itself, so the catalog sync finds it as in production.
        app.MapGet("/v3/location", (HttpContext c) => Write(c, 200,
            $$$"""{"success":true,"data":[{"id":"{{{LocationId}}}","name":"Bench shop","timezone":"America/Chicago"}],"meta":{"total":1,"hasMore":false}}"""));
        app.MapGet("/v3/{entity}", (HttpContext c) => Write(c, 200, """{"success":true,"data":[],"meta":{"total":0,"hasMore":false}}"""));
        // The calendar sync's searches, as in production: an empty calendar.
        app.MapPost("/v3/appointment/search", (HttpContext c) => Write(c, 200, """{"success":true,"data":[],"meta":{"total":0,"hasMore":false}}"""));
        app.MapPost("/v3/appointment/search_replacement", (HttpContext c) => Write(c, 200, """{"success":true,"data":[],"meta":{"total":0}}"""));
        await app.StartAsync();
        var address = LoopbackServer.Address(app);
        return new InstantShopMonkey(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Every order's customer has a phone and an email of their own, so sends can be counted per person.</summary>
    public static string PhoneFor(string orderOrCustomerId) => $"+1415{2_000_000 + Number(orderOrCustomerId) % 7_000_000:D7}";

    public static string EmailFor(string orderOrCustomerId) => $"bench{Number(orderOrCustomerId)}@example.com";

    /// <summary>The trailing number of an id like <c>bench-1234-00000042</c>.</summary>
    private static int Number(string id) => int.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    private static Task Write(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
