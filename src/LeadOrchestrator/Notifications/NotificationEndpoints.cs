using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Notifications;

/// <summary>A colleague's own alert settings: <c>GET</c> and <c>PUT /api/console/me/notifications</c>.</summary>
public static class NotificationEndpoints
{
    /// <param name="Phone">Where texts go, in any common format (stored as E.164); needed for any alert by text.</param>
    public sealed record NotificationSettings(bool HandoffEmail, bool HandoffSms, bool AppointmentEmail, bool AppointmentSms, string? Phone);

    public static IEndpointRouteBuilder MapNotificationApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapConsoleApi().RequireStaff().MapGroup("/me/notifications");
        me.MapGet("/", GetAsync).WithName("GetNotificationSettings");
        me.MapPut("/", PutAsync).WithName("SetNotificationSettings");
        return app;
    }

    internal static async Task<Ok<NotificationSettings>> GetAsync(TenantContext tenant, AppDbContext db, CancellationToken ct)
    {
        var id = tenant.ActingUserId!.Value;
        var pref = await db.Set<NotificationPreference>().AsNoTracking().FirstOrDefaultAsync(p => p.UserId == id, ct);
        return TypedResults.Ok(View(pref));
    }

    internal static async Task<Results<Ok<NotificationSettings>, ValidationProblem>> PutAsync(NotificationSettings settings,
        AppDbContext db, TenantContext tenant, TimeProvider time, CancellationToken ct)
    {
        string? phone = null;
        if (!string.IsNullOrWhiteSpace(settings.Phone))
        {
            phone = settings.Phone.Length <= 32 ? ContactNormalizer.ToE164(settings.Phone) : null;
            if (phone is null)
                return Problems.Invalid(nameof(settings.Phone).ToLowerInvariant(), "Not a phone number we can text (for example +1 512 555 0100).");
        }
        if ((settings.HandoffSms || settings.AppointmentSms) && phone is null)
            return Problems.Invalid(nameof(settings.Phone).ToLowerInvariant(), "Give the number to text.");
        var id = tenant.ActingUserId!.Value;
        var pref = await db.Set<NotificationPreference>().FirstOrDefaultAsync(p => p.UserId == id, ct);
        if (pref is null)
        {
            pref = new NotificationPreference { UserId = id, TenantId = tenant.TenantId!.Value };
            db.Add(pref);
        }
        (pref.HandoffEmail, pref.HandoffSms, pref.AppointmentEmail, pref.AppointmentSms, pref.Phone, pref.UpdatedAt) =
            (settings.HandoffEmail, settings.HandoffSms, settings.AppointmentEmail, settings.AppointmentSms, phone, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(pref));
    }

    private static NotificationSettings View(NotificationPreference? p) =>
        p is null ? new(false, false, false, false, null) : new(p.HandoffEmail, p.HandoffSms, p.AppointmentEmail, p.AppointmentSms, p.Phone);
}
