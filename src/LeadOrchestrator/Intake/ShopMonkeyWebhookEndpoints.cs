using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadOrchestrator.Intake;

/// <summary>
/// <c>POST /webhooks/shopmonkey/{tenantSlug}</c>: verify, store, answer 202. Nothing slow happens here;
/// the intake worker does the rest. Every answer a sender can provoke is a 2xx or a clear 4xx.
/// </summary>
public static partial class ShopMonkeyWebhookEndpoints
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const int MaxWebhookIdLength = 200;

    /// <summary>The webhook's own log category, so an operator can turn it up alone.</summary>
    public const string LogCategory = "LeadOrchestrator.Webhooks.ShopMonkey";

    public static IEndpointRouteBuilder MapShopMonkeyWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/shopmonkey/{tenantSlug}", ReceiveAsync)
            .WithName("ReceiveShopMonkeyWebhook")
            .WithTags("Webhooks")
            .WithGroupName(ApiDocuments.Webhooks)
            .WithSummary("ShopMonkey order events (Standard Webhooks signature)")
            .Produces<WebhookAck>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public sealed record WebhookAck(string WebhookId, bool Duplicate);

    internal static async Task<Results<Accepted<WebhookAck>, ProblemHttpResult>> ReceiveAsync(
        string tenantSlug,
        HttpRequest request,
        TenantDirectory tenants,
        Inbox inbox,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var logger = loggers.CreateLogger(LogCategory);
        WebhookTarget? tenant;
        try
        {
            tenant = await tenants.FindWebhookTargetAsync(tenantSlug, ct);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            return Unavailable(request, logger, ex, tenantSlug);
        }
        if (tenant is null)
            return Problem(StatusCodes.Status404NotFound, "unknown_tenant", "Unknown tenant", $"No tenant '{Truncate(tenantSlug)}' receives ShopMonkey webhooks here.");

        var body = await ReadBodyAsync(request, ct);
        if (body is null)
            return Problem(StatusCodes.Status413PayloadTooLarge, "too_large", "Payload too large", $"Webhook bodies are limited to {MaxBodyBytes} bytes.");

        var headers = request.Headers;
        string? id = headers["webhook-id"], timestamp = headers["webhook-timestamp"], signature = headers["webhook-signature"];
        var now = time.GetUtcNow();
        var verdict = tenant.WebhookSecret is null
            ? StandardWebhookSignature.Result.Mismatch
            : StandardWebhookSignature.Verify(tenant.WebhookSecret, id, timestamp, signature, body, now);
        // Just after a rotation, ShopMonkey may still sign with the secret before it: accepted until its grace ends.
        if (verdict == StandardWebhookSignature.Result.Mismatch && tenant.PreviousWebhookSecret is { } previous && now < tenant.PreviousUntil)
            verdict = StandardWebhookSignature.Verify(previous, id, timestamp, signature, body, now);
        if (verdict != StandardWebhookSignature.Result.Valid)
        {
            Log.SignatureRejected(logger, tenant.Slug, verdict);
            return Problem(StatusCodes.Status401Unauthorized, "invalid_signature", "Invalid signature", verdict switch
            {
                StandardWebhookSignature.Result.MissingHeaders => "webhook-id, webhook-timestamp and webhook-signature are required.",
                StandardWebhookSignature.Result.BadTimestamp => "webhook-timestamp must be Unix seconds.",
                StandardWebhookSignature.Result.StaleTimestamp => "webhook-timestamp is more than 5 minutes away from our clock.",
                _ => "No v1 signature matches this body.",
            });
        }
        if (id!.Length > MaxWebhookIdLength)
            return Problem(StatusCodes.Status400BadRequest, "invalid_webhook_id", "Invalid webhook-id", $"webhook-id is limited to {MaxWebhookIdLength} characters.");

        if (!TryDescribe(body, out var description))
            return Problem(StatusCodes.Status400BadRequest, "malformed_json", "Malformed JSON", "The body must be a UTF-8 JSON object.");

        var e = new InboundEvent
        {
            TenantId = tenant.TenantId,
            Source = InboundEventSource.Webhook,
            DedupeKey = id,
            EntityTable = description.Table,
            Operation = description.Operation,
            EntityId = description.EntityId,
            EntityUpdatedAt = description.UpdatedAt,
            Payload = Encoding.UTF8.GetString(body),
            DeliveryAttempt = int.TryParse(headers["X-Attempt"], NumberStyles.None, CultureInfo.InvariantCulture, out var attempt) ? attempt : null,
            ReceivedAt = time.GetUtcNow(),
        };
        bool inserted;
        try
        {
            inserted = await inbox.TryAddAsync(e, ct);
        }
        catch (Exception ex) when (DbErrors.IsUnavailable(ex))
        {
            return Unavailable(request, logger, ex, tenant.Slug);
        }

        if (inserted)
            Log.Accepted(logger, tenant.Slug, id, description.Table ?? "no table", description.EntityId ?? "no id");
        else
            Log.Duplicate(logger, tenant.Slug, id);
        return TypedResults.Accepted((string?)null, new WebhookAck(id, !inserted));
    }

    /// <summary>We could not make the event durable, so we must not say 2xx: 503 is what ShopMonkey retries (500 is not).</summary>
    private static ProblemHttpResult Unavailable(HttpRequest request, ILogger logger, Exception ex, string slug)
    {
        Log.InboxUnavailable(logger, ex, Truncate(slug));
        request.HttpContext.Response.Headers.RetryAfter = "5";
        return Problem(StatusCodes.Status503ServiceUnavailable, "try_again", "Try again", "The event could not be stored; please retry.");
    }

    /// <summary>Reads the raw body (signatures are over bytes), refusing more than <see cref="MaxBodyBytes"/>. Null = too large.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
            return null;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;

        // Grow with what actually arrives: a declared length is not a reason to reserve a mebibyte up front.
        var buffer = new ArrayBufferWriter<byte>((int)Math.Clamp(request.ContentLength ?? 4096, 1, 16 * 1024));
        try
        {
            while (true)
            {
                var memory = buffer.GetMemory(8192);
                var read = await request.Body.ReadAsync(memory, ct);
                if (read == 0)
                    return buffer.WrittenSpan.ToArray();
                buffer.Advance(read);
                if (buffer.WrittenCount > MaxBodyBytes)
                    return null;
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private readonly record struct Description(string? Table, string? Operation, string? EntityId, DateTimeOffset? UpdatedAt);

    /// <summary>
    /// Pulls the routing fields out of a ShopMonkey delivery. Any JSON object is accepted (a test ping
    /// must not put the webhook into ShopMonkey's error state); only non-JSON is refused.
    /// </summary>
    private static bool TryDescribe(byte[] body, out Description description)
    {
        description = default;
        // The payload is stored as text; bytes that are not UTF-8 would be silently altered.
        if (!System.Text.Unicode.Utf8.IsValid(body))
            return false;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return false;
            string? table = StringOf(root, "table"), operation = StringOf(root, "operation");
            string? entityId = null;
            DateTimeOffset? updated = null;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
            {
                entityId = StringOf(data, "id");
                if (data.TryGetProperty("updatedDate", out var u) && u.ValueKind == JsonValueKind.String && u.TryGetDateTimeOffset(out var parsed))
                    updated = parsed.ToUniversalTime();
            }
            description = new Description(Clip(table, 64), Clip(operation?.ToUpperInvariant(), 16), Clip(entityId, 64), updated);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => Common.CleanText.Read(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static string? Clip(string? value, int max) => value is { Length: > 0 } v && v.Length > max ? v[..max] : value;

    private static string Truncate(string value) => value.Length > 64 ? value[..64] + "…" : value;

    private static ProblemHttpResult Problem(int status, string code, string title, string detail) => Problems.Refused(status, code, detail, title);

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Webhook {WebhookId} for tenant {Tenant} stored ({Table} {EntityId})")]
        public static partial void Accepted(ILogger logger, string tenant, string webhookId, string table, string entityId);

        [LoggerMessage(LogLevel.Information, "Webhook {WebhookId} for tenant {Tenant} was already stored; acknowledged again")]
        public static partial void Duplicate(ILogger logger, string tenant, string webhookId);

        [LoggerMessage(LogLevel.Warning, "Webhook for tenant {Tenant} rejected: {Verdict}")]
        public static partial void SignatureRejected(ILogger logger, string tenant, StandardWebhookSignature.Result verdict);

        [LoggerMessage(LogLevel.Error, "Webhook for tenant {Tenant} could not be stored")]
        public static partial void InboxUnavailable(ILogger logger, Exception exception, string tenant);
    }
}
