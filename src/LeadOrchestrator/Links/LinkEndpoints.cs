using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Links;

/// <summary>
/// The pages behind links in messages. <c>/u/{token}</c> is the email unsubscribe: GET shows it, POST
/// (a button, or a mail client's RFC 8058 one-click) records it. The chat link's page is Chat's
/// (<c>ChatPageEndpoints</c>); both resolve their token and say when it no longer works the same way.
/// </summary>
public static class LinkEndpoints
{
    public static IEndpointRouteBuilder MapLinkPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/u/{token}", ShowUnsubscribeAsync).WithName("UnsubscribePage").ExcludeFromDescription();
        app.MapPost("/u/{token}", UnsubscribeAsync).WithName("Unsubscribe").ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    /// <summary>A link's lead and its shop.</summary>
    public sealed record Target(Lead Lead, Location? Location);

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

    /// <summary>The lead (and shop) a link names, acting for its tenant; null when the link is not valid (or expired, unless accepted).</summary>
    public static async Task<Target?> ResolveAsync(string token, LinkPurpose purpose, LinkTokens tokens, AppDbContext db, TenantContext tenant, bool acceptExpired, CancellationToken ct)
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
    public static IResult InvalidLink(HttpContext http, Location? location) =>
        location is null
            ? SimplePage.Render(http, StatusCodes.Status404NotFound, "This link doesn't work",
                "<p>This link is not valid: it may have been cut short or mistyped. If a shop sent it to you, please contact them directly.</p>")
            : SimplePage.Render(http, StatusCodes.Status404NotFound, "This link has expired",
                $"<p>For your privacy, links stop working after a while. Please call {SimplePage.Encode(location.Name)} at {SimplePage.PhoneLink(location.Phone, ShopText.DisplayPhone(location.Phone))}.</p>");

    /// <summary>j***@example.com: enough to recognise, not enough to harvest.</summary>
    public static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? email : $"{email[0]}***{email[at..]}";
    }
}
