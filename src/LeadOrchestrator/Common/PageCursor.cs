using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LeadOrchestrator.Common;

/// <summary>
/// Where a keyset page ended, as opaque base64url text: which part of a list made of several ordered parts (the
/// inbox: handed over, unanswered, recent; a plain list has one), the sort time of the last row shown, and how
/// many rows of exactly that time were already shown. Ties are rare, and a Guid has no order both databases
/// agree on, so ties are skipped by count instead of by id.
/// </summary>
public readonly record struct PageCursor(int Part, DateTimeOffset At, int Skip)
{
    private const int MaxParts = 8;

    /// <summary>The cursor after a page of <paramref name="part"/> whose rows' sort times were <paramref name="times"/> (in order).</summary>
    public static PageCursor After(int part, IReadOnlyList<DateTimeOffset> times, PageCursor? previous)
    {
        var last = times[^1];
        var tied = times.Count(t => t == last);
        // A page that is all one instant continues the previous page's count.
        var before = previous is { } p && p.Part == part && p.At == last && tied == times.Count ? p.Skip : 0;
        return new PageCursor(part, last, before + tied);
    }

    /// <summary>A list endpoint's <c>cursor</c> and <c>limit</c>; null when both are fine, else the 400 that says which is not.</summary>
    public static ProblemHttpResult? Read(string? cursor, int? limit, int maxLimit, out PageCursor? after)
    {
        after = null;
        if (cursor is { Length: > 0 })
        {
            if (!TryDecode(cursor, out var decoded))
                return Problems.Refused(StatusCodes.Status400BadRequest, "bad_cursor", "cursor must be a nextCursor this API returned.");
            after = decoded;
        }
        return limit is < 1 || limit > maxLimit
            ? Problems.Refused(StatusCodes.Status400BadRequest, "bad_limit", $"limit must be between 1 and {maxLimit}.")
            : null;
    }

    public string Encode() =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Part}:{At.UtcTicks}:{Skip}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out PageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
            return false;
        try
        {
            var b64 = text.Replace('-', '+').Replace('_', '/');
            var raw = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=')));
            var parts = raw.Split(':');
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var part) || part >= MaxParts
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
                || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
                return false;
            cursor = new PageCursor(part, new DateTimeOffset(ticks, TimeSpan.Zero), skip);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
