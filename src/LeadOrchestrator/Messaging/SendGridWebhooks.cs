using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// <c>POST /webhooks/sendgrid/events</c>: SendGrid's signed Event Webhook. The ECDSA P-256 signature over
/// timestamp + raw body is checked against the configured public key (403 otherwise); each event is
/// applied once (<c>sg_event_id</c>), to the delivery it names.
/// </summary>
public static partial class SendGridWebhooks
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>The webhook's own log category, so an operator can turn it up alone.</summary>
    public const string LogCategory = "LeadOrchestrator.Webhooks.SendGrid";

    public static IEndpointRouteBuilder MapSendGridWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/sendgrid/events", EventsAsync).WithName("SendGridEvents").WithTags("Webhooks").WithGroupName(ApiDocuments.Webhooks).DisableAntiforgery();
        return app;
    }

    /// <summary>True when <paramref name="signature"/> (base64 DER) signs timestamp + body under the SPKI public key.</summary>
    public static bool Verify(string publicKeyBase64, string signature, string timestamp, ReadOnlySpan<byte> body)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKeyBase64), out _);
            var signed = new byte[Encoding.UTF8.GetByteCount(timestamp) + body.Length];
            var written = Encoding.UTF8.GetBytes(timestamp, signed);
            body.CopyTo(signed.AsSpan(written));
            return ecdsa.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return false;
        }
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> EventsAsync(HttpRequest request, IOptions<SendGridOptions> options, IServiceScopeFactory scopes,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(LogCategory);
        if (request.ContentLength > MaxBodyBytes)
            return Problems.Refused(StatusCodes.Status413PayloadTooLarge, "too_large", $"Event batches are limited to {MaxBodyBytes} bytes.");
        var body = await ReadAsync(request.Body, ct);
        if (body is null)
            return Problems.Refused(StatusCodes.Status413PayloadTooLarge, "too_large", $"Event batches are limited to {MaxBodyBytes} bytes.");
        string? signature = request.Headers[SignatureHeader], timestamp = request.Headers[TimestampHeader];
        if (options.Value.EventWebhookPublicKey is not { Length: > 0 } key || signature is null || timestamp is null || !Verify(key, signature, timestamp, body))
            return Problems.Refused(StatusCodes.Status403Forbidden, "invalid_signature", "The request does not carry a valid event webhook signature.");

        List<JsonElement> events;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                return Problems.Refused(StatusCodes.Status400BadRequest, "malformed_json", "Expected a JSON array of events.");
            events = [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
        }
        catch (JsonException)
        {
            return Problems.Refused(StatusCodes.Status400BadRequest, "malformed_json", "Malformed JSON.");
        }

        foreach (var e in events.Where(e => e.ValueKind == JsonValueKind.Object))
        {
            // Each event in its own scope: one POST can carry events of several tenants.
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AppDbContext>()
                .RetryOnConflictAsync(c => ApplyAsync(scope.ServiceProvider, e, logger, c), ct);
        }
        return TypedResults.Ok();
    }

    private static async Task ApplyAsync(IServiceProvider services, JsonElement e, ILogger logger, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var time = services.GetRequiredService<TimeProvider>();
        var type = Text(e, "event");
        var eventId = Text(e, "sg_event_id");
        if (type is null || eventId is null)
            return;

        // Cross-tenant on purpose: the event names the delivery, and the delivery its tenant.
        var deliveries = db.MessageDeliveries.AcrossTenants().Where(d => d.Provider == Channels.SendGridEmailSender.Name);
        var delivery = Guid.TryParse(Text(e, "delivery_id"), out var deliveryId)
            ? await deliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, ct)
            : Text(e, "sg_message_id")?.Split('.')[0] is { Length: > 0 } messageId
                ? await deliveries.FirstOrDefaultAsync(d => d.ProviderMessageId == messageId, ct)
                : null;
        if (delivery is null)
        {
            Log.UnknownMessage(logger, type, eventId);
            return;
        }
        var now = time.GetUtcNow();
        // SendGrid delivers each event about three times on average: the first one counts. The marker
        // commits with the event's effects, so an event is never marked applied without being applied.
        if (await db.ProviderEvents.AnyAsync(p => p.Provider == Channels.SendGridEmailSender.Name && p.EventId == eventId, ct))
            return;
        db.ProviderEvents.Add(new ProviderEvent { Provider = Channels.SendGridEmailSender.Name, EventId = eventId, ReceivedAt = now });
        var tenant = services.GetRequiredService<TenantContext>();
        tenant.Set(delivery.TenantId);
        // What SendGrid reports (a bounce, an unsubscribe, a spam report) is the provider's word, for the audit log.
        using var asProvider = tenant.ActingAs(Audit.AuditActorType.Provider);
        var consents = services.GetRequiredService<ConsentService>();

        var detail = Text(e, "reason") ?? Text(e, "response") ?? Text(e, "url");
        DeliveryStatus? status = type switch
        {
            "processed" or "deferred" => DeliveryStatus.Queued,
            "delivered" => DeliveryStatus.Delivered,
            "bounce" when Text(e, "type") == "blocked" => DeliveryStatus.Failed,
            "bounce" => DeliveryStatus.Bounced,
            "dropped" => DeliveryStatus.Dropped,
            _ => null,
        };
        delivery.StatusHistory = DeliveryStatuses.AppendHistory(delivery.StatusHistory, type, now, detail is { Length: > 300 } ? detail[..300] : detail);
        delivery.UpdatedAt = now;
        if (DeliveryStatuses.Advances(delivery.Status, status))
        {
            delivery.Status = status!.Value;
            if (status is DeliveryStatus.Bounced or DeliveryStatus.Dropped or DeliveryStatus.Failed)
            {
                delivery.ErrorCode = Text(e, "status") ?? type;
                delivery.ErrorMessage = detail;
            }
        }

        var source = type switch
        {
            "bounce" when Text(e, "type") != "blocked" => ConsentSources.HardBounce,
            "spamreport" => ConsentSources.SpamReport,
            "unsubscribe" or "group_unsubscribe" => ConsentSources.ProviderOptOut,
            _ => null,
        };
        if (source is not null)
            await consents.RecordAsync(Channel.Email, delivery.Recipient, ConsentStatus.OptedOut, source, $"SendGrid {type}: {detail}", delivery.LeadId, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The same event, delivered twice at the same moment: the other copy applied it.
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => Common.CleanText.Read(v),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static async Task<byte[]?> ReadAsync(Stream body, CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var read = await body.ReadAsync(buffer.GetMemory(16 * 1024), ct);
            if (read == 0)
                return buffer.WrittenSpan.ToArray();
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
                return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "SendGrid {Type} event {EventId} names no delivery of ours; nothing changed")]
        public static partial void UnknownMessage(ILogger logger, string type, string eventId);
    }
}
