using System.Globalization;
using System.Text;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Audit;

/// <summary>
/// <c>GET /api/console/audit</c>: who changed what, newest first, for managers (their locations' rows) and owners (all,
/// and the tenant's own settings); filtered by action, actor type, subject, lead and time; as JSON pages or one CSV file.
/// </summary>
public static class AuditEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    /// <summary>A CSV export holds at most this many rows (the newest); narrow the dates for more.</summary>
    public const int MaxExport = 50_000;

    /// <param name="ActorName">The colleague's name, for a staff actor.</param>
    /// <param name="Details">What changed, as recorded (JSON).</param>
    public sealed record AuditView(long Id, DateTimeOffset At, AuditActorType ActorType, Guid? ActorId, string? ActorName, string Action,
        string? SubjectType, Guid? SubjectId, Guid? LeadId, Guid? LocationId, JsonElement? Details);

    public sealed record AuditPage(IReadOnlyList<AuditView> Entries, string? NextCursor);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        // The JSON page is the documented answer; format=csv answers the same rows as a text/csv file.
        app.MapConsoleApi().RequireStaff(StaffPolicies.Manager).MapGet("/audit", ListAsync).WithName("ListAuditLog");
        return app;
    }

    /// <param name="action">An action, e.g. <c>conversation.taken_over</c>; or a subject's actions, e.g. <c>appointment.</c>.</param>
    /// <param name="actorType">staff, operator, system, assistant, customer or provider.</param>
    /// <param name="subjectId">The lead, conversation, appointment, colleague… the change was to.</param>
    /// <param name="leadId">Every change that concerns this lead (its conversation and appointments too).</param>
    /// <param name="from">At or after (an instant, ISO 8601).</param>
    /// <param name="to">Before.</param>
    /// <param name="format">csv for a file of every matching row (up to 50,000); JSON pages otherwise.</param>
    internal static async Task<Results<Ok<AuditPage>, FileContentHttpResult, ProblemHttpResult>> ListAsync(string? action, string? actorType, Guid? subjectId,
        Guid? leadId, DateTimeOffset? from, DateTimeOffset? to, string? format, string? cursor, int? limit, AppDbContext db, CancellationToken ct)
    {
        AuditActorType? actor = null;
        if (actorType is { Length: > 0 })
        {
            if (!EnumNames.TryParse<AuditActorType>(actorType, out var parsed))
                return Problems.Refused(StatusCodes.Status400BadRequest, "bad_actor_type", $"actorType must be one of: {string.Join(", ", EnumNames.All<AuditActorType>())}.");
            actor = parsed;
        }
        if (action is { Length: > 64 })
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_action", "action is at most 64 characters.");
        if (from is { } f && to is { } t && t < f)
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_dates", "to must not be before from.");
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (format is { Length: > 0 } && !csv && format != "json")
            return Problems.Refused(StatusCodes.Status400BadRequest, "bad_format", "format is csv or json.");
        if (PageCursor.Read(cursor, limit, MaxLimit, out var after) is { } badPage)
            return badPage;

        var rows = db.Set<AuditEntry>().AsNoTracking();
        if (action is { Length: > 0 })
            rows = action.EndsWith('.') ? rows.Where(e => e.Action.StartsWith(action)) : rows.Where(e => e.Action == action);
        if (actor is { } a)
            rows = rows.Where(e => e.ActorType == a);
        if (subjectId is { } s)
            rows = rows.Where(e => e.SubjectId == s);
        if (leadId is { } l)
            rows = rows.Where(e => e.LeadId == l);
        if (from is { } since)
            rows = rows.Where(e => e.At >= since);
        if (to is { } until)
            rows = rows.Where(e => e.At < until);
        if (after is { } c)
            rows = rows.Where(e => e.At <= c.At);
        var take = csv ? MaxExport : limit ?? DefaultLimit;
        var page = await rows.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(after?.Skip ?? 0).Take(take + 1).ToListAsync(ct);
        var shown = page.Take(take).ToList();
        var actorIds = shown.Where(e => e.ActorType == AuditActorType.Staff && e.ActorId != null).Select(e => e.ActorId!.Value).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var views = shown.Select(e => new AuditView(e.Id, e.At, e.ActorType, e.ActorId, e.ActorId is { } id ? names.GetValueOrDefault(id) : null, e.Action,
            e.SubjectType, e.SubjectId, e.LeadId, e.LocationId, e.Details is null ? null : JsonDocument.Parse(e.Details).RootElement.Clone())).ToList();
        if (csv)
            return TypedResults.File(Encoding.UTF8.GetBytes(Csv(views)), "text/csv; charset=utf-8", "audit-log.csv");
        PageCursor? next = page.Count > take ? PageCursor.After(0, [.. shown.Select(e => e.At)], after) : null;
        return TypedResults.Ok(new AuditPage(views, next?.Encode()));
    }

    private static string Csv(List<AuditView> rows)
    {
        var text = new StringBuilder("at,actor_type,actor_id,actor,action,subject_type,subject_id,lead_id,location_id,details\r\n");
        foreach (var r in rows)
        {
            string[] cells =
            [
                r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), EnumNames.Of(r.ActorType), r.ActorId?.ToString() ?? "",
                r.ActorName ?? "", r.Action, r.SubjectType ?? "", r.SubjectId?.ToString() ?? "", r.LeadId?.ToString() ?? "", r.LocationId?.ToString() ?? "",
                r.Details?.GetRawText() ?? "",
            ];
            text.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
        }
        return text.ToString();
    }

    /// <summary>
    /// One CSV cell (RFC 4180 quoting). A cell a spreadsheet would run as a formula (=, +, -, @, tab, return) gets a
    /// leading apostrophe: a colleague's name is typed by people, and the file is opened in Excel.
    /// </summary>
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
