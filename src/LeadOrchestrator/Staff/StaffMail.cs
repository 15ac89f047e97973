using System.Net;
using LeadOrchestrator.Data;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Messaging.Templates;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Staff;

/// <summary>
/// The emails an account gets — an invitation, a password-reset link — through the platform's email channel (the
/// outbox when none is configured), recorded as message deliveries like every other message. Each is added to the
/// context with the change it belongs to (<see cref="Add"/>: the outbox's "send" is that commit), and handed to a real
/// provider after it (<see cref="SendAsync"/>). A link lost to a crash between the two is asked for again (resend the
/// invitation, request another reset); the delivery row says it never left.
/// </summary>
public sealed class StaffMail(AppDbContext db, Outbound outbound, PublicUrls urls, TimeProvider time)
{
    public const string InvitationKind = "staff_invitation";
    public const string PasswordResetKind = "password_reset";

    /// <summary>The invitation's email, with its link (<c>/console/invite/{token}</c>).</summary>
    public async Task<OutboundMessage> InvitationAsync(StaffInvitation invitation, string token, string? inviterName, CancellationToken ct)
    {
        // The tenant may be one being made in this same save (the operator's command).
        var shop = db.Tenants.Local.FirstOrDefault(t => t.Id == invitation.TenantId)?.Name
            ?? await db.Tenants.Where(t => t.Id == invitation.TenantId).Select(t => t.Name).SingleAsync(ct);
        var link = InvitationLink(token);
        var role = RoleWords(invitation.Role);
        var who = inviterName is { Length: > 0 } ? $"{inviterName} has invited you" : "You have been invited";
        var headline = $"{who} to {shop}'s console on Lead Orchestrator, as {role}.";
        var until = $"The link works once, until {invitation.ExpiresAt:MMMM d} (UTC); ask for a new one after that.";
        return await AddAsync(invitation.TenantId, invitation.Email, null, InvitationKind, $"invitation:{invitation.Id}:{invitation.SentAt.ToUnixTimeSeconds()}",
            $"Join {shop} on Lead Orchestrator", headline, "Choose your password and join", link, until, ct);
    }

    /// <summary>A reset link (<c>/console/reset-password/{token}</c>) for a colleague who asked for one.</summary>
    public Task<OutboundMessage> PasswordResetAsync(StaffUser user, string token, CancellationToken ct) =>
        AddAsync(user.TenantId, user.Address, user.DisplayName, PasswordResetKind, $"reset:{user.Id}:{time.GetUtcNow().ToUnixTimeSeconds()}",
            "Reset your Lead Orchestrator password", "Someone (we hope you) asked to reset the password of your Lead Orchestrator console account.",
            "Choose a new password", urls.Resolve($"console/reset-password/{token}"),
            "The link works once, for two hours. If you did not ask for it, ignore this email: your password stays as it is.", ct);

    public Uri InvitationLink(string token) => urls.Resolve($"console/invite/{token}");

    /// <summary>After the commit: a real provider gets the message, and its answer is recorded.</summary>
    public async Task SendAsync(OutboundMessage message, CancellationToken ct)
    {
        if (message.RecordsOnly)
            return;
        DeliveryStatuses.Record(message.Delivery, await message.SendAsync(ct), time.GetUtcNow());
        await db.SaveChangesAsync(CancellationToken.None);
    }

    public static string RoleWords(StaffRole role) => role switch
    {
        StaffRole.Owner => "an owner",
        StaffRole.Manager => "a manager",
        _ => "front desk",
    };

    private async Task<OutboundMessage> AddAsync(Guid tenantId, string recipient, string? name, string kind, string reference, string subject,
        string headline, string button, Uri link, string footnote, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var text = $"{headline}\n\n{button}: {link}\n\n{footnote}\n\n--\nLead Orchestrator";
        var html = "<!doctype html><html><body style=\"font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2933;max-width:560px;margin:0 auto;padding:16px\">"
            + $"<p>{WebUtility.HtmlEncode(headline)}</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(link.ToString())}\" style=\"display:inline-block;padding:10px 16px;background:#1f4fd1;color:#fff;border-radius:6px;text-decoration:none\">{WebUtility.HtmlEncode(button)}</a></p>"
            + $"<p style=\"font-size:13px;color:#52606d\">{WebUtility.HtmlEncode(footnote)}<br>Or paste this address into your browser: {WebUtility.HtmlEncode(link.ToString())}</p></body></html>";
        // The platform's channel, not the shop's own sender: these are the product's emails to the shop's people.
        var message = outbound.Email(null, tenantId, null, name, null, kind, recipient,
            new EmailContent(new RenderedEmail(subject, text, html), null, [], reference), null, kind, now);
        db.MessageDeliveries.Add(message.Delivery);
        if (message.RecordsOnly)
            DeliveryStatuses.Record(message.Delivery, await message.SendAsync(ct), now);
        return message;
    }
}
