using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadOrchestrator.Messaging;

/// <summary>Where a message in <c>message_deliveries</c> stands; Twilio's and SendGrid's words map onto these.</summary>
public enum DeliveryStatus
{
    Sending,
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
    Undelivered,
    Bounced,
    Dropped,
    InDoubt,
    Received,
}

/// <summary>
/// How provider reports move a <see cref="MessageDelivery"/>. Providers report out of order and twice; a
/// status is applied only when it moves the message forward, and every report is kept in the history.
/// </summary>
public static class DeliveryStatuses
{
    /// <summary>Twilio's and SendGrid's statuses as ours; null for words we do not track (kept in the history only).</summary>
    public static DeliveryStatus? Normalize(string status) => status.ToLowerInvariant() switch
    {
        "accepted" or "scheduled" or "queued" or "processed" or "deferred" => DeliveryStatus.Queued,
        var s => Common.EnumNames.TryParse<DeliveryStatus>(s, out var ours) ? ours : null,
    };

    /// <summary>Forward order; the terminal outcomes share the top rank (except "read", which only follows delivery).</summary>
    public static int Rank(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Sending => 0,
        DeliveryStatus.Queued => 1,
        DeliveryStatus.Sent => 2,
        DeliveryStatus.Delivered or DeliveryStatus.Undelivered or DeliveryStatus.Failed or DeliveryStatus.Bounced or DeliveryStatus.Dropped or DeliveryStatus.InDoubt => 3,
        DeliveryStatus.Read => 4,
        _ => -1,
    };

    /// <summary>True when <paramref name="next"/> should replace <paramref name="current"/>.</summary>
    public static bool Advances(DeliveryStatus current, DeliveryStatus? next) => next is { } n && Rank(n) > Rank(current);

    /// <summary>Writes a provider call's result onto its delivery row; true when the provider has the message.</summary>
    public static bool Record(MessageDelivery delivery, Channels.SendResult result, DateTimeOffset now)
    {
        delivery.UpdatedAt = now;
        switch (result)
        {
            case Channels.SendResult.Accepted accepted:
                var status = Normalize(accepted.Status);
                delivery.ProviderMessageId = accepted.ProviderMessageId;
                delivery.Status = Advances(DeliveryStatus.Sending, status) ? status!.Value : DeliveryStatus.Queued;
                delivery.StatusHistory = AppendHistory(delivery.StatusHistory, delivery.Status, now, accepted.ProviderMessageId);
                return true;
            case Channels.SendResult.Unknown unknown:
                // Not resent: it may have arrived. Staff see it in doubt.
                (delivery.Status, delivery.ErrorMessage) = (DeliveryStatus.InDoubt, Clip(unknown.Message));
                delivery.StatusHistory = AppendHistory(delivery.StatusHistory, DeliveryStatus.InDoubt, now, Clip(unknown.Message));
                return false;
            default:
                var (code, message) = result switch
                {
                    Channels.SendResult.RetryLater r => (r.Code, r.Message),
                    Channels.SendResult.Rejected r => (r.Code, r.Message),
                    _ => ("unknown", "unknown"),
                };
                (delivery.Status, delivery.ErrorCode, delivery.ErrorMessage) = (DeliveryStatus.Failed, Common.CleanText.Clean(code.Length > 32 ? code[..32] : code), Clip(message));
                delivery.StatusHistory = AppendHistory(delivery.StatusHistory, DeliveryStatus.Failed, now, $"{code}: {Clip(message)}");
                return false;
        }
    }

    /// <summary>Provider error bodies can be pages long; the first thousand characters say what happened.</summary>
    private static string Clip(string text) => Common.CleanText.Clean(text.Length > 1000 ? text[..1000] : text);

    public static string AppendHistory(string history, DeliveryStatus status, DateTimeOffset at, string? detail = null) =>
        AppendHistory(history, Common.EnumNames.Of(status), at, detail);

    /// <summary>Appends a provider's own word (SendGrid's "open", Twilio's "canceled") that maps to no status of ours.</summary>
    public static string AppendHistory(string history, string status, DateTimeOffset at, string? detail = null)
    {
        var array = JsonNode.Parse(history) as JsonArray ?? [];
        var entry = new JsonObject { ["status"] = status, ["at"] = at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        if (detail is not null)
            entry["detail"] = detail;
        array.Add(entry);
        return array.ToJsonString(HistoryJson);
    }

    private static readonly JsonSerializerOptions HistoryJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
