using System.Collections.Concurrent;

namespace LeadOrchestrator.Common;

/// <summary>When each background loop of this instance last went round, and its last error, for /api/health.</summary>
public sealed class WorkerHeartbeats(TimeProvider time)
{
    public sealed record Beat(DateTimeOffset LastRunAt, DateTimeOffset? LastErrorAt, string? LastError);

    private readonly ConcurrentDictionary<string, Beat> _beats = new(StringComparer.Ordinal);

    public void Ran(string worker) =>
        _beats.AddOrUpdate(worker, _ => new Beat(time.GetUtcNow(), null, null), (_, b) => b with { LastRunAt = time.GetUtcNow() });

    public void Failed(string worker, Exception error) =>
        _beats.AddOrUpdate(worker, _ => new Beat(time.GetUtcNow(), time.GetUtcNow(), error.GetType().Name + ": " + error.Message),
            (_, b) => b with { LastRunAt = time.GetUtcNow(), LastErrorAt = time.GetUtcNow(), LastError = error.GetType().Name + ": " + error.Message });

    public IReadOnlyDictionary<string, Beat> Snapshot => _beats.ToDictionary(b => b.Key, b => b.Value);
}
