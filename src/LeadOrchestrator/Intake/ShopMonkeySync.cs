using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Jobs;
using LeadOrchestrator.Leads;
using LeadOrchestrator.ShopMonkey;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Intake;

/// <summary>
/// Every <see cref="PollingOptions.Interval"/> per tenant, asks ShopMonkey for orders changed since the
/// cursor (minus an overlap) and feeds new or newer ones into the same inbox as webhooks, so a missed
/// or disabled webhook costs at most one interval. A per-tenant lease keeps instances from polling the
/// same tenant at once; each run is a <c>job_executions</c> row.
/// </summary>
public sealed partial class ShopMonkeySync(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<PollingOptions> options,
    InstanceIdentity instance,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<ShopMonkeySync> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    public const string PollJob = "crm-poll";
    public const string CatalogJob = "catalog-sync";
    public const string CalendarJob = "calendar-sync";
    public const string WebhookJob = "webhook-health";

    protected override string Name => "poller";

    // Polling keeps time rather than waiting for a signal: each pass looks for tenants whose interval is up.
    protected override TimeSpan IdlePoll => options.Value.Tick;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await RunDueAsync(ct);
        return 0;
    }

    /// <summary>Polls every tenant that is due and not leased by another instance.</summary>
    public async Task RunDueAsync(CancellationToken ct)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = Time.GetUtcNow();
            // Cross-tenant on purpose: the scheduler looks at every tenant that has polling on.
            var polling = await db.TenantCrmConfigs.AcrossTenants().Where(c => c.PollingEnabled).Select(c => c.TenantId).ToListAsync(ct);
            var known = await db.CrmSyncStates.AcrossTenants().Select(s => s.TenantId).ToListAsync(ct);
            foreach (var tenantId in polling.Except(known))
            {
                await db.Database.ExecuteSqlAsync(
                    $"INSERT INTO crm_sync_state (tenant_id, next_poll_at) VALUES ({tenantId}, {now}) ON CONFLICT (tenant_id) DO NOTHING", ct);
            }
            due = await db.CrmSyncStates.AcrossTenants()
                .Where(s => polling.Contains(s.TenantId) && s.NextPollAt <= now && (s.LeaseUntil == null || s.LeaseUntil < now))
                .Select(s => s.TenantId)
                .ToListAsync(ct);
        }

        foreach (var tenantId in due)
        {
            if (await TryLeaseAsync(tenantId, ct))
                await PollTenantAsync(tenantId, ct);
        }
    }

    private async Task<bool> TryLeaseAsync(Guid tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = Time.GetUtcNow();
        var until = now + options.Value.LeaseDuration;
        var name = instance.Name;
        // Compare-and-set in one statement: only one instance's UPDATE matches.
        return await db.CrmSyncStates.AcrossTenants()
            .Where(s => s.TenantId == tenantId && s.NextPollAt <= now && (s.LeaseUntil == null || s.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, name).SetProperty(x => x.LeaseUntil, until), ct) == 1;
    }

    private async Task PollTenantAsync(Guid tenantId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<TenantContext>().Set(tenantId);
        var db = services.GetRequiredService<AppDbContext>();
        var jobs = services.GetRequiredService<JobLog>();
        var o = options.Value;

        var config = await db.TenantCrmConfigs.AsNoTracking().SingleAsync(ct);
        var state = await db.CrmSyncStates.AsNoTracking().SingleAsync(ct);
        var started = Time.GetUtcNow();
        var run = await jobs.StartAsync(PollJob, tenantId, started, ct);
        var interval = config.PollIntervalSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : o.Interval;
        var cursor = state.OrdersCursor;
        var since = (cursor ?? started - o.InitialLookback) - o.Overlap;
        var enqueued = 0;
        Exception? failure = null;
        try
        {
            var api = services.GetRequiredService<ShopMonkeyClientFactory>().Create(config);
            var inbox = services.GetRequiredService<Inbox>();
            var batch = new List<SmOrder>(ShopMonkeyClient.PageSize);
            await foreach (var order in api.ListOrdersUpdatedSinceAsync(since, ct))
            {
                if (order.UpdatedDate?.ToUniversalTime() is { } updated && (cursor is null || updated > cursor))
                    cursor = updated;
                batch.Add(order);
                if (batch.Count == ShopMonkeyClient.PageSize)
                {
                    enqueued += await EnqueueAsync(db, inbox, tenantId, batch, ct);
                    batch.Clear();
                }
            }
            enqueued += await EnqueueAsync(db, inbox, tenantId, batch, ct);

            if (state.CatalogSyncedAt is null || state.CatalogSyncedAt + o.CatalogSyncInterval <= started)
                await SyncCatalogAsync(tenantId, api, ct);
            if (state.CalendarSyncedAt is null || state.CalendarSyncedAt + o.CalendarSyncInterval <= started)
                await SyncCalendarAsync(tenantId, api, ct);
            // Not for the built-in sandbox, which delivers its own webhooks and has no webhook API.
            if (!config.UsesSandbox && (config.WebhookCheckedAt is null || config.WebhookCheckedAt + Tenants.ShopMonkeyWebhooks.CheckInterval <= started))
                await CheckWebhookAsync(tenantId, config, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            failure = e;
        }

        // Record the outcome from a clean slate. The cursor covers what reached the inbox even when a
        // later page failed (those rows are committed); the lease is released only if it is still ours.
        db.ChangeTracker.Clear();
        var now = Time.GetUtcNow();
        var retryAfter = (failure as ShopMonkeyApiException)?.RetryAfter;
        var next = started + (retryAfter > interval ? retryAfter.Value : interval);
        var owner = instance.Name;
        await db.CrmSyncStates.Where(s => s.LeaseOwner == owner).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(x => x.OrdersCursor, cursor)
                .SetProperty(x => x.LastPollStartedAt, started)
                .SetProperty(x => x.LastPollError, failure == null ? null : failure.Message)
                .SetProperty(x => x.NextPollAt, next)
                .SetProperty(x => x.LeaseOwner, (string?)null)
                .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null);
            if (failure is null)
                s.SetProperty(x => x.LastPollSucceededAt, now);
        }, ct);

        db.JobExecutions.Attach(run);
        if (failure is null)
        {
            await jobs.SucceededAsync(run, enqueued, ct);
            Log.Polled(logger, tenantId, enqueued, since);
        }
        else
        {
            await jobs.FailedAsync(run, enqueued, failure.Message, ct);
            Log.PollFailed(logger, tenantId, failure.Message);
        }
    }

    /// <summary>Only orders that can change something go to the inbox: new open estimates and changes newer than our lead.</summary>
    private async Task<int> EnqueueAsync(AppDbContext db, Inbox inbox, Guid tenantId, List<SmOrder> orders, CancellationToken ct)
    {
        if (orders.Count == 0)
            return 0;
        var ids = orders.Select(o => o.Id).ToList();
        var leads = await db.Leads.Where(l => ids.Contains(l.ShopMonkeyOrderId))
            .Select(l => new { l.ShopMonkeyOrderId, l.OrderUpdatedAt })
            .ToDictionaryAsync(l => l.ShopMonkeyOrderId, l => l.OrderUpdatedAt, StringComparer.Ordinal, ct);
        var now = Time.GetUtcNow();
        var added = 0;
        foreach (var order in orders)
        {
            var updated = order.UpdatedDate?.ToUniversalTime();
            var relevant = leads.TryGetValue(order.Id, out var held)
                ? updated is null || updated > held
                : LeadRules.IsOpenEstimate(order);
            if (!relevant)
                continue;
            var e = new InboundEvent
            {
                TenantId = tenantId,
                Source = InboundEventSource.Poll,
                DedupeKey = $"poll:{order.Id}:{updated?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "?"}",
                EntityTable = "order",
                Operation = "UPDATE",
                EntityId = order.Id,
                EntityUpdatedAt = updated,
                Payload = JsonSerializer.Serialize(order, ShopMonkeyJson.Options),
                ReceivedAt = now,
            };
            if (await inbox.TryAddAsync(e, ct))
                added++;
        }
        return added;
    }

    /// <summary>Canned services and locations; a configured location id ShopMonkey does not know fails the run.</summary>
    private Task SyncCatalogAsync(Guid tenantId, ShopMonkeyClient api, CancellationToken ct) =>
        RunSideJobAsync(tenantId, CatalogJob, async (services, db, c) =>
        {
            var result = await services.GetRequiredService<CatalogSync>().SyncAsync(tenantId, api, c);
            var synced = Time.GetUtcNow();
            await db.CrmSyncStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.CatalogSyncedAt, synced), c);
            if (result.MissingLocationIds.Count == 0)
                return (result.Services, null);
            var message = $"ShopMonkey has no location with id {string.Join(", ", result.MissingLocationIds)}; orders for it cannot be matched.";
            Log.MissingLocations(logger, tenantId, message);
            return (result.Services, message);
        }, ct);

    /// <summary>The daily webhook health check (<see cref="Tenants.ShopMonkeyWebhooks.CheckAsync"/>): its finding is kept for the console.</summary>
    private Task CheckWebhookAsync(Guid tenantId, TenantCrmConfig config, CancellationToken ct) =>
        RunSideJobAsync(tenantId, WebhookJob, async (services, db, c) =>
        {
            var slug = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).SingleAsync(c);
            var now = Time.GetUtcNow();
            string? id, problem;
            try
            {
                (id, problem) = await services.GetRequiredService<Tenants.ShopMonkeyWebhooks>().CheckAsync(config, slug, now, c);
            }
            catch (ShopMonkeyApiException e)
            {
                // Said once a day, not at every poll: a key without webhook rights keeps failing the same way.
                (id, problem) = (config.WebhookId, $"The webhook could not be checked with ShopMonkey: {e.Message}");
            }
            await db.TenantCrmConfigs.ExecuteUpdateAsync(s => s.SetProperty(x => x.WebhookCheckedAt, now).SetProperty(x => x.WebhookProblem, problem)
                .SetProperty(x => x.WebhookId, id ?? config.WebhookId), c);
            return (id is null ? 0 : 1, problem);
        }, ct);

    /// <summary>The shop's ShopMonkey calendar (its own appointments, recurring blocks) for availability.</summary>
    private Task SyncCalendarAsync(Guid tenantId, ShopMonkeyClient api, CancellationToken ct) =>
        RunSideJobAsync(tenantId, CalendarJob, async (services, db, c) =>
        {
            var result = await services.GetRequiredService<Booking.ShopCalendarSync>().SyncAsync(tenantId, api, c);
            var synced = Time.GetUtcNow();
            await db.CrmSyncStates.ExecuteUpdateAsync(s => s.SetProperty(x => x.CalendarSyncedAt, synced), c);
            return (result.Blocks, null);
        }, ct);

    /// <summary>
    /// A job beside the poll, in its own scope and <c>job_executions</c> row: a failure is recorded and retried
    /// at the next poll, never mixed into the poll's own writes. The work returns its item count and, when it
    /// finished but found something wrong, the message that fails the run.
    /// </summary>
    private async Task RunSideJobAsync(Guid tenantId, string job,
        Func<IServiceProvider, AppDbContext, CancellationToken, Task<(int Items, string? Failure)>> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<TenantContext>().Set(tenantId);
        var db = services.GetRequiredService<AppDbContext>();
        var jobs = services.GetRequiredService<JobLog>();
        var run = await jobs.StartAsync(job, tenantId, Time.GetUtcNow(), ct);
        try
        {
            var (items, failure) = await work(services, db, ct);
            if (failure is null)
                await jobs.SucceededAsync(run, items, ct);
            else
                await jobs.FailedAsync(run, items, failure, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            db.JobExecutions.Attach(run);
            await jobs.FailedAsync(run, 0, e.Message, ct);
            Log.PollFailed(logger, tenantId, e.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Debug, "Polled tenant {TenantId}: {Enqueued} order change(s) since {Since}")]
        public static partial void Polled(ILogger logger, Guid tenantId, int enqueued, DateTimeOffset since);

        [LoggerMessage(LogLevel.Warning, "Polling tenant {TenantId} failed: {Error}")]
        public static partial void PollFailed(ILogger logger, Guid tenantId, string error);

        [LoggerMessage(LogLevel.Warning, "Tenant {TenantId}: {Message}")]
        public static partial void MissingLocations(ILogger logger, Guid tenantId, string message);
    }
}
