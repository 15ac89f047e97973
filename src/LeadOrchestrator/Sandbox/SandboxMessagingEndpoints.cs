using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Sandbox;

/// <summary>
/// The messaging side of the demo: <c>GET /sandbox/outbox</c> shows what the demo tenant "sent", and
/// <c>POST /sandbox/twilio/sms</c> plays a customer texting the shop (STOP, HELP, a question) by
/// delivering a form signed exactly as Twilio signs it.
/// </summary>
public static class SandboxMessagingEndpoints
{
    public sealed record OutboxMessage(Guid Id, DateTimeOffset CreatedAt, Guid? LeadId, Cadence.Channel Channel, string Kind, string Provider,
        string To, string? From, string? Subject, string Body, Messaging.DeliveryStatus Status, int? Segments, IReadOnlyList<Messaging.Channels.EmailAttachment>? Attachments);

    public sealed record InboundText(
        [property: Required] string From,
        [property: Required, StringLength(1600, MinimumLength = 1)] string Body);

    public sealed record InboundResult(int Status, string Reply);

    public static IEndpointRouteBuilder MapSandboxMessaging(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup("/sandbox").WithTags("Sandbox").ExcludeFromDescription();
        sandbox.MapGet("/outbox", OutboxAsync).WithName("SandboxOutbox");
        sandbox.MapPost("/twilio/sms", TextTheShopAsync).WithName("SandboxInboundSms");
        return app;
    }

    internal static async Task<Results<Ok<List<OutboxMessage>>, NotFound>> OutboxAsync(Guid? leadId, int? limit, AppDbContext db, TenantContext tenant, CancellationToken ct)
    {
        var demo = await db.Tenants.Where(t => t.Slug == DemoShop.TenantSlug).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        if (demo is null)
            return TypedResults.NotFound();
        tenant.Set(demo.Value);
        var messages = await db.MessageDeliveries.AsNoTracking()
            .Where(d => leadId == null || d.LeadId == leadId)
            .OrderByDescending(d => d.CreatedAt)
            .Take(Math.Clamp(limit ?? 50, 1, 500))
            .ToListAsync(ct);
        return TypedResults.Ok(messages.Select(d => new OutboxMessage(d.Id, d.CreatedAt, d.LeadId, d.Channel, d.Kind, d.Provider,
            d.Recipient, d.Sender, d.Subject, d.Body, d.Status, d.Segments,
            d.Attachments is null ? null : System.Text.Json.JsonSerializer.Deserialize<List<Messaging.Channels.EmailAttachment>>(d.Attachments, System.Text.Json.JsonSerializerOptions.Web))).ToList());
    }

    internal static async Task<Results<Ok<InboundResult>, ValidationProblem, NotFound>> TextTheShopAsync(InboundText text, AppDbContext db,
        TwilioSignature signature, PublicUrls urls, SelfAddress self, IHttpClientFactory http, CancellationToken ct)
    {
        var from = ContactNormalizer.ToE164(text.From);
        if (from is null)
            return Problems.Invalid("from", "Not a valid phone number.");
        // Cross-tenant on purpose: the sandbox plays Twilio for the demo shop's number.
        var shopNumber = await db.Locations.AcrossTenants()
            .Where(l => db.Tenants.Any(t => t.Id == l.TenantId && t.Slug == DemoShop.TenantSlug) && l.SmsNumber != null)
            .Select(l => l.SmsNumber).FirstOrDefaultAsync(ct);
        var token = await signature.AuthTokenAsync(ct);
        if (shopNumber is null || token is null)
            return TypedResults.NotFound();

        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["AccountSid"] = "AC" + new string('0', 32),
            ["From"] = from,
            ["To"] = shopNumber,
            ["Body"] = text.Body,
            ["NumMedia"] = "0",
            ["NumSegments"] = "1",
            ["SmsStatus"] = "received",
            ["ApiVersion"] = "2010-04-01",
        };
        fields["SmsSid"] = fields["MessageSid"];
        using var request = new HttpRequestMessage(HttpMethod.Post, self.Resolve("webhooks/twilio/sms")) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignature.Sign(token, urls.Resolve("webhooks/twilio/sms").ToString(), fields));
        using var response = await http.CreateClient(SandboxWebhookSender.HttpClientName).SendAsync(request, ct);
        return TypedResults.Ok(new InboundResult((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct)));
    }
}
