using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Links;
using LeadOrchestrator.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Demo;

/// <summary>
/// <c>/</c> in demo mode (the run command): where a newcomer starts — try the chat as a customer in one
/// click, and the links to what the demo shop sent, its calendar and the app's health. Outside demo mode
/// nothing is mapped at <c>/</c>: a stranger learns nothing from it.
/// </summary>
public static class StartPage
{
    public static IEndpointRouteBuilder MapStartPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Show).ExcludeFromDescription();
        app.MapPost("/sandbox/try", TryAsync).ExcludeFromDescription().DisableAntiforgery();
        app.MapGet("/sandbox/try/{orderId}", WaitForLeadAsync).ExcludeFromDescription();
        return app;
    }

    internal static IResult Show(HttpContext http, IOptions<DemoOptions> options) =>
        SimplePage.Render(http, StatusCodes.Status200OK, "Lead Orchestrator — demo", $"""
            <p>A demo window-tint shop, <strong>{SimplePage.Encode(DemoShop.LocationName)}</strong>, with a built-in ShopMonkey sandbox, the offline assistant and an outbox instead of real texts and emails.</p>
            <form method="post" action="/sandbox/try"><button type="submit">Try it as a customer</button></form>
            <p>This creates an estimate in the sandbox, as a service writer would; within a second it is a lead with its first text and email, and you land in its chat.</p>
            <h2>Look around</h2>
            <ul>
              <li><a href="/sandbox/outbox">What the shop sent</a> (texts and emails, newest first)</li>
              <li><a href="/sandbox/shopmonkey/appointments">The shop's ShopMonkey calendar</a></li>
              <li><a href="/api/health">Health</a>: database, assistant, background work</li>
            </ul>
            <p>The staff console API signs in as <code>{SimplePage.Encode(options.Value.StaffEmail)}</code>; the password is in the log. The README has the rest.</p>
            """);

    /// <summary>A new sandbox estimate for a made-up customer, then on to its chat.</summary>
    internal static async Task<IResult> TryAsync(SandboxStore store, SandboxWebhookSender sender, CancellationToken ct)
    {
        var created = await SandboxEndpoints.CreateOrderAsync(null, store, sender, ct);
        return created.Result is Microsoft.AspNetCore.Http.HttpResults.Created<SandboxEndpoints.NewOrderResponse> { Value: { } order }
            ? Results.Redirect($"/sandbox/try/{Uri.EscapeDataString(order.OrderId)}", permanent: false, preserveMethod: false)
            : Results.Problem("The sandbox could not create an estimate.", statusCode: StatusCodes.Status500InternalServerError);
    }

    /// <summary>The chat of the order's lead once intake has made it; until then a page that looks again every second.</summary>
    internal static async Task<IResult> WaitForLeadAsync(string orderId, HttpContext http, AppDbContext db, TenantContext tenant, LeadLinks links, CancellationToken ct)
    {
        var demo = await db.Tenants.Where(t => t.Slug == DemoShop.TenantSlug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        if (demo is null)
            return Results.NotFound();
        tenant.Set(demo.Value);
        var lead = await db.Leads.AsNoTracking().Where(l => l.ShopMonkeyOrderId == orderId).Select(l => (Guid?)l.Id).FirstOrDefaultAsync(ct);
        if (lead is { } id)
            return Results.Redirect((await links.ChatAsync(id, ct)).PathAndQuery);
        http.Response.Headers["Refresh"] = "1";
        return SimplePage.Render(http, StatusCodes.Status200OK, "Setting up your estimate…",
            "<p>The sandbox has sent the estimate to Lead Orchestrator; its chat opens in a moment.</p>");
    }
}
