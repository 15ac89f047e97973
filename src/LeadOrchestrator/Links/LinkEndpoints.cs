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
/// (a button, or a mail client's RFC 8058 one-click) records it. <c>/c/{token}</c> is the chat link; the
/// page is a small working chat over the chat API until the web app replaces it.
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

    internal static async Task<IResult> ChatAsync(string token, HttpContext http, LinkTokens tokens, AppDbContext db, TenantContext tenant, CancellationToken ct)
    {
        var (state, _) = await tokens.VerifyAsync(token, LinkPurpose.Chat, ct);
        var target = state == LinkState.Invalid ? null : await ResolveAsync(token, LinkPurpose.Chat, tokens, db, tenant, acceptExpired: true, ct);
        if (target is null || state != LinkState.Valid)
            return InvalidLink(http, target?.Location);
        var shop = target.Location?.Name ?? "The shop";
        var phone = target.Location is { } l ? SimplePage.PhoneLink(l.Phone, MessageTemplates.DisplayPhone(l.Phone)) : "";
        var vehicle = target.Lead.VehicleDescription is { } v ? $" and your {SimplePage.Encode(v)}" : "";
        // A small working chat until the web app replaces it: history, then answers streamed over SSE.
        // Everything from the server or the assistant is inserted as text, never as HTML.
        return SimplePage.Render(http, StatusCodes.Status200OK, $"Hi {target.Lead.FirstName ?? "there"}!", $$"""
            <p>{{SimplePage.Encode(shop)}} is here to help with {{SimplePage.Encode(target.Lead.EstimateName ?? "your vehicle")}}{{vehicle}}. Ask about prices, hours or a time to come in, or call {{phone}}.</p>
            <div id="log" role="log" aria-live="polite" style="display:flex;flex-direction:column;gap:.5rem;margin:1rem 0"></div>
            <form id="f" style="display:flex;gap:.5rem"><label for="m" style="position:absolute;left:-9999px">Your message</label>
            <textarea id="m" rows="2" maxlength="2000" style="flex:1;font:inherit;padding:.5rem" required></textarea><button id="s" type="submit">Send</button></form>
            <script>
            (() => {
              const lead = {{System.Text.Json.JsonSerializer.Serialize(target.Lead.Id.ToString())}}, auth = { Authorization: "Bearer " + {{System.Text.Json.JsonSerializer.Serialize(token)}} };
              const log = document.getElementById("log"), form = document.getElementById("f"), input = document.getElementById("m"), send = document.getElementById("s");
              const add = (role, text) => { const p = document.createElement("p"); p.dataset.role = role; p.style.margin = "0"; p.style.whiteSpace = "pre-wrap";
                p.style.alignSelf = role === "customer" ? "flex-end" : "flex-start"; p.textContent = text; log.appendChild(p); return p; };
              fetch(`/api/chat/${lead}/history`, { headers: auth }).then(r => r.ok ? r.json() : { messages: [] })
                .then(h => h.messages.forEach(m => add(m.role, (m.role === "staff" ? "Staff: " : "") + m.content)));
              form.addEventListener("submit", async e => {
                e.preventDefault();
                const text = input.value.trim(); if (!text) return;
                add("customer", text); input.value = ""; send.disabled = true;
                const out = add("assistant", "…");
                try {
                  const r = await fetch(`/api/chat/${lead}/stream`, { method: "POST", headers: { ...auth, "Content-Type": "application/json" }, body: JSON.stringify({ message: text }) });
                  if (!r.ok) { out.textContent = r.status === 429 ? "Too many messages; please wait a moment." : "Sorry, something went wrong. Please try again."; return; }
                  const reader = r.body.getReader(), dec = new TextDecoder(); let buf = "", shown = "";
                  for (;;) {
                    const { value, done } = await reader.read(); if (done) break;
                    buf += dec.decode(value, { stream: true });
                    let i; while ((i = buf.indexOf("\n\n")) >= 0) {
                      const frame = buf.slice(0, i); buf = buf.slice(i + 2);
                      const ev = /^event: (.*)$/m.exec(frame)?.[1], data = JSON.parse(/^data: (.*)$/m.exec(frame)?.[1] ?? "null");
                      if (ev === "delta") { shown += data.text; out.textContent = shown; }
                      else if (ev === "done") out.textContent = data.response ?? "A team member will answer here shortly.";
                      else if (ev === "error") out.textContent = data.message;
                    }
                  }
                } catch { out.textContent = "Connection lost. Please try again."; }
                finally { send.disabled = false; input.focus(); }
              });
              input.addEventListener("keydown", e => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
            })();
            </script>
            """);
    }

    private static async Task<Target?> ResolveAsync(string token, LinkPurpose purpose, LinkTokens tokens, AppDbContext db, TenantContext tenant, bool acceptExpired, CancellationToken ct)
    {
        var (state, leadId) = await tokens.VerifyAsync(token, purpose, ct);
        if (state == LinkState.Invalid || (state == LinkState.Expired && !acceptExpired))
            return null;
        // Cross-tenant on purpose: the signed token names the lead, and the lead its tenant.
        var tenantId = await db.Leads.AcrossTenants().Where(l => l.Id == leadId).Select(l => (Guid?)l.TenantId).FirstOrDefaultAsync(ct);
        if (tenantId is null)
            return null;
        tenant.Set(tenantId.Value);
        var lead = await db.Leads.AsNoTracking().SingleAsync(l => l.Id == leadId, ct);
        var location = lead.LocationId is null ? null : await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lead.LocationId, ct);
        return new Target(lead, location);
    }

    /// <summary>Shows no data from the link; only the shop's number when an authentic link has merely expired.</summary>
    private static IResult InvalidLink(HttpContext http, Location? location) =>
        SimplePage.Render(http, StatusCodes.Status404NotFound, "This link has expired",
            location is null
                ? "<p>This link is no longer valid. Please contact the shop directly.</p>"
                : $"<p>This link is no longer valid. Please call {SimplePage.Encode(location.Name)} at {SimplePage.PhoneLink(location.Phone, MessageTemplates.DisplayPhone(location.Phone))}.</p>");

    /// <summary>j***@example.com: enough to recognise, not enough to harvest.</summary>
    public static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 1 ? email : $"{email[0]}***{email[at..]}";
    }
}
