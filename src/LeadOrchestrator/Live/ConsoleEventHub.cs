using System.Threading.Channels;

namespace LeadOrchestrator.Live;

/// <summary>
/// This instance's open event streams, fed by <see cref="ConsoleEventRelay"/> in id order. A subscription
/// learns the relay's position under the same lock that publishes, so a stream that reads the stored
/// events up to that position and then the subscription's misses none and sees none twice.
/// </summary>
public sealed class ConsoleEventHub
{
    /// <summary>Events a stream may fall behind by; a slower one is closed and resumes from the table.</summary>
    public const int Buffer = 1024;

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;

    /// <summary>Completes once the relay knows where the table stands.</summary>
    public Task Started => _started.Task;

    /// <summary>The last event id relayed to subscriptions.</summary>
    public long Position
    {
        get
        {
            lock (_gate)
                return _position;
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _subscriptions.Count;
        }
    }

    /// <summary>Events of <paramref name="tenantId"/> that <paramref name="wanted"/> accepts, from after <see cref="Subscription.From"/>.</summary>
    public Subscription Subscribe(Guid tenantId, Func<ConsoleEvent, bool> wanted)
    {
        lock (_gate)
        {
            var subscription = new Subscription(this, tenantId, wanted, _position);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    internal void Start(long position)
    {
        lock (_gate)
            _position = Math.Max(_position, position);
        _started.TrySetResult();
    }

    internal void Publish(IReadOnlyList<ConsoleEvent> events, long position)
    {
        lock (_gate)
        {
            foreach (var subscription in _subscriptions)
                foreach (var e in events)
                    if (e.TenantId == subscription.TenantId && subscription.Wanted(e) && !subscription.Writer.TryWrite(e))
                    {
                        // Too far behind: end the stream; the client resumes with Last-Event-ID from the table.
                        subscription.Writer.TryComplete();
                        break;
                    }
            _position = position;
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
            _subscriptions.Remove(subscription);
    }

    public sealed class Subscription : IDisposable
    {
        private readonly ConsoleEventHub _hub;
        private readonly Channel<ConsoleEvent> _channel = Channel.CreateBounded<ConsoleEvent>(new BoundedChannelOptions(Buffer));

        internal Subscription(ConsoleEventHub hub, Guid tenantId, Func<ConsoleEvent, bool> wanted, long from)
        {
            _hub = hub;
            TenantId = tenantId;
            Wanted = wanted;
            From = from;
        }

        internal Guid TenantId { get; }
        internal Func<ConsoleEvent, bool> Wanted { get; }
        internal ChannelWriter<ConsoleEvent> Writer => _channel.Writer;

        /// <summary>The relay's position when subscribing: later events come through <see cref="Reader"/>, earlier ones from the table.</summary>
        public long From { get; }

        public ChannelReader<ConsoleEvent> Reader => _channel.Reader;

        public void Dispose()
        {
            _hub.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}
