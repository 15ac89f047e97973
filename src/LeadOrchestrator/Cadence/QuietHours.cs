using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Cadence;

/// <summary>
/// When marketing messages may go out, in the location's own time zone: SMS between its window
/// (09:00–20:00 by default), email any time unless the location sets a window. A touch that falls
/// outside is deferred to the next allowed minute, never dropped. DST-safe: local times are converted
/// with the zone's rules for that very day.
/// </summary>
public static class QuietHours
{
    public static DateTimeOffset NextAllowed(DateTimeOffset now, Location location, Channel channel)
    {
        var (start, end) = channel == Channel.Sms
            ? (location.SmsWindowStart, location.SmsWindowEnd)
            : (location.EmailWindowStart ?? TimeOnly.MinValue, location.EmailWindowEnd ?? TimeOnly.MaxValue);
        if (start == TimeOnly.MinValue && end == TimeOnly.MaxValue)
            return now;

        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (time >= start && time < end)
            return now;
        var day = DateOnly.FromDateTime(local.DateTime);
        return AtLocal(time < start ? day : day.AddDays(1), start, zone);
    }

    /// <summary>The instant a local wall-clock time happens; a time skipped by a spring-forward jump moves past the gap.</summary>
    public static DateTimeOffset AtLocal(DateOnly day, TimeOnly at, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(at);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(1);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
