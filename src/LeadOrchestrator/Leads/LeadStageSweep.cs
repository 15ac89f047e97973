using System.ComponentModel.DataAnnotations;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Leads;

/// <summary>The leads pipeline (section <c>Leads</c>).</summary>
public sealed class LeadsOptions
{
    public const string Section = "Leads";

    /// <summary>
    /// How often every lead's stored stage is checked against the stage rule (and at start-up). Saves keep it in
    /// step; this catches what they cannot: a process that died between a save and its refresh, a rule changed by
    /// a new version, rows written by hand.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan StageSweep { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>Sets right every lead whose stored stage is not the rule's, tenant by tenant, at start-up and then every <see cref="LeadsOptions.StageSweep"/>.</summary>
public sealed partial class LeadStageSweep(
    IServiceScopeFactory scopes,
    IOptions<LeadsOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<LeadStageSweep> logger) : PollingWorker(lifetime, heartbeats, time, logger)
{
    protected override string Name => "lead-stages";

    /// <summary>After a failed pass (the database away at start-up, say), the next comes in a minute, not an hour.</summary>
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    private bool _failed;

    protected override TimeSpan IdlePoll => _failed ? RetryAfterFailure : options.Value.StageSweep;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        _failed = true;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var moved = 0;
        foreach (var tenant in await db.Tenants.Select(t => t.Id).ToListAsync(ct))
            moved += await LeadStages.SweepAsync(db, tenant, ct);
        if (moved > 0)
            Log.Moved(logger, moved);
        _failed = false;
        // Always idle until the next sweep: the saves do the rest.
        return 0;
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Information, "The stage sweep set {Count} leads' stage right")]
        public static partial void Moved(ILogger logger, int count);
    }
}
