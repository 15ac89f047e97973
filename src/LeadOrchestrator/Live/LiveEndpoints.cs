using System.Globalization;
using System.Linq.Expressions;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Live;

/// <summary>
/// The live streams, as Server-Sent Events: every change a console of the tenant should show
/// (<c>/api/console/events</c>), and a customer's chat page told of staff replies
/// (<c>/api/chat/{leadId}/events</c>). Each event's <c>id</c> is its position; a client that lost the
/// connection sends it back as <c>Last-Event-ID</c> (browsers' EventSource does so itself) and gets what
/// it missed, in order, once. A client gone too long (or too far behind) gets one <c>reset</c> event:
/// refetch what you show, then carry on.
/// </summary>
public static class LiveEndpoints
{
    /// <summary>At most this many missed events are replayed on resume; more than that is a <c>reset</c>.</summary>
    public const int MaxReplay = 1000;

    public const string Reset = "reset";

    /// <summary>The first item of every stream: sent at once (so the response starts), it carries the position to resume from.</summary>
    public const string Ready = "ready";
    public const string KeepAlive = "ping";

    /// <summary>
    /// One console event: what changed and where; the client refetches what it shows of it. <c>role</c> says who
    /// wrote a new message (customer, assistant, staff); <c>userId</c> and <c>presence</c> who has a conversation open;
    /// <c>change</c> (booked, moved, cancelled) what happened to an appointment, and <c>userId</c> the colleague who did it.
    /// </summary>
    public sealed record ConsoleEventView(long Id, ConsoleEventType Type, DateTimeOffset At, Guid? LeadId, Guid? ConversationId,
        Guid? MessageId, Guid? AppointmentId, Guid? LocationId, ChatRole? Role, Guid? UserId, PresenceState? Presence,
        Booking.AppointmentChange? Change = null);

    /// <summary>A staff member's message reached the customer's conversation; <c>/history</c> has it.</summary>
    public sealed record StaffMessageEvent(Guid MessageId, DateTimeOffset At);

    public static IEndpointRouteBuilder MapLiveApi(this IEndpointRouteBuilder app)
    {
        app.MapConsoleApi().RequireStaff().MapGet("/events", ConsoleAsync).WithName("ConsoleEvents")
            .Produces<ConsoleEventView>(StatusCodes.Status200OK, "text/event-stream");
        app.MapCustomerApi().WithTags("Chat").MapGet("/events", ChatAsync).WithName("ChatEvents")
            .Produces<StaffMessageEvent>(StatusCodes.Status200OK, "text/event-stream");
        return app;
    }

    /// <summary>
    /// <c>event: lead.created | lead.updated | message.created | conversation.updated | conversation.needs_staff |
    /// appointment.changed | presence</c>, <c>data:</c> a <see cref="ConsoleEventView"/>; also <c>ready</c>, <c>reset</c> and <c>ping</c>.
    /// <c>Last-Event-ID</c> (header, or <c>lastEventId</c> in the query) resumes after that event.
    /// </summary>
    internal static IResult ConsoleAsync([FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader, [FromQuery] long? lastEventId,
        TenantContext tenant, AppDbContext db, ConsoleEventHub hub, IOptions<LiveOptions> options, IHostApplicationLifetime lifetime, HttpContext http, CancellationToken ct) =>
        Serve(lastEventIdHeader, lastEventId, tenant, InScope(tenant.LocationIds), e => (View(e), EnumNames.Of(e.Type)), db, hub, options, lifetime, http, ct);

    /// <summary>
    /// A colleague scoped to some locations hears only of theirs: the relay applies this to each event as it comes
    /// (the replay from the table has the location query filter too). An event of no location is outside every scope.
    /// </summary>
    private static Expression<Func<ConsoleEvent, bool>> InScope(List<Guid>? locations) =>
        locations is null ? _ => true : e => e.LocationId != null && locations.Contains(e.LocationId.Value);

    /// <summary><c>event: staff_message</c>, <c>data:</c> a <see cref="StaffMessageEvent"/>; also <c>ready</c>, <c>reset</c> and <c>ping</c>.</summary>
    internal static IResult ChatAsync(Guid leadId, [FromHeader(Name = "Last-Event-ID")] string? lastEventIdHeader, [FromQuery] long? lastEventId,
        TenantContext tenant, AppDbContext db, ConsoleEventHub hub, IOptions<LiveOptions> options, IHostApplicationLifetime lifetime, HttpContext http, CancellationToken ct) =>
        Serve(lastEventIdHeader, lastEventId, tenant,
            e => e.LeadId == leadId && e.Type == ConsoleEventType.MessageCreated && e.Role == ChatRole.Staff,
            e => (new StaffMessageEvent(e.MessageId!.Value, e.At), "staff_message"), db, hub, options, lifetime, http, ct);

    /// <summary>One stream: the events <paramref name="wanted"/> accepts, each as <paramref name="view"/> names and shows it.</summary>
    private static IResult Serve<T>(string? lastEventIdHeader, long? lastEventId, TenantContext tenant, Expression<Func<ConsoleEvent, bool>> wanted,
        Func<ConsoleEvent, (T Data, string Name)> view, AppDbContext db, ConsoleEventHub hub, IOptions<LiveOptions> options,
        IHostApplicationLifetime lifetime, HttpContext http, CancellationToken ct) where T : class
    {
        if (ResumeFrom(lastEventIdHeader, lastEventId) is not { } after)
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_last_event_id", "Last-Event-ID must be an event id.");
        var items = StreamAsync(hub, db, tenant.TenantId!.Value, after, wanted, options.Value.KeepAlive, lifetime.ApplicationStopping, ct)
            .Select(e =>
            {
                if (e.Event is not { } x)
                    return new SseItem<T?>(null, e.Name) { EventId = Control(e), ReconnectionInterval = Retry(e) };
                var (data, name) = view(x);
                return new SseItem<T?>(data, name) { EventId = Id(x) };
            });
        http.Response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold the stream back
        return TypedResults.ServerSentEvents(items);
    }

    /// <summary>0: from now. Null: not an event id.</summary>
    private static long? ResumeFrom(string? header, long? query)
    {
        if (!string.IsNullOrWhiteSpace(header))
            return long.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return query is null or >= 0 ? query ?? 0 : null;
    }

    private static string Id(ConsoleEvent e) => Id(e.Id);

    /// <summary>A reset or ready item moves the client's resume position; a keep-alive does not.</summary>
    private static string? Control(Item e) => e.Name is Reset or Ready ? Id(e.Position) : null;

    /// <summary>How soon a browser reconnects after losing the stream.</summary>
    private static TimeSpan? Retry(Item e) => e.Name == Ready ? TimeSpan.FromSeconds(2) : null;

    private static string Id(long position) => position.ToString(CultureInfo.InvariantCulture);

    private static ConsoleEventView View(ConsoleEvent e) =>
        new(e.Id, e.Type, e.At, e.LeadId, e.ConversationId, e.MessageId, e.AppointmentId, e.LocationId, e.Role, e.UserId, e.Presence, e.Change);

    /// <summary>An event of the stream, or a control item (<see cref="Reset"/> at a position, <see cref="KeepAlive"/>).</summary>
    internal readonly record struct Item(ConsoleEvent? Event, string Name, long Position);

    /// <summary>
    /// Subscribe first, then replay what is stored after <paramref name="after"/> up to the subscription's start,
    /// then relay the subscription's events: none missed between the two, none twice.
    /// </summary>
    internal static async IAsyncEnumerable<Item> StreamAsync(ConsoleEventHub hub, AppDbContext db, Guid tenantId, long after,
        Expression<Func<ConsoleEvent, bool>> wanted, TimeSpan keepAlive, CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await hub.Started.WaitAsync(ct);
        // The same rule for what is relayed and what is read back from the table.
        using var subscription = hub.Subscribe(tenantId, wanted.Compile());
        var last = Math.Max(after, subscription.From);
        yield return new Item(null, Ready, after > 0 ? after : last);
        if (after > 0)
        {
            var events = db.Set<ConsoleEvent>().AsNoTracking();
            // The event the client saw last is gone: it was pruned, and so may be what followed it.
            // (Any event, of any tenant or location: a position is only a number, and the client's last one may be of
            // a location it does not hear of.)
            var known = await events.IgnoreQueryFilters([AppDbContext.TenantFilter, AppDbContext.LocationFilter]).AnyAsync(e => e.Id == after, ct);
            // Stored events it missed, up to where the subscription starts (none when it is ahead of this instance).
            var missed = !known ? null
                : after >= subscription.From ? []
                : await events.Where(e => e.Id > after && e.Id <= subscription.From).Where(wanted).OrderBy(e => e.Id).Take(MaxReplay + 1).ToListAsync(ct);
            if (missed is null || missed.Count > MaxReplay)
            {
                last = subscription.From;
                yield return new Item(null, Reset, last);
            }
            else
                foreach (var e in missed)
                    yield return new Item(e, EnumNames.Of(e.Type), e.Id);
        }

        // A stopping instance ends its streams (clients reconnect, to another instance if need be) instead of holding up the shutdown.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var _ = stopping.Register(() => stopped.TrySetResult());
        Task<bool>? waiting = null;
        while (!ct.IsCancellationRequested)
        {
            waiting ??= subscription.Reader.WaitToReadAsync(ct).AsTask();
            var woke = await Task.WhenAny(waiting, Task.Delay(keepAlive, ct), stopped.Task);
            if (woke == stopped.Task)
                yield break;
            if (woke != waiting)
            {
                yield return new Item(null, KeepAlive, last);
                continue;
            }
            var more = await waiting;
            waiting = null;
            if (!more)
                yield break; // fell too far behind: the client resumes from the table
            while (subscription.Reader.TryRead(out var e))
                if (e.Id > last)
                {
                    last = e.Id;
                    yield return new Item(e, EnumNames.Of(e.Type), e.Id);
                }
        }
    }
}
