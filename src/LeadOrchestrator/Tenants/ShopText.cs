using System.Globalization;
using PhoneNumbers;

namespace LeadOrchestrator.Tenants;

/// <summary>
/// How the shop's facts read in what customers and staff see — money, phone numbers, the address, opening
/// hours — the same in messages, the chat page, the assistant's answers and the console.
/// </summary>
public static class ShopText
{
    /// <summary>"$399", "$1,249.50": whole dollars without cents.</summary>
    public static string Money(long cents) =>
        cents % 100 == 0 ? "$" + (cents / 100).ToString("#,0", CultureInfo.InvariantCulture) : "$" + (cents / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    /// <summary>(512) 555-0142 for a US number; the international form otherwise.</summary>
    public static string DisplayPhone(string e164)
    {
        try
        {
            var util = PhoneNumberUtil.GetInstance();
            var number = util.Parse(e164, "US");
            return util.Format(number, number.CountryCode == 1 ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    public static string PostalAddress(Location l) =>
        string.Join(", ", new[] { l.Address1, l.Address2, l.City, $"{l.State} {l.PostalCode}".Trim() }.Where(p => !string.IsNullOrWhiteSpace(p)));

    /// <summary>"Mon-Fri 8am-6pm, Sat 9am-3pm" ("lun-vie 8am-6pm, sáb 9am-3pm") from the weekly rows (dated exceptions are for the calendar, not a summary).</summary>
    public static string WeeklyHours(IEnumerable<LocationHours> hours, string language = "en")
    {
        var weekly = hours.Where(h => h.DayOfWeek is not null && !h.IsClosed)
            .OrderBy(h => ((int)h.DayOfWeek!.Value + 6) % 7)
            .Select(h => (Day: h.DayOfWeek!.Value, Span: $"{Clock(h.Opens!.Value)}-{Clock(h.Closes!.Value)}"))
            .ToList();
        var parts = new List<string>();
        for (var i = 0; i < weekly.Count;)
        {
            var j = i;
            while (j + 1 < weekly.Count && weekly[j + 1].Span == weekly[i].Span && ((int)weekly[j + 1].Day - (int)weekly[j].Day + 7) % 7 == 1)
                j++;
            var days = j == i ? Abbrev(weekly[i].Day, language) : $"{Abbrev(weekly[i].Day, language)}-{Abbrev(weekly[j].Day, language)}";
            parts.Add($"{days} {weekly[i].Span}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    public static string Abbrev(DayOfWeek day, string language = "en") =>
        language == "es" ? SpanishDays[(int)day] : CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(day);

    /// <summary>"Fri Nov 27" / "vie 27 nov" (the shop's calendar, written the same way in every answer and message); "Friday Nov 27" / "viernes 27 nov" with <paramref name="longWeekday"/>.</summary>
    public static string Day(DateOnly date, string language = "en", bool longWeekday = false) =>
        language == "es"
            ? $"{(longWeekday ? SpanishWeekdays : SpanishDays)[(int)date.DayOfWeek]} {date.Day.ToString(CultureInfo.InvariantCulture)} {SpanishMonths[date.Month - 1]}"
            : date.ToString(longWeekday ? "dddd MMM d" : "ddd MMM d", CultureInfo.InvariantCulture);

    /// <summary>"Sat Nov 28, 9:00 am" / "sáb 28 nov, 9:00 am": a slot as offered, and as a customer may repeat it to book it.</summary>
    public static string SlotLabel(DateTime local, string language = "en") =>
        $"{Day(DateOnly.FromDateTime(local), language)}, {local.ToString("h:mm", CultureInfo.InvariantCulture)} {(local.Hour < 12 ? "am" : "pm")}";

    // Written out rather than taken from the es culture: ICU data differ between machines, the words must not.
    private static readonly string[] SpanishDays = ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"];
    private static readonly string[] SpanishWeekdays = ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"];
    private static readonly string[] SpanishMonths = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"];

    public static string Clock(TimeOnly t) =>
        (t.Minute == 0 ? t.ToString("%h", CultureInfo.InvariantCulture) : t.ToString("h:mm", CultureInfo.InvariantCulture)) + (t.Hour < 12 ? "am" : "pm");

    /// <summary>
    /// When the shop opens next, said from <paramref name="now"/>: "at 8am", "tomorrow at 8am", "on Monday at 8am",
    /// "on Dec 28 at 8am"; null when it is open now or no opening comes within a month.
    /// </summary>
    public static string? NextOpening(Location location, DateTimeOffset now)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        if (OpeningHours.NextOpen(location.Hours, zone, now) is not { } opens || opens == now)
            return null;
        var (local, today) = (TimeZoneInfo.ConvertTime(opens, zone), DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime));
        var day = DateOnly.FromDateTime(local.DateTime);
        var clock = Clock(TimeOnly.FromDateTime(local.DateTime));
        return (day.DayNumber - today.DayNumber) switch
        {
            0 => $"at {clock}",
            1 => $"tomorrow at {clock}",
            < 7 => $"on {day.DayOfWeek} at {clock}",
            _ => $"on {day.ToString("MMM d", CultureInfo.InvariantCulture)} at {clock}",
        };
    }
}
