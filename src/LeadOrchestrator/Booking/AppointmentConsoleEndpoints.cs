using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Booking;

/// <summary>
/// Staff view of bookings: <c>GET /api/console/appointments</c> (with each one's ShopMonkey write-back
/// state and error), <c>GET …/{id}</c> with its notices, <c>POST …/{id}/outcome</c> (completed or
/// no_show) and <c>POST …/{id}/sync</c> (retry a failed write-back). Other tenants' rows are not found.
/// </summary>
public static class AppointmentConsoleEndpoints
{
    public sealed record NoticeView(Guid Id, NoticeKind Kind, Cadence.Channel Channel, int Sequence, DateTimeOffset DueAt, NoticeStatus Status, int Attempts, string? Detail, Guid? DeliveryId);

    /// <param name="ServiceId">The catalog service booked (what a move keeps: its free times are asked for).</param>
    public sealed record StaffAppointmentView(Guid Id, Guid LeadId, string? Customer, string Service, DateTimeOffset Start, DateTimeOffset End,
        DateTime Local, AppointmentStatus Status, string? ShopMonkeyAppointmentId, SyncState? SyncState, string? SyncError, int SyncAttempts,
        DateTimeOffset? NextSyncAt, IReadOnlyList<NoticeView>? Notices, Guid ServiceId);

    public sealed record OutcomeRequest(string? Status);

    public static IEndpointRouteBuilder MapAppointmentConsoleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapConsoleApi().RequireStaff().MapGroup("/appointments");
        group.MapGet("/", ListAsync).WithName("ConsoleListAppointments");
        group.MapGet("/{appointmentId:guid}", GetAsync).WithName("ConsoleGetAppointment");
        group.MapPost("/{appointmentId:guid}/outcome", OutcomeAsync).WithName("ConsoleSetAppointmentOutcome");
        group.MapPost("/{appointmentId:guid}/sync", RetrySyncAsync).WithName("ConsoleRetryAppointmentSync");
        return app;
    }

    internal static async Task<Results<Ok<List<StaffAppointmentView>>, ProblemHttpResult>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? status,
        string? syncState, AppDbContext db, CancellationToken ct)
    {
        // Text, not enum parameters: a wrong value gets our own code and the list of right ones.
        var (wantedStatus, wantedSync) = (default(AppointmentStatus), default(SyncState));
        if (status is not null && !EnumNames.TryParse(status, out wantedStatus))
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_status", $"status must be one of {string.Join(", ", EnumNames.All<AppointmentStatus>())}.");
        if (syncState is not null && !EnumNames.TryParse(syncState, out wantedSync))
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_sync_state", $"syncState must be one of {string.Join(", ", EnumNames.All<SyncState>())}.");
        var query = db.Appointments.AsNoTracking();
        if (from is not null)
            query = query.Where(a => a.EndsAt > from);
        if (to is not null)
            query = query.Where(a => a.StartsAt < to);
        if (status is not null)
            query = query.Where(a => a.Status == wantedStatus);
        if (syncState is not null)
            query = query.Where(a => a.SyncState == wantedSync);
        var rows = await query.OrderBy(a => a.StartsAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(await ViewsAsync(db, rows, withNotices: false, ct));
    }

    internal static async Task<Results<Ok<StaffAppointmentView>, NotFound>> GetAsync(Guid appointmentId, AppDbContext db, CancellationToken ct)
    {
        var row = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        return row is null ? TypedResults.NotFound() : TypedResults.Ok((await ViewsAsync(db, [row], withNotices: true, ct))[0]);
    }

    internal static async Task<Results<Ok<StaffAppointmentView>, NotFound, ProblemHttpResult>> OutcomeAsync(Guid appointmentId, OutcomeRequest request,
        AppDbContext db, AppointmentOutcomes outcomes, CancellationToken ct)
    {
        if (!EnumNames.TryParse<AppointmentStatus>(request.Status, out var outcome) || outcome is not (AppointmentStatus.Completed or AppointmentStatus.NoShow))
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_status", "status must be completed or no_show.");
        var current = await db.Appointments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == appointmentId, ct);
        if (current is null)
            return TypedResults.NotFound();
        if (current.Status == AppointmentStatus.Cancelled)
            return Problems.Refused(StatusCodes.Status409Conflict, "appointment_cancelled", "A cancelled appointment has no outcome.");
        await outcomes.SetAsync(appointmentId, outcome, onlyIfHolding: false, ct);
        return TypedResults.Ok(await OneAsync(db, appointmentId, ct));
    }

    /// <summary>Starts a failed write-back over (after fixing the API key, say): attempts from zero, due now.</summary>
    internal static async Task<Results<Ok<StaffAppointmentView>, NotFound, ProblemHttpResult>> RetrySyncAsync(Guid appointmentId, AppDbContext db,
        BookingSignal signal, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.Appointments.Where(a => a.Id == appointmentId && a.SyncState == SyncState.Failed)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.SyncState, SyncState.Pending).SetProperty(a => a.SyncAttempts, 0).SetProperty(a => a.NextSyncAt, (DateTimeOffset?)null), ct);
        if (changed == 0)
        {
            return await db.Appointments.AnyAsync(a => a.Id == appointmentId, ct)
                ? Problems.Refused(StatusCodes.Status409Conflict, "sync_not_failed", "Only a failed write-back can be retried.")
                : TypedResults.NotFound();
        }
        // A set-based update: its audit row is added by hand, in the same transaction.
        var of = await db.Appointments.AsNoTracking().Where(a => a.Id == appointmentId).Select(a => new { a.TenantId, a.LocationId, a.LeadId }).SingleAsync(ct);
        Audit.AuditRecorder.Add(db, Audit.AuditActions.AppointmentSyncRetried, of.TenantId, of.LocationId, time.GetUtcNow(), "appointment", appointmentId, of.LeadId);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        signal.Notify();
        return TypedResults.Ok(await OneAsync(db, appointmentId, ct));
    }

    private static async Task<StaffAppointmentView> OneAsync(AppDbContext db, Guid appointmentId, CancellationToken ct) =>
        (await ViewsAsync(db, [await db.Appointments.AsNoTracking().SingleAsync(a => a.Id == appointmentId, ct)], withNotices: true, ct))[0];

    internal static async Task<List<StaffAppointmentView>> ViewsAsync(AppDbContext db, List<Appointment> rows, bool withNotices, CancellationToken ct)
    {
        var leadIds = rows.Select(a => a.LeadId).Distinct().ToList();
        var names = await db.Leads.AsNoTracking().Where(l => leadIds.Contains(l.Id))
            .Select(l => new { l.Id, l.FirstName, l.LastName }).ToDictionaryAsync(l => l.Id, l => $"{l.FirstName} {l.LastName}".Trim(), ct);
        var serviceIds = rows.Select(a => a.ServiceId).Distinct().ToList();
        var services = await db.ServiceCatalog.AsNoTracking().Where(s => serviceIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        var locationIds = rows.Select(a => a.LocationId).Distinct().ToList();
        var zones = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => TimeZoneInfo.FindSystemTimeZoneById(l.TimeZone), ct);
        var ids = rows.Select(a => a.Id).ToList();
        var notices = withNotices
            ? (await db.AppointmentNotices.AsNoTracking().Where(n => ids.Contains(n.AppointmentId)).OrderBy(n => n.DueAt).ToListAsync(ct)).ToLookup(n => n.AppointmentId)
            : null;
        return [.. rows.Select(a => new StaffAppointmentView(a.Id, a.LeadId, names.GetValueOrDefault(a.LeadId), services.GetValueOrDefault(a.ServiceId) ?? "?",
            a.StartsAt, a.EndsAt, TimeZoneInfo.ConvertTime(a.StartsAt, zones[a.LocationId]).DateTime, a.Status, a.ShopMonkeyAppointmentId,
            a.SyncState, a.SyncError, a.SyncAttempts, a.NextSyncAt,
            notices?[a.Id].Select(n => new NoticeView(n.Id, n.Kind, n.Channel, n.Sequence, n.DueAt, n.Status, n.Attempts, n.Detail, n.DeliveryId)).ToList(),
            a.ServiceId))];
    }
}
