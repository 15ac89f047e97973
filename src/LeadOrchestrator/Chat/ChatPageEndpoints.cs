using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Chat;

/// <summary><c>/c/{token}</c>, the chat link in every message: the React chat page over the chat API.</summary>
public static class ChatPageEndpoints
{
    public static IEndpointRouteBuilder MapChatPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/c/{token}", ChatAsync).WithName("ChatLink").ExcludeFromDescription();
        return app;
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
            return LinkEndpoints.InvalidLink(http, null);
        if (state == LinkState.Expired)
            return LinkEndpoints.InvalidLink(http, (await LinkEndpoints.ResolveAsync(token, LinkPurpose.Chat, tokens, db, tenant, acceptExpired: true, ct))?.Location);
        if (!await tenant.SetFromLeadAsync(db, leadId, ct) || await chat.LoadAsync(leadId, Conversations.ConversationChannel.Web, ct) is not { } turn)
            return LinkEndpoints.InvalidLink(http, null);
        var boot = new ChatPage.Boot(leadId, ChatEndpoints.Context(turn, providers, ai.Value, booking.Value),
            await ChatEndpoints.LoadHistoryAsync(db, leadId, ct), await Booking.BookingEndpoints.LoadAppointmentsAsync(db, leadId, ct));
        return page.Render(http, boot)
            ?? SimplePage.Render(http, StatusCodes.Status503ServiceUnavailable, "Chat is unavailable",
                $"<p>The chat page is not available right now. Please call {SimplePage.Encode(turn.Location.Name)} at {SimplePage.PhoneLink(turn.Location.Phone, ShopText.DisplayPhone(turn.Location.Phone))}.</p>");
    }
}
