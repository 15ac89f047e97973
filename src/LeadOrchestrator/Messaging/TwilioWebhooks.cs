using System.Security.Cryptography;
using System.Text;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// <c>POST /webhooks/twilio/status</c> (delivery callbacks) and <c>POST /webhooks/twilio/sms</c> (texts
/// from customers). Both verify <c>X-Twilio-Signature</c> with the official SDK's validator: 403 and no
/// change otherwise.
/// </summary>
public static partial class TwilioWebhooks
{
    /// <summary>The webhooks' own log category (not a service's), so an operator can turn them up alone.</summary>
    public const string LogCategory = "LeadOrchestrator.Webhooks.Twilio";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup("/webhooks/twilio").WithTags("Webhooks").WithGroupName(ApiDocuments.Webhooks).DisableAntiforgery();
        twilio.MapPost("/status", StatusAsync).WithName("TwilioStatusCallback");
        twilio.MapPost("/sms", InboundAsync).WithName("TwilioInboundSms");
        return app;
    }

    internal static async Task<Results<Ok, ProblemHttpResult>> StatusAsync(HttpRequest request, TwilioSignature signature, AppDbContext db, TenantContext tenant,
        ConsentService consents, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var form = await signature.VerifiedFormAsync(request, ct);
        if (form is null)
            return Forbidden();
        var sid = CleanText.CleanOrNull(form.GetValueOrDefault("MessageSid"));
        var reported = CleanText.CleanOrNull(form.GetValueOrDefault("MessageStatus") ?? form.GetValueOrDefault("SmsStatus"));
        if (string.IsNullOrEmpty(sid) || string.IsNullOrEmpty(reported))
            return Problems.Refused(StatusCodes.Status400BadRequest, "missing_fields", "MessageSid and MessageStatus are required.");

        // Cross-tenant on purpose: the message id tells us whose message this is.
        var tenantId = await db.MessageDeliveries.AcrossTenants()
            .Where(d => d.Provider == Channels.TwilioSmsSender.Name && d.ProviderMessageId == sid)
            .Select(d => (Guid?)d.TenantId).FirstOrDefaultAsync(ct);
        if (tenantId is null)
        {
            Log.UnknownMessage(logger, sid);
            return TypedResults.Ok(); // not ours (or long gone): acknowledged so Twilio stops asking, nothing changed
        }
        tenant.Set(tenantId.Value);
        using var asProvider = tenant.ActingAs(Audit.AuditActorType.Provider);
        await db.RetryOnConflictAsync(async c =>
        {
            var delivery = await db.MessageDeliveries.SingleAsync(d => d.Provider == Channels.TwilioSmsSender.Name && d.ProviderMessageId == sid, c);
            var status = DeliveryStatuses.Normalize(reported);
            var errorCode = CleanText.CleanOrNull(form.GetValueOrDefault("ErrorCode"));
            var now = time.GetUtcNow();
            // A word we do not track (canceled, partially_delivered) is kept in the history as Twilio said it.
            var said = status is { } ours ? EnumNames.Of(ours) : reported.ToLowerInvariant();
            delivery.StatusHistory = DeliveryStatuses.AppendHistory(delivery.StatusHistory, said, now, errorCode is { Length: > 0 } ? $"error {errorCode}" : null);
            delivery.UpdatedAt = now;
            // Callbacks arrive late and twice: a status only ever moves forward.
            if (DeliveryStatuses.Advances(delivery.Status, status))
            {
                delivery.Status = status!.Value;
                if (errorCode is { Length: > 0 })
                    delivery.ErrorCode = errorCode;
            }
            await consents.ApplyProviderEffectAsync(Channel.Sms, delivery.Recipient, errorCode, delivery.LeadId, $"Twilio error {errorCode}", c);
            await db.SaveChangesAsync(c);
        }, ct);
        return TypedResults.Ok();
    }

    /// <summary>A customer's text: verified, parsed, handed to the conversation (which decides everything), answered with TwiML.</summary>
    internal static async Task<Results<ContentHttpResult, ProblemHttpResult>> InboundAsync(HttpRequest request, TwilioSignature signature, AppDbContext db,
        TenantContext tenant, ConversationService conversations, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var form = await signature.VerifiedFormAsync(request, ct);
        if (form is null)
            return Forbidden();
        var sid = CleanText.CleanOrNull(form.GetValueOrDefault("MessageSid") ?? form.GetValueOrDefault("SmsSid"));
        var from = ContactNormalizer.ToE164(form.GetValueOrDefault("From"));
        var to = ContactNormalizer.ToE164(form.GetValueOrDefault("To"));
        var body = CleanText.Clean(form.GetValueOrDefault("Body") ?? "");
        if (sid is null or { Length: > 64 } || from is null)
            return Problems.Refused(StatusCodes.Status400BadRequest, "missing_fields", "MessageSid and a valid From are required.");

        // Cross-tenant on purpose: the number that was texted tells us which shop this is for.
        var location = to is null ? null : await db.Locations.AcrossTenants().AsNoTracking().Include(l => l.Hours)
            .Where(l => l.SmsNumber == to).OrderBy(l => l.CreatedAt).FirstOrDefaultAsync(ct);
        if (location is null)
        {
            Log.UnknownNumber(logger, to ?? "?");
            return TwiML(null);
        }
        tenant.Set(location.TenantId);
        // The customer's own text (a STOP, a START, a question that hands over to staff).
        using var asCustomer = tenant.ActingAs(Audit.AuditActorType.Customer);
        var outcome = await conversations.RecordInboundSmsAsync(location, from, body, sid, ct);
        return TwiML(outcome.Answer);
    }

    private static ContentHttpResult TwiML(string? message) =>
        TypedResults.Content(message is null ? "<Response/>" : $"<Response><Message>{System.Security.SecurityElement.Escape(message)}</Message></Response>", "text/xml", Encoding.UTF8);

    private static ProblemHttpResult Forbidden() => Problems.Refused(StatusCodes.Status403Forbidden, "invalid_signature", "The request does not carry a valid X-Twilio-Signature.");

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Twilio status callback for unknown message {MessageSid}; nothing changed")]
        public static partial void UnknownMessage(ILogger logger, string messageSid);

        [LoggerMessage(LogLevel.Warning, "Inbound SMS to {Number}, which no location texts from; ignored")]
        public static partial void UnknownNumber(ILogger logger, string number);
    }
}

/// <summary>
/// Verifies Twilio's request signature over the URL Twilio called and the form fields (the SDK's
/// <see cref="RequestValidator"/>). The URL is <c>App:PublicBaseUrl</c> + path when set (behind a proxy,
/// the address Twilio used is not the one Kestrel sees), else the request's own.
/// </summary>
public sealed class TwilioSignature(IOptions<TwilioOptions> options, IConfiguration configuration, IServiceScopeFactory scopes)
{
    public const string SandboxTokenName = "twilio-sandbox-auth-token";

    /// <summary>The form fields when the signature is valid; null otherwise.</summary>
    public async Task<Dictionary<string, string>?> VerifiedFormAsync(HttpRequest request, CancellationToken ct)
    {
        if (!string.Equals(request.ContentType?.Split(';')[0].Trim(), "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            || request.ContentLength > MaxFormBytes)
            return null;
        var token = await AuthTokenAsync(ct);
        string? header = request.Headers["X-Twilio-Signature"];
        if (token is null || string.IsNullOrEmpty(header))
            return null;
        if (await ReadFieldsAsync(request, ct) is not { } fields)
            return null;
        var url = configuration["App:PublicBaseUrl"] is { Length: > 0 } publicBase
            ? publicBase.TrimEnd('/') + request.Path + request.QueryString
            : $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";
        return new RequestValidator(token).Validate(url, fields, header) ? fields : null;
    }

    private const int MaxFormBytes = 64 * 1024;

    /// <summary>
    /// The form's fields, decoded as Twilio encoded them. Not ASP.NET's form reader: it refuses a whole
    /// request over one %00 (a 500), and a customer's text may carry anything; the values are cleaned by
    /// whoever stores them, after the signature has been checked over what Twilio actually sent.
    /// </summary>
    private static async Task<Dictionary<string, string>?> ReadFieldsAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxFormBytes)
                return null;
        }
        var form = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(form.StartsWith('?') ? form : "?" + form)
            .ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
    }

    /// <summary>Twilio's auth token; in demo mode without one, the sandbox's own generated token.</summary>
    public async Task<string?> AuthTokenAsync(CancellationToken ct)
    {
        if (options.Value.AuthToken is { Length: > 0 } token)
            return token;
        if (!DemoExtensions.IsEnabled(configuration))
            return null;
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppSecrets>()
            .GetOrCreateAsync(SandboxTokenName, () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), ct);
    }

    /// <summary>Twilio's scheme, for the sandbox that plays Twilio: base64(HMAC-SHA1(token, url + sorted key+value pairs)).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "HMAC-SHA1 is what Twilio's signature protocol specifies.")]
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            data.Append(key).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }
}
