using System.ComponentModel.DataAnnotations;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Jobs;
using LeadOrchestrator.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Customers;

/// <summary>Customer data (section <c>Customers</c>).</summary>
public sealed class CustomersOptions
{
    public const string Section = "Customers";

    /// <summary>How often message bodies past each tenant's retention are redacted (and at start-up).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan RetentionSweep { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>
/// A tenant's retention setting (<see cref="Tenants.Tenant.MessageRetentionMonths"/>) applied: the bodies of chat
/// messages and of the texts and emails sent that are older than that many months are redacted, tenant by tenant, at
/// start-up and then every <see cref="CustomersOptions.RetentionSweep"/>. The rows stay (who was sent what kind of
/// message when, and whether it arrived); each pass that redacted something is on the audit log as the system's.
/// </summary>
public sealed partial class MessageRetention(
    IServiceScopeFactory scopes,
    IOptions<CustomersOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<MessageRetention> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    public const string JobName = "message-retention";

    /// <summary>What a redacted body reads.</summary>
    public const string Redacted = "[removed: older than this shop keeps messages]";

    protected override string Name => JobName;

    protected override TimeSpan IdlePoll => options.Value.RetentionSweep;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        List<(Guid Id, int Months)> tenants;
        await using (var scope = scopes.CreateAsyncScope())
            tenants = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.Where(t => t.MessageRetentionMonths != null)
                .Select(t => new { t.Id, t.MessageRetentionMonths }).ToListAsync(ct)).Select(t => (t.Id, t.MessageRetentionMonths!.Value)).ToList();
        foreach (var (tenantId, months) in tenants)
            await scopes.InTenantScopeAsync(tenantId, (services, c) => ApplyAsync(services, tenantId, months, c), ct);
        // Always idle until the next sweep.
        return 0;
    }

    private async Task ApplyAsync(IServiceProvider services, Guid tenantId, int months, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var jobs = services.GetRequiredService<JobLog>();
        var now = Time.GetUtcNow();
        var run = await jobs.StartAsync(JobName, tenantId, now, ct);
        try
        {
            var before = now.AddMonths(-months);
            var (messages, deliveries) = await db.InTransactionAsync(async c =>
            {
                var m = await db.ChatMessages.Where(x => x.CreatedAt < before && x.Content != Redacted && x.Content != CustomerData.Erased)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.Content, Redacted), c);
                var d = await db.MessageDeliveries.Where(x => x.CreatedAt < before && x.Body != Redacted && x.Body != CustomerData.Erased)
                    .ExecuteUpdateAsync(u => u
                        .SetProperty(x => x.Body, Redacted).SetProperty(x => x.Subject, x => x.Subject == null ? null : Redacted)
                        .SetProperty(x => x.BodyHtml, (string?)null).SetProperty(x => x.Attachments, (string?)null), c);
                if (m + d > 0)
                {
                    AuditRecorder.Add(db, AuditActions.RetentionApplied, tenantId, null, now, "tenant", tenantId, null,
                        new { months, before, chatMessages = m, deliveries = d }, AuditActor.System);
                    await db.SaveChangesAsync(c);
                }
                return (m, d);
            }, ct);
            await jobs.SucceededAsync(run, messages + deliveries, ct);
            if (messages + deliveries > 0)
                Log.Redacted(logger, tenantId, messages, deliveries, months);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await jobs.FailedAsync(run, 0, e.Message, ct);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "Retention: tenant {TenantId}'s {Messages} chat messages and {Deliveries} sent messages older than {Months} months redacted")]
        public static partial void Redacted(ILogger logger, Guid tenantId, int messages, int deliveries, int months);
    }
}
