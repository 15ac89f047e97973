using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// A location's opening hours as a clock: whether it is open at an instant, when it next opens, and
/// when a span of open time has passed — what a handoff's escalation counts (three minutes of the
/// shop being open, not three minutes of the night). A location with no hours at all is taken as
/// always open, so nothing waits for an opening that never comes.
/// </summary>
public static class OpeningHours
{
    /// <summary>How far ahead an opening is looked for (a long holiday closure included).</summary>
    private const int LookAheadDays = 31;

    public static bool IsOpen(IReadOnlyCollection<LocationHours> hours, TimeZoneInfo zone, DateTimeOffset at) => NextOpen(hours, zone, at) == at;

    /// <summary><paramref name="at"/> when open then, else the next opening; null when none comes within a month.</summary>
    public static DateTimeOffset? NextOpen(IReadOnlyCollection<LocationHours> hours, TimeZoneInfo zone, DateTimeOffset at)
    {
        if (!hours.Any(h => h.Opens is not null))
            return hours.Count == 0 ? at : null;
        foreach (var (opens, closes) in Openings(hours, zone, at))
        {
            if (closes <= at)
                continue;
            return opens <= at ? at : opens;
        }
        return null;
    }

    /// <summary>
    /// The instant <paramref name="span"/> of opening time has passed since <paramref name="from"/>; null when
    /// the shop does not open enough within a month.
    /// </summary>
    public static DateTimeOffset? AfterOpenTime(IReadOnlyCollection<LocationHours> hours, TimeZoneInfo zone, DateTimeOffset from, TimeSpan span)
    {
        if (hours.Count == 0)
            return from + span;
        var left = span;
        foreach (var (opens, closes) in Openings(hours, zone, from))
        {
            var start = opens > from ? opens : from;
            if (closes <= start)
                continue;
            if (closes - start >= left)
                return start + left;
            left -= closes - start;
        }
        return null;
    }

    /// <summary>The openings (as instants) from the local day of <paramref name="from"/> on, in order.</summary>
    private static IEnumerable<(DateTimeOffset Opens, DateTimeOffset Closes)> Openings(IReadOnlyCollection<LocationHours> hours, TimeZoneInfo zone, DateTimeOffset from)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(from, zone).DateTime);
        for (var i = 0; i < LookAheadDays; i++, day = day.AddDays(1))
        {
            if (AvailabilityEngine.OpeningOn(hours, day) is { } opening)
                yield return (QuietHours.AtLocal(day, opening.Opens, zone), QuietHours.AtLocal(day, opening.Closes, zone));
        }
    }
}
