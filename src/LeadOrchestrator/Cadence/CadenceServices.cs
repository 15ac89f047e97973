using LeadOrchestrator.Data;
using LeadOrchestrator.Leads;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Cadence;

/// <summary>Writes a new lead's touch points, in the same unit of work (and so the same commit) as the lead.</summary>
public sealed class CadenceScheduler(AppDbContext db, IServiceScopeFactory scopes)
{
    public async Task ScheduleAsync(Lead lead, CancellationToken ct)
    {
        var cadence = await DefaultCadenceAsync(lead.TenantId, lead.CreatedAt, ct);
        var start = lead.CreatedAt;
        foreach (var step in cadence.Steps.OrderBy(s => s.StepNumber))
        {
            var due = start + TimeSpan.FromMinutes(step.OffsetMinutes);
            var touch = new TouchPoint
            {
                Id = Guid.CreateVersion7(start),
                TenantId = lead.TenantId,
                LeadId = lead.Id,
                CadenceStepId = step.Id,
                StepNumber = step.StepNumber,
                Channel = step.Channel,
                Status = TouchPointStatus.Scheduled,
                ScheduledFor = due,
                DueAt = due,
            };
            // Touches a lead cannot receive are kept, cancelled with the reason, so staff see why.
            if (step.Channel == Channel.Sms && lead.Phone is null)
                (touch.Status, touch.CancelReason) = (TouchPointStatus.Cancelled, StopReasons.NoPhone);
            if (step.Channel == Channel.Email && lead.Email is null)
                (touch.Status, touch.CancelReason) = (TouchPointStatus.Cancelled, StopReasons.NoEmail);
            db.TouchPoints.Add(touch);
        }

        lead.CadenceStatus = CadenceStatus.Active;
        lead.SmsStopReason = lead.Phone is null ? StopReasons.NoPhone : null;
        lead.EmailStopReason = lead.Email is null ? StopReasons.NoEmail : null;
        if (lead.Phone is null && lead.Email is null)
        {
            // Flagged for staff: nothing can be sent, and nothing crashes.
            lead.CadenceStatus = CadenceStatus.Stopped;
            lead.StopReason = StopReasons.NoContact;
            lead.StoppedAt = lead.CreatedAt;
        }
    }

    /// <summary>The tenant's default cadence, created from <see cref="DefaultCadence"/> the first time it is needed.</summary>
    public async Task<CadenceTemplate> DefaultCadenceAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.Cadences.Include(c => c.Steps).FirstOrDefaultAsync(c => c.IsDefault, ct) is { } existing)
            return existing;
        await CreateDefaultAsync(tenantId, now, ct);
        return await db.Cadences.Include(c => c.Steps).FirstAsync(c => c.IsDefault, ct);
    }

    /// <summary>
    /// Commits the default cadence on its own, under the tenant lock: a new tenant's first leads arrive
    /// together, and each would otherwise try to create it.
    /// </summary>
    private Task CreateDefaultAsync(Guid tenantId, DateTimeOffset now, CancellationToken ct) =>
        scopes.InTenantScopeAsync(tenantId, (services, token) =>
        {
            var own = services.GetRequiredService<AppDbContext>();
            return own.InLockedTransactionAsync(c => own.LockTenantAsync(tenantId, c), async c =>
            {
                if (!await own.Cadences.AnyAsync(x => x.IsDefault, c))
                {
                    own.Cadences.Add(NewDefault(tenantId, now));
                    await own.SaveChangesAsync(c);
                }
            }, token);
        }, ct);

    public static CadenceTemplate NewDefault(Guid tenantId, DateTimeOffset now)
    {
        var cadence = new CadenceTemplate { Id = Guid.CreateVersion7(now), TenantId = tenantId, Name = DefaultCadence.Name, IsDefault = true, CreatedAt = now };
        cadence.Steps.AddRange(DefaultCadence.Steps.Select(s => new CadenceStep
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            CadenceId = cadence.Id,
            StepNumber = s.Number,
            OffsetMinutes = (int)s.Offset.TotalMinutes,
            Channel = s.Channel,
            Subject = s.Subject,
            Body = s.Body,
            SpanishSubject = s.SpanishSubject,
            SpanishBody = s.SpanishBody,
        }));
        return cadence;
    }
}

/// <summary>
/// Pause, resume and stop a lead's cadence, whole or per channel. Remaining touches are cancelled with
/// the reason, never deleted; a touch already with a provider ("sending") is left alone.
/// Changes are tracked on the context; the caller saves.
/// </summary>
public sealed class CadenceService(AppDbContext db, TimeProvider time)
{
    private static readonly TouchPointStatus[] Open = [TouchPointStatus.Scheduled, TouchPointStatus.Claimed, TouchPointStatus.Paused];

    /// <summary>Stops the whole cadence; false when it was not running.</summary>
    public async Task<bool> StopAsync(Lead lead, string reason, CancellationToken ct)
    {
        if (lead.CadenceStatus is not (CadenceStatus.Active or CadenceStatus.Paused))
            return false;
        foreach (var touch in (await TouchesAsync(lead.Id, ct)).Where(t => Open.Contains(t.Status)))
            Cancel(touch, reason);
        lead.CadenceStatus = CadenceStatus.Stopped;
        lead.StopReason = reason;
        lead.StoppedAt = time.GetUtcNow();
        lead.PausedAt = null;
        lead.UpdatedAt = time.GetUtcNow();
        return true;
    }

    /// <summary>Stops one channel (STOP stops SMS only; an unsubscribe stops email only). The cadence goes on with the other.</summary>
    public async Task StopChannelAsync(Lead lead, Channel channel, string reason, CancellationToken ct)
    {
        if (channel == Channel.Sms)
            lead.SmsStopReason ??= reason;
        else
            lead.EmailStopReason ??= reason;
        var touches = await TouchesAsync(lead.Id, ct);
        foreach (var touch in touches.Where(t => t.Channel == channel && Open.Contains(t.Status)))
            Cancel(touch, reason);
        lead.UpdatedAt = time.GetUtcNow();
        if (lead.CadenceStatus is CadenceStatus.Active or CadenceStatus.Paused && !touches.Any(t => Open.Contains(t.Status) || t.Status == TouchPointStatus.Sending))
        {
            lead.CadenceStatus = CadenceStatus.Stopped;
            lead.StopReason = reason;
            lead.StoppedAt = time.GetUtcNow();
        }
    }

    public async Task<bool> PauseAsync(Lead lead, CancellationToken ct)
    {
        if (lead.CadenceStatus != CadenceStatus.Active)
            return false;
        foreach (var touch in (await TouchesAsync(lead.Id, ct)).Where(t => t.Status is TouchPointStatus.Scheduled or TouchPointStatus.Claimed))
        {
            touch.Status = TouchPointStatus.Paused;
            touch.LeaseOwner = null;
        }
        lead.CadenceStatus = CadenceStatus.Paused;
        lead.PausedAt = time.GetUtcNow();
        lead.UpdatedAt = time.GetUtcNow();
        return true;
    }

    /// <summary>Resumes where it left off: every remaining touch moves later by the time spent paused.</summary>
    public async Task<bool> ResumeAsync(Lead lead, CancellationToken ct)
    {
        if (lead.CadenceStatus != CadenceStatus.Paused)
            return false;
        var now = time.GetUtcNow();
        var pausedFor = now - (lead.PausedAt ?? now);
        foreach (var touch in (await TouchesAsync(lead.Id, ct)).Where(t => t.Status == TouchPointStatus.Paused))
        {
            touch.Status = TouchPointStatus.Scheduled;
            touch.ScheduledFor += pausedFor;
            touch.DueAt = touch.DueAt + pausedFor < now ? now : touch.DueAt + pausedFor;
        }
        lead.CadenceStatus = CadenceStatus.Active;
        lead.PausedAt = null;
        lead.UpdatedAt = now;
        return true;
    }

    /// <summary>
    /// Marks running cadences of these leads completed once every touch has been handled. Set-based, so
    /// it can share the transaction that records the last touch's outcome; bumps the version, so a
    /// staff change racing it retries on fresh data.
    /// </summary>
    public async Task<int> CompleteFinishedAsync(IReadOnlyCollection<Guid> leadIds, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var completed = await db.Leads
            .Where(l => leadIds.Contains(l.Id) && l.CadenceStatus == CadenceStatus.Active
                && !db.TouchPoints.Any(t => t.LeadId == l.Id && (Open.Contains(t.Status) || t.Status == TouchPointStatus.Sending)))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.CadenceStatus, CadenceStatus.Completed)
                .SetProperty(l => l.UpdatedAt, now)
                .SetProperty(l => l.Version, l => l.Version + 1), ct);
        // A cadence that ran out without a reply loses the lead; a set-based update passes the save's refresh by.
        if (completed > 0)
            await LeadStages.RefreshAsync(db, leadIds, ct);
        return completed;
    }

    private async Task<List<TouchPoint>> TouchesAsync(Guid leadId, CancellationToken ct)
    {
        var touches = await db.TouchPoints.Where(t => t.LeadId == leadId).ToListAsync(ct);
        // Touches added in this unit of work (a lead created a moment ago) are not in the database yet.
        return [.. touches.Union(db.TouchPoints.Local.Where(t => t.LeadId == leadId))];
    }

    private void Cancel(TouchPoint touch, string reason)
    {
        touch.Status = TouchPointStatus.Cancelled;
        touch.CancelReason = reason;
        touch.LeaseOwner = null;
        touch.DueAt = time.GetUtcNow();
    }
}

/// <summary>
/// Stops a lead's cadence as its own unit of work (own scope and context) that starts over on a version
/// conflict: the dispatcher may be updating the same lead right now. For callers in the middle of
/// other work (a chat answer, a booking) that must not share its fate.
/// </summary>
public sealed class CadenceStopper(IServiceScopeFactory scopes)
{
    public Task StopAsync(Guid tenantId, Guid leadId, string reason, CancellationToken ct) =>
        scopes.InTenantScopeAsync(tenantId, async (services, token) =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var cadence = services.GetRequiredService<CadenceService>();
            await db.RetryOnConflictAsync(async c =>
            {
                var lead = await db.Leads.FirstAsync(l => l.Id == leadId, c);
                if (await cadence.StopAsync(lead, reason, c))
                    await db.SaveChangesAsync(c);
            }, token);
        }, ct);
}
