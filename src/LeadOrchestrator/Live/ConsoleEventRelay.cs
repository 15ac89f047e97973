using System.Diagnostics;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Live;

/// <summary>
/// One reader of <c>console_events</c> per instance, whatever the number of open consoles: it hands each new
/// event, in id order, to this instance's streams (<see cref="ConsoleEventHub"/>). Woken at once by a commit
/// here (<see cref="ConsoleEventSignal"/>), it also polls for events other instances committed. It waits and
/// measures in real time, not the app's clock: what it waits for are transactions in flight.
/// </summary>
public sealed class ConsoleEventRelay(
    IServiceScopeFactory scopes,
    ConsoleEventHub hub,
    ConsoleEventSignal signal,
    TimeProvider appClock,
    IOptions<LiveOptions> options,
    IHostApplicationLifetime lifetime,
    WorkerHeartbeats heartbeats,
    ILogger<ConsoleEventRelay> logger) : PollingWorker(lifetime, heartbeats, TimeProvider.System, logger)
{
    private const int Batch = 500;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private long _position = -1;
    private long? _gapSince;
    private long? _prunedAt;

    protected override string Name => "console-events";

    protected override WorkSignal Signal => signal;

    protected override TimeSpan IdlePoll => options.Value.Poll;

    protected override async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var events = db.Set<ConsoleEvent>().AcrossTenants().AsNoTracking();
        if (_position < 0)
        {
            // Streams opened from now on read what is already stored from the table.
            _position = await events.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            hub.Start(_position);
        }
        await PruneAsync(events, ct);

        var batch = await events.Where(e => e.Id > _position).OrderBy(e => e.Id).Take(Batch).ToListAsync(ct);
        var ready = new List<ConsoleEvent>(batch.Count);
        var next = _position;
        foreach (var e in batch)
        {
            if (e.Id != next + 1)
            {
                // A lower id may belong to a transaction that has yet to commit: wait for it a little, then pass
                // (it was rolled back, or is far too slow to be "live").
                _gapSince ??= Stopwatch.GetTimestamp();
                if (Stopwatch.GetElapsedTime(_gapSince.Value) < options.Value.GapWait)
                    break;
            }
            _gapSince = null;
            ready.Add(e);
            next = e.Id;
        }
        if (ready.Count > 0)
        {
            hub.Publish(ready, next);
            _position = next;
        }
        return ready.Count;
    }

    private async Task PruneAsync(IQueryable<ConsoleEvent> events, CancellationToken ct)
    {
        if (_prunedAt is { } at && Stopwatch.GetElapsedTime(at) < PruneEvery)
            return;
        _prunedAt = Stopwatch.GetTimestamp();
        var before = appClock.GetUtcNow() - options.Value.Retention;
        await events.Where(e => e.At < before).ExecuteDeleteAsync(ct);
    }
}
