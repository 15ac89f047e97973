using LeadOrchestrator.Common;
using LeadOrchestrator.Data;

namespace LeadOrchestrator.Jobs;

/// <summary>Writes <c>job_executions</c> rows: one when a run starts (so a hung run is visible), updated when it ends.</summary>
public sealed class JobLog(AppDbContext db, TimeProvider time, InstanceIdentity instance)
{
    /// <summary>Records the start; <paramref name="startedAt"/> is the time the job itself works from.</summary>
    public async Task<JobExecution> StartAsync(string job, Guid? tenantId, DateTimeOffset startedAt, CancellationToken ct)
    {
        var run = new JobExecution
        {
            Job = job,
            TenantId = tenantId,
            Instance = instance.Name,
            StartedAt = startedAt,
            Outcome = JobOutcome.Running,
        };
        db.JobExecutions.Add(run);
        await db.SaveChangesAsync(ct);
        return run;
    }

    public Task SucceededAsync(JobExecution run, int items, CancellationToken ct) => FinishAsync(run, JobOutcome.Succeeded, items, null, ct);

    public Task FailedAsync(JobExecution run, int items, string error, CancellationToken ct) => FinishAsync(run, JobOutcome.Failed, items, error, ct);

    private async Task FinishAsync(JobExecution run, JobOutcome outcome, int items, string? error, CancellationToken ct)
    {
        run.FinishedAt = time.GetUtcNow();
        run.Outcome = outcome;
        run.Items = items;
        run.Error = error is { Length: > 2000 } ? error[..2000] : error;
        await db.SaveChangesAsync(ct);
    }
}
