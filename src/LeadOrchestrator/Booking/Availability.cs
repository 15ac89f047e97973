using System.ComponentModel.DataAnnotations;
using System.Globalization;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Booking;

/// <summary>How the shop books (section <c>Booking</c>).</summary>
public sealed class BookingOptions
{
    public const string Section = "Booking";

    /// <summary>Offered start times are this far apart.</summary>
    [Range(5, 240)]
    public int SlotMinutes { get; set; } = 30;

    /// <summary>Kept free after every job (clean-up, hand-over).</summary>
    [Range(0, 240)]
    public int BufferMinutes { get; set; } = 15;

    /// <summary>Nothing is offered sooner than this from now.</summary>
    public TimeSpan MinimumNotice { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Nothing is offered further ahead than this.</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(30);

    /// <summary>ShopMonkey write-back: calls per change before it is marked failed (staff can retry).</summary>
    [Range(1, 100)]
    public int WriteBackMaxAttempts { get; set; } = 8;

    /// <summary>First wait after a failed write-back; doubles each time up to <see cref="WriteBackRetryMax"/>.</summary>
    public TimeSpan WriteBackRetryBase { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan WriteBackRetryMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A write-back (or a notice send) still unfinished after this is taken to have died with its worker.</summary>
    public TimeSpan WorkerLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Reminders and rebooking notes go out only between these local times ("never at night").</summary>
    public TimeOnly NoticeWindowStart { get; set; } = new(8, 0);

    public TimeOnly NoticeWindowEnd { get; set; } = new(21, 0);

    /// <summary>How long after an appointment ends it is judged completed or a no-show from the ShopMonkey order.</summary>
    public TimeSpan OutcomeAfter { get; set; } = TimeSpan.FromHours(3);

    /// <summary>These options with a location's own booking rules (slot spacing, buffer, notice, horizon) where it has them.</summary>
    public BookingOptions For(Tenants.Location location)
    {
        var own = (BookingOptions)MemberwiseClone();
        own.SlotMinutes = location.SlotMinutes ?? SlotMinutes;
        own.BufferMinutes = location.BufferMinutes ?? BufferMinutes;
        own.MinimumNotice = location.MinimumNoticeMinutes is { } notice ? TimeSpan.FromMinutes(notice) : MinimumNotice;
        own.Horizon = location.HorizonDays is { } days ? TimeSpan.FromDays(days) : Horizon;
        return own;
    }
}

/// <summary>A free start time: UTC for the machine, local wall-clock time for the customer.</summary>
public sealed record Slot(DateTimeOffset Start, DateTimeOffset End, DateTime Local)
{
    /// <summary>"Sat Nov 28, 9:00 am".</summary>
    public string Label => ShopText.SlotLabel(Local);

    /// <summary>The label in the customer's language ("sáb 28 nov, 9:00 am").</summary>
    public string LabelIn(string language) => ShopText.SlotLabel(Local, language);
}

/// <summary>A time a bay is taken: one of our appointments, or one in ShopMonkey.</summary>
public readonly record struct Busy(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// Free slots from the shop's hours (dated rows override the week), its bays, the job's length, a
/// buffer after every job, minimum notice, the booking horizon and what is already booked. All wall-clock
/// reasoning happens in the location's IANA zone: a slot that does not exist on a spring-forward day is
/// skipped, and one that happens twice on a fall-back day is the first of the two.
/// </summary>
public static class AvailabilityEngine
{
    public static List<Slot> FreeSlots(TimeZoneInfo zone, IReadOnlyCollection<LocationHours> hours, int bays, int durationMinutes,
        BookingOptions options, DateTimeOffset now, DateOnly from, DateOnly to, IReadOnlyCollection<Busy> busy)
    {
        var slots = new List<Slot>();
        var earliest = now + options.MinimumNotice;
        var latest = now + options.Horizon;
        var duration = TimeSpan.FromMinutes(durationMinutes);
        var buffer = TimeSpan.FromMinutes(options.BufferMinutes);
        // Each candidate looks only at the jobs of its own UTC day and the days around it, not at every booking.
        var byDay = busy.GroupBy(b => DateOnly.FromDateTime(b.Start.UtcDateTime)).ToDictionary(g => g.Key, g => g.ToList());
        var first = Max(from, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(earliest, zone).DateTime));
        var last = Min(to, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(latest, zone).DateTime));
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            if (OpeningOn(hours, day) is not { } open)
                continue;
            var closes = (int)open.Closes.ToTimeSpan().TotalMinutes;
            for (var minute = (int)open.Opens.ToTimeSpan().TotalMinutes; minute + durationMinutes <= closes; minute += options.SlotMinutes)
            {
                var local = day.ToDateTime(TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(minute)));
                if (zone.IsInvalidTime(local))
                    continue;
                var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
                var start = new DateTimeOffset(local, offset).ToUniversalTime();
                if (start < earliest || start > latest)
                    continue;
                var utcDay = DateOnly.FromDateTime(start.UtcDateTime);
                var nearby = Nearby(byDay, utcDay);
                if (PeakUse(nearby, start, start + duration + buffer, buffer) < bays)
                    slots.Add(new Slot(start, start + duration, local));
            }
        }
        return slots;
    }

    private static List<Busy> Nearby(Dictionary<DateOnly, List<Busy>> byDay, DateOnly day)
    {
        var nearby = new List<Busy>();
        for (var d = day.AddDays(-1); d <= day.AddDays(1); d = d.AddDays(1))
            if (byDay.TryGetValue(d, out var jobs))
                nearby.AddRange(jobs);
        return nearby;
    }

    /// <summary>The day's row: a dated one (a holiday) first, then the weekday's; null when the shop has neither.</summary>
    public static LocationHours? HoursOn(IReadOnlyCollection<LocationHours> hours, DateOnly day) =>
        hours.FirstOrDefault(h => h.Date == day) ?? hours.FirstOrDefault(h => h.Date is null && h.DayOfWeek == day.DayOfWeek);

    /// <summary>The day's opening (<see cref="HoursOn"/>); null when closed.</summary>
    public static (TimeOnly Opens, TimeOnly Closes)? OpeningOn(IReadOnlyCollection<LocationHours> hours, DateOnly day) =>
        HoursOn(hours, day) is { Opens: { } opens, Closes: { } closes } && closes > opens ? (opens, closes) : null;

    /// <summary>The longest opening of the week: a job longer than that cannot be booked in one day.</summary>
    public static TimeSpan LongestDay(IReadOnlyCollection<LocationHours> hours) =>
        hours.Where(h => h is { Opens: not null, Closes: not null } && h.Closes > h.Opens).Select(h => h.Closes!.Value - h.Opens!.Value).DefaultIfEmpty(TimeSpan.Zero).Max();

    /// <summary>The most bays taken at any moment of [from, to), each job holding its bay for its buffer too.</summary>
    public static int PeakUse(IReadOnlyCollection<Busy> busy, DateTimeOffset from, DateTimeOffset to, TimeSpan buffer)
    {
        var edges = new List<(DateTimeOffset At, int Change)>();
        foreach (var b in busy)
        {
            var end = b.End + buffer;
            if (b.Start < to && end > from)
            {
                edges.Add((b.Start < from ? from : b.Start, 1));
                edges.Add((end > to ? to : end, -1));
            }
        }
        // A job ending exactly when another starts frees its bay first.
        var peak = 0;
        var current = 0;
        foreach (var (_, change) in edges.OrderBy(e => e.At).ThenBy(e => e.Change))
            peak = Math.Max(peak, current += change);
        return peak;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}

/// <summary>Why no slots can be offered: a clear reason for the API (400) and the assistant.</summary>
public sealed record AvailabilityProblem(string Code, string Message);

public sealed record Availability(ServiceCatalogItem Service, Location Location, IReadOnlyList<Slot> Slots);

/// <summary>Loads what the engine needs for one lead's shop and service.</summary>
public sealed class AvailabilityService(AppDbContext db, TimeProvider time, IOptions<BookingOptions> options)
{
    public BookingOptions Options => options.Value;

    /// <param name="ignoring">An appointment whose own bay counts as free (the one being moved).</param>
    public async Task<(Availability? Result, AvailabilityProblem? Problem)> FindAsync(Guid locationId, Guid serviceId, DateOnly? from, DateOnly? to, CancellationToken ct,
        Guid? ignoring = null)
    {
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).FirstOrDefaultAsync(l => l.Id == locationId, ct);
        if (location is null)
            return (null, new("unknown_location", "This shop cannot be booked online."));
        var service = await db.ServiceCatalog.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == serviceId && s.Active && (s.LocationId == null || s.LocationId == locationId), ct);
        if (service is null)
            return (null, new("unknown_service", "There is no such service at this shop."));
        return await FindAsync(location, service, from, to, ct, ignoring);
    }

    /// <param name="ignoring">An appointment whose own bay counts as free (the one being moved).</param>
    public async Task<(Availability? Result, AvailabilityProblem? Problem)> FindAsync(Location location, ServiceCatalogItem service, DateOnly? from, DateOnly? to,
        CancellationToken ct, Guid? ignoring = null)
    {
        var o = options.Value.For(location);
        if (!service.Bookable || service.DurationMinutes <= 0)
            return (null, new("not_bookable", $"{service.Name} cannot be booked online; please call the shop."));
        if (TimeSpan.FromMinutes(service.DurationMinutes) > AvailabilityEngine.LongestDay(location.Hours))
            return (null, new("multi_day", $"{service.Name} takes more than a day in the shop; please call to plan it."));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now + o.Horizon, zone).DateTime);
        var first = from ?? today;
        if (to < first)
            return (null, new("bad_range", "The end date is before the start date."));
        if (first > lastDay)
            return (null, new("beyond_horizon", $"Bookings open {(int)o.Horizon.TotalDays} days ahead; please pick an earlier date."));
        var last = to ?? (first.AddDays(6) < lastDay ? first.AddDays(6) : lastDay);
        if (last < today)
            return (null, new("in_the_past", "Those dates are in the past."));
        // Nothing is offered before today or past the horizon, so a range reaching further (to=9999-12-31)
        // is the bookable part of it, not a reason to look at millennia of calendar.
        (first, last) = (first < today ? today : first, last > lastDay ? lastDay : last);

        // Everything that may overlap the window, one day of margin on each side for zone offsets.
        var windowStart = new DateTimeOffset(first.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var windowEnd = new DateTimeOffset(last.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var busy = await BusyAsync(location.Id, windowStart, windowEnd, ct, ignoring);
        var slots = AvailabilityEngine.FreeSlots(zone, location.Hours, location.BayCapacity, service.DurationMinutes, o, now, first, last, busy);
        return (new Availability(service, location, slots), null);
    }

    /// <summary>Bays taken at a location: its booked and rescheduled appointments, and what the shop put in ShopMonkey itself.</summary>
    public async Task<List<Busy>> BusyAsync(Guid locationId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct, Guid? ignoring = null)
    {
        var ours = await db.Appointments.AsNoTracking()
            .Where(a => a.LocationId == locationId && Appointment.HoldingStatuses.Contains(a.Status) && a.StartsAt < to && a.EndsAt > from && a.Id != ignoring)
            .Select(a => new { a.StartsAt, a.EndsAt }).ToListAsync(ct);
        var shops = await db.ShopCalendarBlocks.AsNoTracking()
            .Where(b => b.LocationId == locationId && b.StartsAt < to && b.EndsAt > from)
            .Select(b => new { b.StartsAt, b.EndsAt }).ToListAsync(ct);
        return [.. ours.Concat(shops).Select(a => new Busy(a.StartsAt, a.EndsAt))];
    }
}
