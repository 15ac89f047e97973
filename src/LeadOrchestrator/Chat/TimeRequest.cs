using System.Globalization;
using System.Text.RegularExpressions;

namespace LeadOrchestrator.Chat;

/// <summary>
/// When a customer wants to come, from their words in English or Spanish, in the shop's calendar:
/// "tomorrow at 10", "saturday morning", "after 5", "next week", "nov 27", "thanksgiving",
/// "mañana a las 10", "el sábado por la mañana", "después de las 5". A day or time that does not exist
/// ("feb 30", "25:00") is a <see cref="Problem"/>, said back rather than guessed.
/// </summary>
public sealed partial record TimeRequest(DateOnly? Day, DateOnly? Until, TimeOnly? At, TimeOnly? After, TimeOnly? Before, string? Problem)
{
    public static readonly TimeRequest None = new(null, null, null, null, null, null);

    public bool IsEmpty => this == None;

    /// <param name="today">The shop's local date.</param>
    public static TimeRequest Parse(string? text, DateOnly today)
    {
        if (string.IsNullOrWhiteSpace(text))
            return None;
        var t = " " + text.ToLower(CultureInfo.InvariantCulture).Replace('’', '\'') + " ";
        DateOnly? day = null, until = null;
        string? problem = null;

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return None with { Day = iso };

        // Part of the day first: "por la mañana" is the morning, not tomorrow.
        TimeOnly? after = null, before = null;
        var morning = Morning().IsMatch(t);
        var rest = Morning().Replace(t, " ");
        if (morning)
            before = new(12, 0);
        if (Afternoon().IsMatch(rest))
            (after, before) = (new(12, 0), new(17, 0));
        if (Evening().IsMatch(rest))
            after = new(17, 0);

        if (DayAfterTomorrow().IsMatch(rest))
            day = today.AddDays(2);
        else if (Tomorrow().IsMatch(rest))
            day = today.AddDays(1);
        else if (Today().IsMatch(rest))
            day = today;
        else if (NextWeek().IsMatch(rest))
        {
            day = today.AddDays(7 - ((int)today.DayOfWeek + 6) % 7);
            until = day.Value.AddDays(6);
        }
        else if (Weekend().IsMatch(rest))
            day = Next(today, DayOfWeek.Saturday);
        else if (Thanksgiving().IsMatch(rest))
            day = Yearly(today, y => new DateOnly(y, 11, 1).AddDays((4 - (int)new DateOnly(y, 11, 1).DayOfWeek + 7) % 7 + 21));
        else if (Christmas().IsMatch(rest))
            day = Yearly(today, y => new DateOnly(y, 12, 25));
        else if (NewYear().IsMatch(rest))
            day = Yearly(today, y => new DateOnly(y, 1, 1));
        else if (MonthDay().Match(rest) is { Success: true } md)
            (day, problem) = Date(today, Month(md.Groups["month"].Value), int.Parse(md.Groups["day"].Value, CultureInfo.InvariantCulture));
        else if (DayMonth().Match(rest) is { Success: true } dm)
            (day, problem) = Date(today, Month(dm.Groups["month"].Value), int.Parse(dm.Groups["day"].Value, CultureInfo.InvariantCulture));
        else if (Numeric().Match(rest) is { Success: true } n)
            (day, problem) = Date(today, int.Parse(n.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(n.Groups["d"].Value, CultureInfo.InvariantCulture));
        else if (OfMonth().Match(rest) is { Success: true } om)
        {
            // "the 15th", "el 15", "tuesday the 15th", "lunes 30": this month's, or next month's once it has passed.
            var d = int.Parse(om.Groups["d"].Value, CultureInfo.InvariantCulture);
            var month = d >= today.Day ? today : today.AddMonths(1);
            (day, problem) = d is >= 1 and <= 31 ? Date(today, month.Month, d) : (null, $"the {d}th is not a date");
        }
        else
        {
            foreach (var (weekday, pattern) in Weekdays)
                if (Regex.IsMatch(rest, pattern))
                {
                    // The next one, today included ("next friday" said on a Tuesday is this week's).
                    day = Next(today, weekday);
                    break;
                }
        }

        TimeOnly? at = null;
        if (AfterWords().Match(rest) is { Success: true } a)
            (after, problem) = Clock(a, morning, after, problem);
        else if (BeforeWords().Match(rest) is { Success: true } b)
            (before, problem) = Clock(b, morning, before, problem);
        else if (Noon().IsMatch(rest))
            at = new(12, 0);
        // Of several times, the last: "my appointment is at 8, can I push it to 1pm" wants 1pm.
        else if (AtWords().Matches(rest) is { Count: > 0 } times)
            (at, problem) = Clock(times[^1], morning, null, problem);
        return new TimeRequest(day, until, at, after, before, problem);
    }

    /// <summary>
    /// An hour and minutes from a match with groups h, m and ampm; an hour alone from 1 to 7 is the afternoon
    /// (shops are closed at 3 am) unless the morning was said ("a las 7 de la mañana").
    /// </summary>
    private static (TimeOnly?, string?) Clock(Match m, bool morning, TimeOnly? current, string? problem)
    {
        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        var ampm = m.Groups["ampm"].Value.Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        if (hour > 23 || minute > 59 || (ampm.Length > 0 && (hour > 12 || hour == 0)))
            return (current, problem ?? $"{m.Groups["h"].Value}:{(m.Groups["m"].Success ? m.Groups["m"].Value : "00")} is not a time of day");
        if (ampm is "pm" && hour < 12)
            hour += 12;
        else if (ampm is "am" && hour == 12)
            hour = 0;
        else if (ampm.Length == 0 && hour is >= 1 and <= 7 && !morning)
            hour += 12;
        return (new TimeOnly(hour, minute), problem);
    }

    private static (DateOnly?, string?) Date(DateOnly today, int month, int day)
    {
        if (month is < 1 or > 12)
            return (null, $"{month}/{day} is not a date");
        var year = today.Year;
        if (day < 1 || day > DateTime.DaysInMonth(year, month) && !(month == 2 && day == 29 && DateTime.IsLeapYear(year + 1)))
            return (null, $"{CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(month)} {day} is not a date");
        var date = new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
        // A date already past this year is next year's.
        return (date < today ? new DateOnly(year + 1, month, Math.Min(day, DateTime.DaysInMonth(year + 1, month))) : date, null);
    }

    private static DateOnly Next(DateOnly today, DayOfWeek day) => today.AddDays(((int)day - (int)today.DayOfWeek + 7) % 7);

    private static DateOnly Yearly(DateOnly today, Func<int, DateOnly> inYear) => inYear(today.Year) >= today ? inYear(today.Year) : inYear(today.Year + 1);

    private static int Month(string name) => name[..3] switch
    {
        "jan" or "ene" => 1, "feb" => 2, "mar" => 3, "apr" or "abr" => 4, "may" => 5, "jun" => 6, "jul" => 7,
        "aug" or "ago" => 8, "sep" or "set" => 9, "oct" => 10, "nov" => 11, "dec" or "dic" => 12, _ => 0,
    };

    private static readonly (DayOfWeek Day, string Pattern)[] Weekdays =
    [
        (DayOfWeek.Monday, @"\b(mon(day)?|lunes)\b"),
        (DayOfWeek.Tuesday, @"\b(tue(s|sday)?|martes)\b"),
        (DayOfWeek.Wednesday, @"\b(wed(nesday)?|mi[eé]rcoles)\b"),
        (DayOfWeek.Thursday, @"\b(thu(r|rs|rsday)?|jueves)\b"),
        (DayOfWeek.Friday, @"\b(fri(day)?|viernes)\b"),
        (DayOfWeek.Saturday, @"\b(sat(urday)?|s[aá]bado)\b"),
        (DayOfWeek.Sunday, @"\b(sunday|domingo)\b"), // not "sun": the sun strip
    ];

    [GeneratedRegex(@"\b(morning|(por|en|de) la ma[nñ]ana|temprano)\b")]
    private static partial Regex Morning();

    [GeneratedRegex(@"\b(afternoon|(por|en|de) la tarde|tarde)\b")]
    private static partial Regex Afternoon();

    [GeneratedRegex(@"\b(evening|tonight|(por|en|de) la noche)\b")]
    private static partial Regex Evening();

    [GeneratedRegex(@"\b(tomorrow|tmrw|tmr|tomorow|ma[nñ]ana)\b")]
    private static partial Regex Tomorrow();

    [GeneratedRegex(@"\b(day after tomorrow|pasado ma[nñ]ana)\b")]
    private static partial Regex DayAfterTomorrow();

    [GeneratedRegex(@"\b(today|tonight|hoy|this afternoon|esta tarde)\b")]
    private static partial Regex Today();

    [GeneratedRegex(@"\b(next week|la (pr[oó]xima )?semana (que viene|pr[oó]xima)|la pr[oó]xima semana)\b")]
    private static partial Regex NextWeek();

    [GeneratedRegex(@"\b(this weekend|the weekend|fin de semana)\b")]
    private static partial Regex Weekend();

    [GeneratedRegex(@"\b(thanksgiving|d[ií]a de acci[oó]n de gracias|acci[oó]n de gracias)\b")]
    private static partial Regex Thanksgiving();

    [GeneratedRegex(@"\b(christmas|xmas|navidad)\b")]
    private static partial Regex Christmas();

    [GeneratedRegex(@"\b(new year'?s( day)?|a[nñ]o nuevo)\b")]
    private static partial Regex NewYear();

    [GeneratedRegex(@"\b(?<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?<day>\d{1,2})(st|nd|rd|th)?\b")]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?<day>\d{1,2})\s+de\s+(?<month>ene|feb|mar|abr|may|jun|jul|ago|sep|set|oct|nov|dic)[a-z]*\b")]
    private static partial Regex DayMonth();

    [GeneratedRegex(@"(?<![\d:])(?<m>\d{1,2})/(?<d>\d{1,2})(?![\d/])")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"\b(after|past|later than|despu[eé]s de( las?)?|a partir de( las?)?)\s+(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d/])")]
    private static partial Regex AfterWords();

    [GeneratedRegex(@"\b(before|earlier than|by|antes de( las?)?)\s+(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d/])")]
    private static partial Regex BeforeWords();

    [GeneratedRegex(@"\b(?:the (?<d>\d{1,2})(?:st|nd|rd|th)?(?![\d:])|(?<d>\d{1,2})(?:st|nd|rd|th)|(?:el|d[ií]a) (?<d>\d{1,2})(?![\d:])|(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo) (?<d>\d{1,2})(?![\d:]))\b")]
    private static partial Regex OfMonth();

    [GeneratedRegex(@"\b(noon|midday|mediod[ií]a)\b")]
    private static partial Regex Noon();

    [GeneratedRegex(@"(?:\b(?:at|@|around|like|about|a las?|para las?|como a las?|tipo)\s+(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?(?![\d/])|(?<![\d/:])(?<h>\d{1,2}):(?<m>\d{2})\s*(?<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?|(?<![\d/:])(?<h>\d{1,2})\s*(?<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?![a-z]))")]
    private static partial Regex AtWords();
}
