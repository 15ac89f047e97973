using System.Text.Json.Serialization;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Leads;

/// <summary>Where a lead stands, as the pipeline board shows it (one column each).</summary>
public enum LeadStage
{
    New,
    Contacted,
    Engaged,
    NeedsStaff,
    Booked,
    Showed,
    Won,
    Lost,
}

/// <summary>
/// The leads pipeline, read side: filters, search and keyset pages, with counts per stage. Each lead's stage is the
/// stored result of the stage rule (<see cref="LeadStages"/>, the same rule the lead page shows), so a stage filter
/// and the counts read one indexed column.
/// </summary>
public sealed class LeadPipeline(AppDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public sealed record LeadQuery(LeadStage? Stage, Guid? LocationId, string? Search, string? Service, DateOnly? From, DateOnly? To);

    /// <param name="LastActivityAt">The newest message, else the lead's last change.</param>
    /// <param name="StopReason">Why the cadence stopped (a lost lead's reason: opted_out, no_contact, …).</param>
    /// <param name="Erased">The customer's data was erased at their request (no name, number or address is left).</param>
    public sealed record LeadItem(Guid Id, string? FirstName, string? LastName, string? Phone, string? Email, string? Vehicle, string? Service,
        LeadStage Stage, string? StopReason, Guid? LocationId, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, bool NeedsStaff,
        Guid? ConversationId, bool IsSample, bool Erased);

    /// <summary>Leads per stage under the same filters and search (the stage filter aside), for the board's column heads.</summary>
    public sealed record StageCounts(int New, int Contacted, int Engaged,
        [property: JsonPropertyName("needs_staff")] int NeedsStaff, int Booked, int Showed, int Won, int Lost);

    public sealed record LeadPage(IReadOnlyList<LeadItem> Items, string? NextCursor, StageCounts Counts);

    private sealed class Row
    {
        public required Lead Lead { get; init; }
        public Guid? ConversationId { get; init; }
        public bool NeedsStaff { get; init; }
        public DateTimeOffset? LastMessageAt { get; init; }
    }

    /// <summary>A page's leads with their conversation (one session per lead, found by its unique lead index).</summary>
    private IQueryable<Row> Rows(IQueryable<Lead> leads)
    {
        var chatSessions = db.ChatSessions;
        return leads.Select(l => new Row
        {
            Lead = l,
            ConversationId = chatSessions.Where(s => s.LeadId == l.Id).Select(s => (Guid?)s.Id).FirstOrDefault(),
            NeedsStaff = chatSessions.Any(s => s.LeadId == l.Id && s.NeedsStaff),
            LastMessageAt = chatSessions.Where(s => s.LeadId == l.Id).Select(s => s.LastMessageAt).FirstOrDefault(),
        });
    }

    public async Task<LeadPage> ListAsync(LeadQuery query, PageCursor? cursor, int limit, CancellationToken ct)
    {
        // The tenant filter applies to every lead read here, and a scoped colleague's location filter.
        var filtered = Filter(db.Leads, query);
        var page = query.Stage is { } stage ? filtered.Where(l => l.Stage == stage) : filtered;
        if (cursor is { } c)
            page = page.Where(l => l.CreatedAt <= c.At);
        page = page.OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Skip(cursor?.Skip ?? 0).Take(limit + 1);
        var rows = await Rows(page).AsNoTracking().ToListAsync(ct);
        var items = rows.Take(limit).Select(Item).ToList();
        PageCursor? next = rows.Count > limit ? PageCursor.After(0, [.. items.Select(i => i.CreatedAt)], cursor) : null;
        var counts = (await filtered.GroupBy(l => l.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(g => g.Key, g => g.Count);
        return new LeadPage(items, next?.Encode(), new StageCounts(
            counts.GetValueOrDefault(LeadStage.New), counts.GetValueOrDefault(LeadStage.Contacted), counts.GetValueOrDefault(LeadStage.Engaged),
            counts.GetValueOrDefault(LeadStage.NeedsStaff), counts.GetValueOrDefault(LeadStage.Booked), counts.GetValueOrDefault(LeadStage.Showed),
            counts.GetValueOrDefault(LeadStage.Won), counts.GetValueOrDefault(LeadStage.Lost)));
    }

    /// <summary>One lead with its stage, or null (another tenant's, or none).</summary>
    public async Task<LeadItem?> OneAsync(Guid leadId, CancellationToken ct) =>
        await Rows(db.Leads.Where(l => l.Id == leadId)).AsNoTracking().FirstOrDefaultAsync(ct) is { } row ? Item(row) : null;

    private static LeadItem Item(Row r)
    {
        var l = r.Lead;
        return new(l.Id, l.FirstName, l.LastName, l.Phone, l.Email, l.VehicleDescription, l.EstimateName,
            l.Stage, l.Stage == LeadStage.Lost ? LostReason(l) : l.StopReason, l.LocationId, l.CreatedAt,
            r.LastMessageAt is { } m && m > l.UpdatedAt ? m : l.UpdatedAt, r.NeedsStaff, r.ConversationId, l.IsSample, l.ErasedAt != null);
    }

    /// <summary>Why a lead is lost, in the stop reasons' words (an order archived in ShopMonkey, a cadence that ran out).</summary>
    private static string LostReason(Lead lead) =>
        lead.SmsStopReason == StopReasons.OptedOut || lead.EmailStopReason == StopReasons.OptedOut ? StopReasons.OptedOut
        : lead.OrderArchived ? "order_archived"
        : lead.StopReason is { } reason && LeadStages.LostReasons.Contains(reason) ? reason
        : "no_reply";

    // These expressions become SQL: ToLower() is the database's lower(), the same on SQLite and PostgreSQL (culture
    // overloads and StringComparison do not translate).
#pragma warning disable CA1304, CA1311, CA1862
    private static IQueryable<Lead> Filter(IQueryable<Lead> rows, LeadQuery q)
    {
        if (q.LocationId is { } location)
            rows = rows.Where(r => r.LocationId == location);
        if (q.From is { } from)
        {
            var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(r => r.CreatedAt >= since);
        }
        if (q.To is { } to)
        {
            var before = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(r => r.CreatedAt < before);
        }
        if (q.Service is { Length: > 0 } service)
        {
            var s = service.ToLowerInvariant();
            rows = rows.Where(r => r.EstimateName != null && r.EstimateName.ToLower().Contains(s));
        }
        if (q.Search is { Length: > 0 } search)
            rows = Search(rows, search);
        return rows;
    }

    /// <summary>
    /// Name, email, vehicle or order number, by substring, any case; a phone number in any format ("(512) 555-0142",
    /// "512.555.0142", "0142") by its digits.
    /// </summary>
    private static IQueryable<Lead> Search(IQueryable<Lead> rows, string search)
    {
        var term = search.Trim().ToLowerInvariant();
        var digits = new string([.. term.Where(char.IsAsciiDigit)]);
        // "1 512 555 0142": the country code is in the stored +1 too, so the digits still match.
        var phone = digits.Length >= 4 && term.All(ch => char.IsAsciiDigit(ch) || " ()+-.".Contains(ch)) ? digits : null;
        if (phone is not null)
            return rows.Where(r => (r.Phone != null && r.Phone.Contains(phone)) || (r.ShopMonkeyOrderNumber != null && r.ShopMonkeyOrderNumber.Contains(phone)));
        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Every word must match something: "tim model 3" finds Tim's Model 3.
        foreach (var word in words.Take(5))
        {
            var w = word;
            rows = rows.Where(r =>
                (r.FirstName != null && r.FirstName.ToLower().Contains(w))
                || (r.LastName != null && r.LastName.ToLower().Contains(w))
                || (r.Email != null && r.Email.ToLower().Contains(w))
                || (r.VehicleMake != null && r.VehicleMake.ToLower().Contains(w))
                || (r.VehicleModel != null && r.VehicleModel.ToLower().Contains(w))
                || (r.ShopMonkeyOrderNumber != null && r.ShopMonkeyOrderNumber.ToLower().Contains(w)));
        }
        return rows;
    }
#pragma warning restore CA1304, CA1311, CA1862
}
