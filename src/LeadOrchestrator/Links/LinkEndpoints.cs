using LeadOrchestrator.Cadence;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Links;

/// <summary>
/// The pages behind links in messages. <c>/u/{token}</c> is the email unsubscribe: GET shows it, POST
/// (a button, or a mail client's RFC 8058 one-click) records it. <c>/c/{token}</c> is the chat link: the
/// React chat app over the chat API.
/// </summary>
public static class LinkEndpoints
{
    public static IEndpointRouteBuilder MapLinkPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/u/{token}", ShowUnsubscribeAsync).WithName("UnsubscribePage").ExcludeFromDescription();
        app.MapPost("/u/{token}", UnsubscribeAsync).WithName("Unsubscribe").ExcludeFromDescription().DisableAntiforgery();
        app.MapGet("/c/{token}", ChatAsync).WithName("ChatLink").ExcludeFromDescription();
        return app;
    }

    private sealed record Target(Lead Lead, Location? Location);

    internal static async Task<IResult> ShowUnsubscribeAsync(string token, HttpContext http, LinkTokens tokens, AppDbContext db, TenantContext tenant, CancellationToken ct)
    {
        if (await ResolveAsync(token, LinkPurpose.Unsubscribe, tokens, db, tenant, acceptExpired: false, ct) is not { } target || target.Lead.Email is null)
            return InvalidLink(http, null);
        var shop = target.Location?.Name ?? "this shop";
        return SimplePage.Render(http, StatusCodes.Status200OK, "Unsubscribe", $"""
            <p>Stop emails from {SimplePage.Encode(shop)} to <strong>{SimplePage.Encode(Mask(target.Lead.Email))}</strong>?</p>
            <form method="post"><button type="submit">Unsubscribe</button></form>
            """);
    }

    internal static async Task<IResult> UnsubscribeAsync(string token, HttpContext http, LinkTokens tokens, AppDbContext db, TenantContext tenant,
        ConsentService consents, CancellationToken ct)
    {
        if (await ResolveAsync(token, LinkPurpose.Unsubscribe, tokens, db, tenant, acceptExpired: false, ct) is not { } target || target.Lead.Email is null)
            return InvalidLink(http, null);
        var email = target.Lead.Email;
        await db.RetryOnConflictAsync(async c =>
        {
            if (await consents.IsOptedOutAsync(Channel.Email, email, c))
                return;
            await consents.RecordAsync(Channel.Email, email, ConsentStatus.OptedOut, ConsentSources.UnsubscribeLink, "unsubscribe link", target.Lead.Id, c);
            await db.SaveChangesAsync(c);
        }, ct);
        var shop = target.Location?.Name ?? "the shop";
        return SimplePage.Render(http, StatusCodes.Status200OK, "You are unsubscribed",
            $"<p>{SimplePage.Encode(shop)} will not email {SimplePage.Encode(Mask(email))} again. Texts are separate: reply STOP to any text to stop those.</p>");
    }

    /// <summary>
    /// The chat page (the React app, <see cref="ChatPage"/>) for a valid link; an expired one shows whom to
    /// call, a forged one nothing.
    /// </summary>
    internal static async Task<IResult> ChatAsync(string token, HttpContext http, LinkTokens tokens, AppDbContext db, TenantContext tenant,
        ChatService chat, ChatPage page, ChatProviders providers, IOptions<AiOptions> ai, IOptions<Booking.BookingOptions> booking, CancellationToken ct)
    {
        var (state, leadId) = await tokens.VerifyAsync(token, LinkPurpose.Chat, ct);
        if (state == LinkState.Invalid)
            return InvalidLink(http, null);
        if (state == LinkState.Expired)
            return InvalidLink(http, (await ResolveAsync(token, LinkPurpose.Chat, tokens, db, tenant, acceptExpired: true, ct))?.Location);
        if (!await tenant.SetFromLeadAsync(db, leadId, ct) || await chat.LoadAsync(leadId, "web", ct) is not { } turn)
            return InvalidLink(http, null);
        var boot = new ChatPage.Boot(leadId, ChatEndpoints.Context(turn, providers, ai.Value, booking.Value),
            await ChatEndpoints.LoadHistoryAsync(db, leadId, ct), await Booking.BookingEndpoints.LoadAppointmentsAsync(db, leadId, ct));
        return page.Render(http, boot)
            ?? SimplePage.Render(http, StatusCodes.Status503ServiceUnavailable, "Chat is unavailable",
                $"<p>The chat page is not available right now. Please call {SimplePage.Encode(turn.Location.Name)} at {SimplePage.PhoneLink(turn.Location.Phone, MessageTemplates.DisplayPhone(turn.Location.Phone))}.</p>");
    }

    private static async Task<Target?> ResolveAsync(string token, LinkPurpose purpose, LinkTokens tokens, AppDbContext db, TenantContext tenant, bool acceptExpired, CancellationToken ct)
    {
        var (state, leadId) = await tokens.VerifyAsync(token, purpose, ct);
        if (state == LinkState.Invalid || (state == LinkState.Expired && !acceptExpired) || !await tenant.SetFromLeadAsync(db, leadId, ct))
            return null;
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId, ct);
        var location = lead.LocationId is null ? null : await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lead.LocationId, ct);
        return new Target(lead, location);
    }

    /// <summary>
    /// Shows no data from the link. An authentic link that has merely expired says so, with the shop's
    /// number; anything else (forged, mistyped, cut short) says only that it does not work.
    /// </summary>
    private static IResult InvalidLink(HttpContext http, Location? location) =>
        location is null
            ? SimplePage.Render(http, StatusCodes.Status404NotFound, "This link doesn't work",
                "<p>This link is not valid: it may have been cut short or mistyped. If a shop sent it to you, please contact them directly.</p>")
            : SimplePage.Render(http, StatusCodes.Status404NotFound, "This link has expired",
                $"<p>For your privacy, links stop working after a while. Please call {SimplePage.Encode(location.Name)} at {SimplePage.PhoneLink(location.Phone, MessageTemplates.DisplayPhone(location.Phone))}.</p>");

    /// <summary>j***@example.com: enough to recognise, not enough to harvest.</summary>
    public static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? email : $"{email[0]}***{email[at..]}";
    }
}
