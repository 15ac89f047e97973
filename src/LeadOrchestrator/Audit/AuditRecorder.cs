using System.Text.Json;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Notifications;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Audit;

/// <summary>
/// Derives the audit log from what a save changes, as the live events are (ADR 0021): no feature has to remember to
/// record its changes, and none can record one that did not commit. The actor is the scope's
/// (<see cref="TenantContext.Actor"/>). Set-based updates bypass it; the few that matter add theirs with <see cref="Add"/>.
/// </summary>
public sealed class AuditRecorder(TimeProvider time) : ISaveChangesInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db)
            Record(db, time.GetUtcNow());
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db)
            Record(db, time.GetUtcNow());
        return ValueTask.FromResult(result);
    }

    /// <summary>An entry for a change the change tracker does not see (a set-based update, a refused sign-in); saved with the next save.</summary>
    public static AuditEntry Add(AppDbContext db, string action, Guid tenantId, Guid? locationId, DateTimeOffset now, string? subjectType = null,
        Guid? subjectId = null, Guid? leadId = null, object? details = null, AuditActor? actor = null)
    {
        var entry = New(actor ?? db.Tenant.Actor, action, tenantId, locationId, now, subjectType, subjectId, leadId, details);
        entry.Derived = false;
        db.Set<AuditEntry>().Add(entry);
        return entry;
    }

    internal static void Record(AppDbContext db, DateTimeOffset now)
    {
        // A save that failed and is tried again must not record its changes twice (entries added by hand stay).
        foreach (var stale in db.ChangeTracker.Entries<AuditEntry>().Where(e => e is { State: EntityState.Added, Entity.Derived: true }).ToList())
            stale.State = EntityState.Detached;
        var entries = db.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (entries.Count == 0)
            return;
        var actor = db.Tenant.Actor;
        var sessions = db.ChangeTracker.Entries<ChatSession>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        var leads = db.ChangeTracker.Entries<Lead>().ToDictionary(e => e.Entity.Id, e => e.Entity);
        var added = new List<AuditEntry>();

        void Log(string action, Guid tenantId, Guid? locationId, string subjectType, Guid? subjectId, Guid? leadId, object? details = null) =>
            added.Add(New(actor, action, tenantId, locationId, now, subjectType, subjectId, leadId, details));

        var hoursChanged = new HashSet<Guid>(); // one row for a location's new hours, however many days changed
        foreach (var entry in entries)
        {
            switch (entry.Entity)
            {
                case ChatMessage { Role: ChatRole.Staff } m when entry.State == EntityState.Added:
                    Log(AuditActions.ConversationReplied, m.TenantId, sessions.GetValueOrDefault(m.SessionId)?.LocationId, "conversation", m.SessionId, m.LeadId,
                        new { messageId = m.Id, channel = EnumNames.Of(m.Channel) });
                    break;
                case ChatMessage { Role: ChatRole.Assistant, PriceGuardReplaced: true } m when entry.State == EntityState.Added:
                    Log(AuditActions.PriceGuardReplaced, m.TenantId, sessions.GetValueOrDefault(m.SessionId)?.LocationId, "conversation", m.SessionId, m.LeadId,
                        new { messageId = m.Id, m.Provider, m.Model });
                    break;
                case ConversationNote n when entry.State == EntityState.Added:
                    var noted = sessions.GetValueOrDefault(n.SessionId);
                    Log(AuditActions.ConversationNoted, n.TenantId, noted?.LocationId, "conversation", n.SessionId, noted?.LeadId, new { noteId = n.Id });
                    break;
                case ChatSession s:
                    Session(entry, s, Log);
                    break;
                case Lead { IsTest: true } l when entry.State == EntityState.Added:
                    // Its addresses are the colleague's own; the record names the lead, whose page has them.
                    Log(AuditActions.TestLeadSent, l.TenantId, l.LocationId, "lead", l.Id, l.Id, new { sms = l.Phone is not null, email = l.Email is not null });
                    break;
                case Lead l when entry.State == EntityState.Modified:
                    if (Changed(entry, nameof(Lead.CadenceStatus)) is (var from, var to))
                    {
                        var action = to switch
                        {
                            CadenceStatus.Paused => AuditActions.CadencePaused,
                            CadenceStatus.Stopped => AuditActions.CadenceStopped,
                            CadenceStatus.Active when from is CadenceStatus.Paused => AuditActions.CadenceResumed,
                            _ => null,
                        };
                        if (action is not null)
                            Log(action, l.TenantId, l.LocationId, "lead", l.Id, l.Id, new { from = Name(from), to = Name(to), reason = l.StopReason });
                    }
                    if (Changed(entry, nameof(Lead.Language)) is (var oldLanguage, var newLanguage))
                        Log(AuditActions.LeadLanguageChanged, l.TenantId, l.LocationId, "lead", l.Id, l.Id, new { from = oldLanguage, to = newLanguage, source = Name(l.LanguageSource) });
                    break;
                case Appointment a:
                    Appointment(entry, a, Log);
                    break;
                case ContactConsent c when entry.State is EntityState.Added or EntityState.Modified:
                    var lead = c.LeadId is { } id ? leads.GetValueOrDefault(id) : null;
                    // The address is the customer's and stays out of the record: the channel, the lead and the source say enough.
                    Log(c.Status == ConsentStatus.OptedOut ? AuditActions.OptedOut : AuditActions.OptedIn, c.TenantId, lead?.LocationId, "lead",
                        c.LeadId, c.LeadId, new { channel = EnumNames.Of(c.Channel), c.Source, status = EnumNames.Of(c.Status) });
                    break;
                case SavedReply r:
                    Log(entry.State switch { EntityState.Added => AuditActions.SavedReplyCreated, EntityState.Deleted => AuditActions.SavedReplyDeleted, _ => AuditActions.SavedReplyChanged },
                        r.TenantId, null, "saved_reply", r.Id, null, BeforeAfter(entry, nameof(SavedReply.Title), nameof(SavedReply.Body)));
                    break;
                case CadenceStep step when entry.State == EntityState.Modified:
                    Log(AuditActions.CadenceStepChanged, step.TenantId, null, "cadence_step", step.Id, null,
                        new { step = step.StepNumber, changes = BeforeAfter(entry, nameof(CadenceStep.Body), nameof(CadenceStep.Subject), nameof(CadenceStep.SpanishBody),
                            nameof(CadenceStep.SpanishSubject), nameof(CadenceStep.OffsetMinutes)) });
                    break;
                case StaffUser u when entry.State == EntityState.Modified:
                    User(entry, u, Log);
                    break;
                case StaffUser u when entry.State == EntityState.Added:
                    Log(AuditActions.UserCreated, u.TenantId, null, "user", u.Id, null, new { email = u.Email, role = Name(u.Role) });
                    break;
                case StaffInvitation i:
                    Invitation(entry, i, Log);
                    break;
                case Location l when entry.State == EntityState.Added:
                    Log(AuditActions.LocationEnabled, l.TenantId, l.Id, "location", l.Id, null, new { l.Name, l.ShopMonkeyLocationId, l.TimeZone });
                    break;
                case Location l when entry.State == EntityState.Modified:
                    if (Changed(entry, nameof(Location.SetupPending)) is (true, false))
                        Log(AuditActions.LocationWentLive, l.TenantId, l.Id, "location", l.Id, null, null);
                    if (BeforeAfter(entry, nameof(Location.Name), nameof(Location.TimeZone), nameof(Location.Phone), nameof(Location.SmsNumber), nameof(Location.Email),
                        nameof(Location.BayCapacity), nameof(Location.SmsWindowStart), nameof(Location.SmsWindowEnd), nameof(Location.EmailWindowStart),
                        nameof(Location.EmailWindowEnd), nameof(Location.SlotMinutes), nameof(Location.BufferMinutes), nameof(Location.MinimumNoticeMinutes),
                        nameof(Location.HorizonDays)) is { Count: > 0 } changes)
                        Log(AuditActions.LocationChanged, l.TenantId, l.Id, "location", l.Id, null, changes);
                    break;
                case Tenant t when entry.State == EntityState.Modified && BeforeAfter(entry, nameof(Tenant.MessageRetentionMonths)) is { Count: > 0 } retention:
                    Log(AuditActions.RetentionChanged, t.Id, null, "tenant", t.Id, null, retention);
                    break;
                case LocationHours h when entry.State is EntityState.Added or EntityState.Deleted && hoursChanged.Add(h.LocationId):
                    Log(AuditActions.LocationHoursChanged, h.TenantId, h.LocationId, "location", h.LocationId, null, null);
                    break;
                case StaffLocation sl when entry.State is EntityState.Added or EntityState.Deleted:
                    Log(entry.State == EntityState.Added ? AuditActions.UserLocationAdded : AuditActions.UserLocationRemoved, sl.TenantId, sl.LocationId, "user", sl.UserId, null,
                        new { locationId = sl.LocationId });
                    break;
                case StaffSession session when entry.State == EntityState.Added:
                    added.Add(New(new AuditActor(AuditActorType.Staff, session.UserId), AuditActions.SignedIn, session.TenantId, null, now, "user", session.UserId, null,
                        new { sessionId = session.Id }));
                    break;
                case NotificationPreference p when entry.State is EntityState.Added or EntityState.Modified:
                    Log(AuditActions.NotificationsChanged, p.TenantId, null, "user", p.UserId, null,
                        BeforeAfter(entry, nameof(p.HandoffEmail), nameof(p.HandoffSms), nameof(p.AppointmentEmail), nameof(p.AppointmentSms)));
                    break;
            }
        }
        db.Set<AuditEntry>().AddRange(added);
    }

    private static void Session(EntityEntry entry, ChatSession s, Action<string, Guid, Guid?, string, Guid?, Guid?, object?> log)
    {
        void Log(string action, object? details = null) => log(action, s.TenantId, s.LocationId, "conversation", s.Id, s.LeadId, details);
        var isNew = entry.State == EntityState.Added;
        if (entry.State is not (EntityState.Added or EntityState.Modified))
            return;
        if (s.NeedsStaff && (isNew || Changed(entry, nameof(ChatSession.NeedsStaff)) is not null))
            Log(AuditActions.HandoffRaised, new { reason = s.NeedsStaffReason });
        if (isNew)
            return;
        if (Changed(entry, nameof(ChatSession.StaffTakeover)) is (_, bool takeover))
            Log(takeover ? AuditActions.ConversationTakenOver : AuditActions.ConversationReleased);
        if (Changed(entry, nameof(ChatSession.DoneAt)) is (var wasDone, var done) && (wasDone is null) != (done is null))
            Log(done is null ? AuditActions.ConversationReopened : AuditActions.ConversationDone);
        if (Changed(entry, nameof(ChatSession.AssignedToUserId)) is (var before, var after))
            Log(AuditActions.ConversationAssigned, new { from = before, to = after });
    }

    private static void Appointment(EntityEntry entry, Appointment a, Action<string, Guid, Guid?, string, Guid?, Guid?, object?> log)
    {
        void Log(string action, object? details) => log(action, a.TenantId, a.LocationId, "appointment", a.Id, a.LeadId, details);
        if (entry.State == EntityState.Added)
        {
            Log(AuditActions.AppointmentBooked, new { start = a.StartsAt, end = a.EndsAt, serviceId = a.ServiceId });
            return;
        }
        if (entry.State != EntityState.Modified)
            return;
        if (Changed(entry, nameof(Booking.Appointment.StartsAt)) is (var from, var to))
            Log(AuditActions.AppointmentMoved, new { from, to });
        if (Changed(entry, nameof(Booking.Appointment.Status)) is (var was, AppointmentStatus status) && status != AppointmentStatus.Rescheduled)
            Log(status == AppointmentStatus.Cancelled ? AuditActions.AppointmentCancelled : AuditActions.AppointmentOutcome, new { from = Name(was), to = Name(status) });
    }

    private static void User(EntityEntry entry, StaffUser u, Action<string, Guid, Guid?, string, Guid?, Guid?, object?> log)
    {
        void Log(string action, object? details = null) => log(action, u.TenantId, null, "user", u.Id, null, details);
        if (Changed(entry, nameof(StaffUser.Role)) is (var from, var to))
            Log(AuditActions.UserRoleChanged, new { from = Name(from), to = Name(to) });
        if (Changed(entry, nameof(StaffUser.DeactivatedAt)) is (_, var off))
            Log(off is null ? AuditActions.UserReactivated : AuditActions.UserDeactivated);
        // The hash itself is a secret: only that it changed.
        if (Changed(entry, nameof(StaffUser.PasswordHash)) is not null)
            Log(AuditActions.PasswordChanged);
        if (Changed(entry, nameof(StaffUser.LockoutEnd)) is (_, DateTimeOffset until))
            Log(AuditActions.UserLockedOut, new { until });
        if (Changed(entry, nameof(StaffUser.TwoFactorEnabled)) is (_, bool on))
            Log(on ? AuditActions.TwoFactorEnabled : AuditActions.TwoFactorDisabled);
    }

    /// <summary>An invitation sent, sent again (a new link), withdrawn or accepted; the link's token is never in the record.</summary>
    private static void Invitation(EntityEntry entry, StaffInvitation i, Action<string, Guid, Guid?, string, Guid?, Guid?, object?> log)
    {
        void Log(string action) => log(action, i.TenantId, null, "invitation", i.Id, null, new { email = i.Email, role = Name(i.Role), locationIds = i.LocationIds });
        if (entry.State == EntityState.Added)
            Log(AuditActions.InvitationSent);
        else if (Changed(entry, nameof(StaffInvitation.AcceptedAt)) is not null)
            Log(AuditActions.InvitationAccepted);
        else if (Changed(entry, nameof(StaffInvitation.RevokedAt)) is not null)
            Log(AuditActions.InvitationRevoked);
        else if (Changed(entry, nameof(StaffInvitation.TokenHash)) is not null)
            Log(AuditActions.InvitationResent);
    }

    /// <summary>(before, after) when the property's value changed in this save; else null.</summary>
    private static (object? From, object? To)? Changed(EntityEntry entry, string property)
    {
        var p = entry.Property(property);
        return p.IsModified && !Equals(p.OriginalValue, p.CurrentValue) ? (p.OriginalValue, p.CurrentValue) : null;
    }

    /// <summary>The named properties' values before and after (only those that changed; all of them for a new or deleted row).</summary>
    private static Dictionary<string, object?[]> BeforeAfter(EntityEntry entry, params string[] properties) =>
        properties.Select(name => entry.Property(name))
            .Where(p => entry.State != EntityState.Modified || (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
            .ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Metadata.Name), p => entry.State switch
            {
                EntityState.Added => new[] { null, p.CurrentValue },
                EntityState.Deleted => [p.OriginalValue, null],
                _ => [p.OriginalValue, p.CurrentValue],
            });

    /// <summary>An enum as the API writes it (snake_case), anything else as text.</summary>
    private static string? Name(object? value) => value is Enum e ? JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()) : value?.ToString();

    private static AuditEntry New(AuditActor actor, string action, Guid tenantId, Guid? locationId, DateTimeOffset now, string? subjectType,
        Guid? subjectId, Guid? leadId, object? details) => new()
        {
            TenantId = tenantId,
            LocationId = locationId,
            At = now,
            ActorType = actor.Type,
            ActorId = actor.Id,
            Action = action,
            SubjectType = subjectType,
            SubjectId = subjectId,
            LeadId = leadId,
            Details = details is null ? null : JsonSerializer.Serialize(details, ApiJson.Options),
            Derived = true,
        };
}
