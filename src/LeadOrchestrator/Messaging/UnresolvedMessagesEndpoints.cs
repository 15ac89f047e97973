using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Messaging;

/// <summary>
/// <c>GET /api/console/messages/unresolved</c>: the shop's messages nobody can say went out — touch
/// points, appointment notices and assistant replies left <c>in_doubt</c> by the in-doubt rule, and those
/// still being checked with the provider. Staff decide what to do (call the customer, send it by hand).
/// </summary>
public static class UnresolvedMessagesEndpoints
{
    public enum UnresolvedKind { Touch, Notice, Reply }

    /// <summary>In doubt: settled as unknown. Checking: the provider could not be asked yet.</summary>
    public enum UnresolvedStatus { InDoubt, Checking }

    public sealed record UnresolvedMessage(UnresolvedKind Kind, Guid Id, Guid? LeadId, Channel Channel, string? Recipient, UnresolvedStatus Status, string? Detail,
        Guid? DeliveryId, DateTimeOffset Since);

    public sealed record UnresolvedMessages(IReadOnlyList<UnresolvedMessage> Messages);

    private const int Limit = 200;

    public static IEndpointRouteBuilder MapUnresolvedMessagesApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff().MapGet("/messages/unresolved", ListAsync).WithName("ListUnresolvedMessages");
        return app;
    }

    internal static async Task<Ok<UnresolvedMessages>> ListAsync(AppDbContext db, TimeProvider time, Microsoft.Extensions.Options.IOptions<MessagingOptions> options,
        CancellationToken ct)
    {
        var lost = time.GetUtcNow() - options.Value.LeaseDuration;
        // Touch points, notices and replies are a lead's, an appointment's or a conversation's: a colleague scoped to
        // some locations sees only theirs (through the location filter on those).
        // "Sending" for longer than a lease is no longer a call in flight: the provider is being asked about it.
        var touches = await db.TouchPoints.AsNoTracking()
            .Where(t => t.Status == TouchPointStatus.InDoubt
                || (t.Status == TouchPointStatus.Sending && db.MessageDeliveries.Any(d => d.Id == t.DeliveryId && d.CreatedAt <= lost)))
            .Where(t => db.Leads.Any(l => l.Id == t.LeadId))
            .OrderByDescending(t => t.DueAt).Take(Limit)
            .Select(t => new { t.Id, t.LeadId, t.Channel, t.Status, t.LastError, t.DeliveryId, t.DueAt }).ToListAsync(ct);
        var notices = await db.AppointmentNotices.AsNoTracking()
            .Where(n => n.Status == NoticeStatus.InDoubt && db.Appointments.Any(a => a.Id == n.AppointmentId))
            .OrderByDescending(n => n.UpdatedAt).Take(Limit)
            .Select(n => new { n.Id, n.LeadId, n.Channel, n.Detail, n.DeliveryId, n.UpdatedAt }).ToListAsync(ct);
        var replies = await db.ChatMessages.AsNoTracking()
            .Where(m => m.ReplyState == SmsReplyState.InDoubt && db.ChatSessions.Any(s => s.Id == m.SessionId))
            .OrderByDescending(m => m.ReplyUpdatedAt).Take(Limit)
            .Select(m => new { m.Id, m.LeadId, m.ReplyDeliveryId, m.ReplyUpdatedAt, m.CreatedAt }).ToListAsync(ct);

        var deliveryIds = touches.Select(t => t.DeliveryId).Concat(notices.Select(n => n.DeliveryId)).Concat(replies.Select(r => r.ReplyDeliveryId))
            .OfType<Guid>().Distinct().ToList();
        var deliveries = await db.MessageDeliveries.AsNoTracking().Where(d => deliveryIds.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => new { d.Recipient, d.ErrorMessage }, ct);
        string? Recipient(Guid? id) => id is { } d && deliveries.TryGetValue(d, out var row) ? row.Recipient : null;

        var list = touches.Select(t => new UnresolvedMessage(UnresolvedKind.Touch, t.Id, t.LeadId, t.Channel, Recipient(t.DeliveryId),
                t.Status == TouchPointStatus.InDoubt ? UnresolvedStatus.InDoubt : UnresolvedStatus.Checking, t.LastError, t.DeliveryId, t.DueAt))
            .Concat(notices.Select(n => new UnresolvedMessage(UnresolvedKind.Notice, n.Id, n.LeadId, n.Channel, Recipient(n.DeliveryId), UnresolvedStatus.InDoubt, n.Detail,
                n.DeliveryId, n.UpdatedAt)))
            .Concat(replies.Select(r => new UnresolvedMessage(UnresolvedKind.Reply, r.Id, r.LeadId, Channel.Sms, Recipient(r.ReplyDeliveryId), UnresolvedStatus.InDoubt,
                r.ReplyDeliveryId is { } d && deliveries.TryGetValue(d, out var row) ? row.ErrorMessage : null, r.ReplyDeliveryId, r.ReplyUpdatedAt ?? r.CreatedAt)))
            .OrderByDescending(m => m.Since).Take(Limit).ToList();
        return TypedResults.Ok(new UnresolvedMessages(list));
    }
}
