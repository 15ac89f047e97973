using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadOrchestrator.Jobs;

/// <summary>
/// One run of a background job (table <c>job_executions</c>): operators read it to see that polling
/// and syncs are alive. An operator table, so it has no tenant filter; <see cref="TenantId"/> says
/// which tenant a run was for, if any.
/// </summary>
public sealed class JobExecution
{
    public long Id { get; set; }
    public required string Job { get; set; }
    public Guid? TenantId { get; set; }
    public string? Instance { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int Items { get; set; }
    public JobOutcome Outcome { get; set; }
    public string? Error { get; set; }
}

public enum JobOutcome
{
    Running,
    Succeeded,
    Failed,
}

internal sealed class JobExecutionConfiguration : IEntityTypeConfiguration<JobExecution>
{
    public void Configure(EntityTypeBuilder<JobExecution> b)
    {
        b.ToTable("job_executions");
        b.HasIndex(j => new { j.Job, j.StartedAt });
        b.Property(j => j.Job).HasMaxLength(64);
        b.Property(j => j.Instance).HasMaxLength(100);
        b.Property(j => j.Outcome).HasMaxLength(16);
    }
}
