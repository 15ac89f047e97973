using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// Statuses of <c>message_deliveries</c>. Providers report them out of order and twice; a status is
/// applied only when it moves the message forward, and every report is kept in the history.
/// </summary>
public static class DeliveryStatuses
{
    public const string Sending = "sending";
    public const string Queued = "queued";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Read = "read";
    public const string Failed = "failed";
    public const string Undelivered = "undelivered";
    public const string Bounced = "bounced";
    public const string Dropped = "dropped";
    public const string InDoubt = "in_doubt";
    public const string Received = "received";

    /// <summary>Twilio's and SendGrid's statuses as ours; unknown ones are kept as they came.</summary>
    public static string Normalize(string status) => status.ToLowerInvariant() switch
    {
        "accepted" or "scheduled" or "queued" or "processed" or "deferred" => Queued,
        "sending" => Sending,
        var s => s,
    };

    /// <summary>Forward order; the terminal outcomes share the top rank (except "read", which only follows delivery).</summary>
    public static int Rank(string status) => status switch
    {
        Sending => 0,
        Queued => 1,
        Sent => 2,
        Delivered or Undelivered or Failed or Bounced or Dropped or InDoubt => 3,
        Read => 4,
        _ => -1,
    };

    /// <summary>True when <paramref name="next"/> should replace <paramref name="current"/>.</summary>
    public static bool Advances(string current, string next) => Rank(next) > Rank(current);

    /// <summary>Writes a provider call's result onto its delivery row; true when the provider has the message.</summary>
    public static bool Record(MessageDelivery delivery, Channels.SendResult result, DateTimeOffset now)
    {
        delivery.UpdatedAt = now;
        switch (result)
        {
            case Channels.SendResult.Accepted accepted:
                var status = Normalize(accepted.Status);
                delivery.ProviderMessageId = accepted.ProviderMessageId;
                delivery.Status = Advances(Sending, status) ? status : Queued;
                delivery.StatusHistory = AppendHistory(delivery.StatusHistory, delivery.Status, now, accepted.ProviderMessageId);
                return true;
            case Channels.SendResult.Unknown unknown:
                // Not resent: it may have arrived. Staff see it in doubt.
                (delivery.Status, delivery.ErrorMessage) = (InDoubt, Clip(unknown.Message));
                delivery.StatusHistory = AppendHistory(delivery.StatusHistory, InDoubt, now, Clip(unknown.Message));
                return false;
            default:
                var (code, message) = result switch
                {
                    Channels.SendResult.RetryLater r => (r.Code, r.Message),
                    Channels.SendResult.Rejected r => (r.Code, r.Message),
                    _ => ("unknown", "unknown"),
                };
                (delivery.Status, delivery.ErrorCode, delivery.ErrorMessage) = (Failed, Common.CleanText.Clean(code.Length > 32 ? code[..32] : code), Clip(message));
                delivery.StatusHistory = AppendHistory(delivery.StatusHistory, Failed, now, $"{code}: {Clip(message)}");
                return false;
        }
    }

    /// <summary>Provider error bodies can be pages long; the first thousand characters say what happened.</summary>
    private static string Clip(string text) => Common.CleanText.Clean(text.Length > 1000 ? text[..1000] : text);

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
