using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Conversations;

/// <summary>What became of a customer's text: the answer to send back at once in the webhook's reply (TwiML), if any.</summary>
/// <param name="Duplicate">Twilio sent this message before (it retries a webhook it did not hear back from): nothing changed.</param>
public sealed record InboundSmsOutcome(string? Answer, bool Duplicate);

/// <summary>A customer's web message, as <see cref="ConversationService.RecordWebMessageAsync"/> found it.</summary>
public abstract record WebMessage
{
    /// <summary>New, and stored.</summary>
    public sealed record Stored(ChatMessage Message) : WebMessage;

    /// <summary>Sent before with the same client id (the page retried): <paramref name="Message"/> is the one stored then.</summary>
    public sealed record AskedBefore(ChatMessage Message) : WebMessage;

    /// <summary>The same message is being stored by another request at this moment: that one answers it.</summary>
    public sealed record Racing : WebMessage;
}

/// <summary>
/// One customer's conversation with the shop — web chat and SMS in one thread — and what people and
/// automations do with it: a customer's text is recorded here (keywords, the cadence stop, whether the
/// assistant answers), so is a web message before the assistant answers it, and staff take a
/// conversation over (the assistant stays silent, on web and SMS) or hand it back. The webhooks and the
/// chat API only translate their wire formats to these calls.
/// </summary>
public sealed partial class ConversationService(AppDbContext db, ConsentService consents, CadenceService cadence, SmsReplySignal replies,
    Outbound outbound, DeliveryReconciler reconciler, Microsoft.Extensions.Options.IOptions<MessagingOptions> messaging, TimeProvider time)
{
    /// <summary>Spanish opt-out keywords: honoured like STOP; Twilio does not confirm these itself, so the webhook's reply does (in Spanish).</summary>
    public static readonly string[] SpanishOptOutWords = ["ALTO", "PARAR", "CANCELAR", "BAJA"];

    /// <summary>Opt-out keywords Twilio honours on long codes, and the Spanish ones, matched on the whole message, any case (declared after those it includes).</summary>
    public static readonly string[] OptOutWords = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT", .. SpanishOptOutWords];
    public static readonly string[] OptInWords = ["START", "YES", "UNSTOP"];
    public static readonly string[] HelpWords = ["HELP", "INFO", "AYUDA"];

    /// <summary>Longest customer text kept (Twilio's own limit for a concatenated message).</summary>
    public const int MaxSmsLength = 1600;

    /// <summary>
    /// A text to <paramref name="location"/>'s number, for the current tenant (the number says whose): stored
    /// once per Twilio message id, in the thread of the newest lead with that phone (or of the phone alone).
    /// STOP / START record consent for every lead with the number (Twilio confirms a STOP itself); HELP is
    /// answered with the shop's phone; any other text from a lead stops its cadence as engaged and is left
    /// for the assistant's SMS reply — unless staff have the conversation; a stranger is told the shop will
    /// get back to them. The answer sent in the webhook's reply is recorded as a delivery like any message.
    /// </summary>
    public async Task<InboundSmsOutcome> RecordInboundSmsAsync(Location location, string from, string body, string messageId, CancellationToken ct)
    {
        var outcome = await db.RetryOnConflictAsync(async c =>
        {
            if (await db.ChatMessages.AnyAsync(m => m.ExternalId == messageId, c))
                return new InboundSmsOutcome(null, Duplicate: true);

            var now = time.GetUtcNow();
            var lead = await db.Leads.Where(l => l.Phone == from).OrderByDescending(l => l.CreatedAt).FirstOrDefaultAsync(c);
            var session = await SessionAsync(location.TenantId, lead, from, now, c, location.Id);
            var message = new ChatMessage
            {
                Id = Guid.CreateVersion7(now),
                TenantId = location.TenantId,
                SessionId = session.Id,
                LeadId = lead?.Id,
                Role = ChatRole.Customer,
                Channel = ConversationChannel.Sms,
                Content = body.Length > MaxSmsLength ? body[..MaxSmsLength] : body,
                ExternalId = messageId,
                CreatedAt = now,
            };
            db.ChatMessages.Add(message);
            var keyword = body.Trim().ToUpperInvariant();
            // A keyword is a setting, not a question: nobody needs to answer STOP.
            CustomerWrote(session, now, awaitsAnswer: !OptOutWords.Contains(keyword) && !OptInWords.Contains(keyword) && !HelpWords.Contains(keyword));

            string? answer = null;
            if (OptOutWords.Contains(keyword))
            {
                await consents.RecordAsync(Channel.Sms, from, ConsentStatus.OptedOut, ConsentSources.SmsKeyword, body.Trim(), lead?.Id, c);
                if (SpanishOptOutWords.Contains(keyword))
                    answer = $"{location.Name}: ya no recibirás más mensajes de texto. Responde START para volver a recibirlos.";
            }
            else if (OptInWords.Contains(keyword))
                await consents.RecordAsync(Channel.Sms, from, ConsentStatus.OptedIn, ConsentSources.SmsKeyword, body.Trim(), lead?.Id, c);
            else if (HelpWords.Contains(keyword))
                answer = keyword == "AYUDA" || lead?.IsSpanish() == true
                    ? $"{location.Name}: para ayuda llame al {ShopText.DisplayPhone(location.Phone)}. Pueden aplicarse tarifas de mensajes y datos. Responda STOP para darse de baja."
                    : $"{location.Name}: for help call {ShopText.DisplayPhone(location.Phone)}. Msg & data rates may apply. Reply STOP to opt out.";
            else if (lead is not null)
            {
                // They wrote back: a person now, not a sequence; and their words say which language they write.
                LeadLanguage.Observe(lead, body);
                await cadence.StopAsync(lead, StopReasons.Engaged, c);
                message.ReplyState = session.StaffTakeover ? SmsReplyState.Skipped : SmsReplyState.Pending;
            }
            else
                answer = Chat.CustomerLanguage.Detect(body) == LeadLanguage.Spanish
                    ? $"¡Gracias por su mensaje! {location.Name} le responderá pronto. Si es urgente, llame al {ShopText.DisplayPhone(location.Phone)}."
                    : $"Thanks for your message! {location.Name} will get back to you soon. For anything urgent, call {ShopText.DisplayPhone(location.Phone)}.";

            if (answer is not null)
            {
                answer = SmsText.Normalize(answer);
                db.MessageDeliveries.Add(MessageDelivery.Sms(location.TenantId, lead?.Id, HelpWords.Contains(keyword) ? "help" : "reply", "twiml", from,
                    location.SmsNumber, answer, DeliveryStatus.Queued, "TwiML reply", now));
            }
            await db.SaveChangesAsync(c);
            return new InboundSmsOutcome(answer, Duplicate: false);
        }, ct);
        if (!outcome.Duplicate)
            replies.Notify();
        return outcome;
    }

    /// <summary>
    /// A customer's message from the web chat, stored once: <paramref name="clientMessageId"/> is the page's
    /// own id for it, so a retry finds the message it stored before instead of storing it twice.
    /// <paramref name="stamp"/> gives its time (after the thread's newest message). The text is cleaned
    /// like all outside text.
    /// </summary>
    public async Task<WebMessage> RecordWebMessageAsync(ChatSession session, Lead lead, string text, Guid? clientMessageId,
        Func<DateTimeOffset> stamp, CancellationToken ct)
    {
        var externalId = clientMessageId is { } id ? WebMessagePrefix + id.ToString("N") : null;
        if (externalId is not null && await db.ChatMessages.AsNoTracking().FirstOrDefaultAsync(m => m.SessionId == session.Id && m.ExternalId == externalId, ct) is { } asked)
            return new WebMessage.AskedBefore(asked);
        var now = stamp();
        var message = new ChatMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = lead.TenantId,
            SessionId = session.Id,
            LeadId = lead.Id,
            Role = ChatRole.Customer,
            Channel = ConversationChannel.Web,
            Content = Common.CleanText.Clean(text),
            ExternalId = externalId,
            CreatedAt = now,
        };
        db.ChatMessages.Add(message);
        CustomerWrote(session, now, awaitsAnswer: true);
        try
        {
            await ObserveLanguageAsync(lead, message.Content, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (externalId is not null && DbErrors.IsUniqueViolation(e))
        {
            db.Entry(message).State = EntityState.Detached;
            return new WebMessage.Racing();
        }
        return new WebMessage.Stored(message);
    }

    /// <summary>
    /// The customer's words set the lead's language (<see cref="LeadLanguage.Observe"/>) on the caller's copy, so this turn's
    /// answer uses it, and on the row unless staff or ShopMonkey chose one meanwhile. Not a versioned change of the lead: only
    /// this column is written, so it never conflicts with a colleague's edit.
    /// </summary>
    private async Task ObserveLanguageAsync(Lead lead, string text, CancellationToken ct)
    {
        if (!LeadLanguage.Observe(lead, text))
            return;
        var language = lead.Language;
        var changed = await db.Leads.Where(l => l.Id == lead.Id && l.Language != language
                && (l.LanguageSource == LanguageSource.Default || l.LanguageSource == LanguageSource.Detected))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Language, language).SetProperty(l => l.LanguageSource, LanguageSource.Detected), ct);
        // A set-based update passes the audit recorder by: the entry is added with the message's save.
        if (changed > 0)
            Audit.AuditRecorder.Add(db, Audit.AuditActions.LeadLanguageChanged, lead.TenantId, lead.LocationId, time.GetUtcNow(), "lead", lead.Id, lead.Id,
                new { to = language, source = "detected" });
    }

    /// <summary>Marks a web message's <see cref="ChatMessage.ExternalId"/> (Twilio's ids start with SM/MM).</summary>
    private const string WebMessagePrefix = "web:";

    /// <summary>The chat page's id for a web message, from its stored external id.</summary>
    public static Guid? ClientMessageId(string? externalId) =>
        externalId is not null && externalId.StartsWith(WebMessagePrefix, StringComparison.Ordinal) && Guid.TryParse(externalId.AsSpan(WebMessagePrefix.Length), out var id)
            ? id : null;

    /// <summary>
    /// A lead's conversation, or a phone's when no lead has that number; created (tracked, not yet saved)
    /// on first use.
    /// </summary>
    public async Task<ChatSession> SessionAsync(Guid tenantId, Lead? lead, string? phone, DateTimeOffset now, CancellationToken ct, Guid? locationId = null)
    {
        var session = lead is not null
            ? await db.ChatSessions.FirstOrDefaultAsync(s => s.LeadId == lead.Id, ct)
            : await db.ChatSessions.FirstOrDefaultAsync(s => s.LeadId == null && s.ContactPhone == phone, ct);
        if (session is null)
        {
            session = new ChatSession
            {
                Id = Guid.CreateVersion7(now), TenantId = tenantId, LeadId = lead?.Id, ContactPhone = lead is null ? phone : null,
                LocationId = lead?.LocationId ?? locationId, CreatedAt = now, UpdatedAt = now,
            };
            db.ChatSessions.Add(session);
        }
        return session;
    }

    /// <summary>
    /// Staff take the lead's conversation (<paramref name="takeOver"/>) or hand it back to the assistant.
    /// While staff have it the assistant answers nothing, on the web or by SMS; a handoff the assistant
    /// raised is settled by taking over. Null when the lead is not the current tenant's.
    /// </summary>
    public async Task<ChatSession?> SetTakeoverAsync(Guid leadId, bool takeOver, CancellationToken ct) =>
        await LeadSessionAsync(leadId, ct) is { } session ? await TakeOverAsync(session.Id, takeOver, ct) : null;
}
