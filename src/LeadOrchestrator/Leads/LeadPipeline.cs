using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
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
/// The leads pipeline, read side: each lead's stage worked out in the query from what happened to it (so it can
/// never disagree with the lead page), filters, search and keyset pages, with counts per stage. The stage is the
/// furthest thing that is true, in this order: won in the shop, showed up, booked, needs a person, lost (opted
/// out, order archived, staff stopped, no way to reach them, or the cadence ran out without a reply), engaged
/// (the customer wrote), contacted (a touch went out), new.
/// </summary>
public sealed class LeadPipeline(AppDbContext db)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Stop reasons that mean the lead is lost (a lead stopped because it engaged or booked is not).</summary>
    private static readonly string[] LostReasons = [StopReasons.OptedOut, StopReasons.NoContact, StopReasons.StaffStopped, StopReasons.SpamComplaint];

    public sealed record LeadQuery(LeadStage? Stage, Guid? LocationId, string? Search, string? Service, DateOnly? From, DateOnly? To);

    /// <param name="LastActivityAt">The newest message, else the lead's last change.</param>
    /// <param name="StopReason">Why the cadence stopped (a lost lead's reason: opted_out, no_contact, …).</param>
    public sealed record LeadItem(Guid Id, string? FirstName, string? LastName, string? Phone, string? Email, string? Vehicle, string? Service,
        LeadStage Stage, string? StopReason, Guid? LocationId, DateTimeOffset CreatedAt, DateTimeOffset LastActivityAt, bool NeedsStaff,
        Guid? ConversationId, bool IsSample);

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
        public LeadStage Stage { get; init; }
    }

    /// <summary>Every lead of the tenant with its stage (the tenant filter applies; a location scope will too).</summary>
    private IQueryable<Row> Rows()
    {
        // Correlated subqueries, each on an index that matches more of its terms than the tenant's own indexes do
        // (sessions by lead, messages by session and role, appointments by lead and status, touches by lead):
        // without statistics SQLite's planner otherwise takes a tenant index and reads all of the tenant's rows
        // per lead. (Every subquery keeps the tenant filter: lifting it in one lifts it for the whole query.)
        var chatSessions = db.ChatSessions;
        var chatMessages = db.ChatMessages;
        var appointments = db.Appointments;
        var touchPoints = db.TouchPoints;
        return db.Leads.Select(l => new Row
        {
            Lead = l,
            ConversationId = chatSessions.Where(s => s.LeadId == l.Id).Select(s => (Guid?)s.Id).FirstOrDefault(),
            NeedsStaff = chatSessions.Any(s => s.LeadId == l.Id && s.NeedsStaff),
            LastMessageAt = chatSessions.Where(s => s.LeadId == l.Id).Select(s => s.LastMessageAt).FirstOrDefault(),
            Stage = l.ConvertedAt != null ? LeadStage.Won
                : appointments.Any(a => a.LeadId == l.Id && a.Status == AppointmentStatus.Completed) ? LeadStage.Showed
                : appointments.Any(a => a.LeadId == l.Id && (a.Status == AppointmentStatus.Booked || a.Status == AppointmentStatus.Rescheduled)) ? LeadStage.Booked
                : chatSessions.Any(s => s.LeadId == l.Id && s.NeedsStaff) ? LeadStage.NeedsStaff
                : l.OrderArchived || LostReasons.Contains(l.StopReason) || l.CadenceStatus == CadenceStatus.Completed
                    || l.SmsStopReason == StopReasons.OptedOut || l.EmailStopReason == StopReasons.OptedOut ? LeadStage.Lost
                : l.StopReason == StopReasons.Engaged
                    || chatSessions.Any(s => s.LeadId == l.Id && chatMessages.Any(m => m.SessionId == s.Id && m.Role == ChatRole.Customer)) ? LeadStage.Engaged
                : touchPoints.Any(t => t.LeadId == l.Id && t.SentAt != null) ? LeadStage.Contacted
                : LeadStage.New,
        });
    }

    public async Task<LeadPage> ListAsync(LeadQuery query, Cursor? cursor, int limit, CancellationToken ct)
    {
        var filtered = Filter(Rows(), query);
        var page = query.Stage is { } stage ? filtered.Where(r => r.Stage == stage) : filtered;
        if (cursor is { } c)
            page = page.Where(r => r.Lead.CreatedAt <= c.CreatedAt);
        var rows = await page.OrderByDescending(r => r.Lead.CreatedAt).ThenByDescending(r => r.Lead.Id)
            .Skip(cursor?.Skip ?? 0).Take(limit + 1).AsNoTracking().ToListAsync(ct);
        var items = rows.Take(limit).Select(Item).ToList();
        Cursor? next = rows.Count > limit ? Cursor.After(items, cursor) : null;
        var counts = (await filtered.GroupBy(r => r.Stage).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct)).ToDictionary(g => g.Key, g => g.Count);
        return new LeadPage(items, next?.Encode(), new StageCounts(
            counts.GetValueOrDefault(LeadStage.New), counts.GetValueOrDefault(LeadStage.Contacted), counts.GetValueOrDefault(LeadStage.Engaged),
            counts.GetValueOrDefault(LeadStage.NeedsStaff), counts.GetValueOrDefault(LeadStage.Booked), counts.GetValueOrDefault(LeadStage.Showed),
            counts.GetValueOrDefault(LeadStage.Won), counts.GetValueOrDefault(LeadStage.Lost)));
    }

    /// <summary>One lead with its stage, or null (another tenant's, or none).</summary>
    public async Task<LeadItem?> OneAsync(Guid leadId, CancellationToken ct) =>
        await Rows().Where(r => r.Lead.Id == leadId).AsNoTracking().FirstOrDefaultAsync(ct) is { } row ? Item(row) : null;

    private static LeadItem Item(Row r) =>
        new(r.Lead.Id, r.Lead.FirstName, r.Lead.LastName, r.Lead.Phone, r.Lead.Email, r.Lead.VehicleDescription, r.Lead.EstimateName,
            r.Stage, r.Stage == LeadStage.Lost ? LostReason(r.Lead) : r.Lead.StopReason, r.Lead.LocationId, r.Lead.CreatedAt,
            r.LastMessageAt is { } m && m > r.Lead.UpdatedAt ? m : r.Lead.UpdatedAt, r.NeedsStaff, r.ConversationId, r.Lead.IsSample);

    /// <summary>Why a lead is lost, in the stop reasons' words (an order archived in ShopMonkey, a cadence that ran out).</summary>
    private static string LostReason(Lead lead) =>
        lead.SmsStopReason == StopReasons.OptedOut || lead.EmailStopReason == StopReasons.OptedOut ? StopReasons.OptedOut
        : lead.OrderArchived ? "order_archived"
        : lead.StopReason is { } reason && LostReasons.Contains(reason) ? reason
        : "no_reply";

    // These expressions become SQL: ToLower() is the database's lower(), the same on SQLite and PostgreSQL (culture
    // overloads and StringComparison do not translate).
#pragma warning disable CA1304, CA1311, CA1862
    private static IQueryable<Row> Filter(IQueryable<Row> rows, LeadQuery q)
    {
        if (q.LocationId is { } location)
            rows = rows.Where(r => r.Lead.LocationId == location);
        if (q.From is { } from)
        {
            var since = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(r => r.Lead.CreatedAt >= since);
        }
        if (q.To is { } to)
        {
            var before = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            rows = rows.Where(r => r.Lead.CreatedAt < before);
        }
        if (q.Service is { Length: > 0 } service)
        {
            var s = service.ToLowerInvariant();
            rows = rows.Where(r => r.Lead.EstimateName != null && r.Lead.EstimateName.ToLower().Contains(s));
        }
        if (q.Search is { Length: > 0 } search)
            rows = Search(rows, search);
        return rows;
    }

    /// <summary>
    /// Name, email, vehicle or order number, by substring, any case; a phone number in any format ("(512) 555-0142",
    /// "512.555.0142", "0142") by its digits.
    /// </summary>
    private static IQueryable<Row> Search(IQueryable<Row> rows, string search)
    {
        var term = search.Trim().ToLowerInvariant();
        var digits = new string([.. term.Where(char.IsAsciiDigit)]);
        // "1 512 555 0142": the country code is in the stored +1 too, so the digits still match.
        var phone = digits.Length >= 4 && term.All(ch => char.IsAsciiDigit(ch) || " ()+-.".Contains(ch)) ? digits : null;
        if (phone is not null)
            return rows.Where(r => (r.Lead.Phone != null && r.Lead.Phone.Contains(phone)) || (r.Lead.ShopMonkeyOrderNumber != null && r.Lead.ShopMonkeyOrderNumber.Contains(phone)));
        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Every word must match something: "tim model 3" finds Tim's Model 3.
        foreach (var word in words.Take(5))
        {
            var w = word;
            rows = rows.Where(r =>
                (r.Lead.FirstName != null && r.Lead.FirstName.ToLower().Contains(w))
                || (r.Lead.LastName != null && r.Lead.LastName.ToLower().Contains(w))
                || (r.Lead.Email != null && r.Lead.Email.ToLower().Contains(w))
                || (r.Lead.VehicleMake != null && r.Lead.VehicleMake.ToLower().Contains(w))
                || (r.Lead.VehicleModel != null && r.Lead.VehicleModel.ToLower().Contains(w))
                || (r.Lead.ShopMonkeyOrderNumber != null && r.Lead.ShopMonkeyOrderNumber.ToLower().Contains(w)));
        }
        return rows;
    }
#pragma warning restore CA1304, CA1311, CA1862

    /// <summary>
    /// A page's end: the last lead's creation time, and how many leads of exactly that time were already shown (ties
    /// are rare, and a Guid has no order both databases agree on), as opaque base64url text.
    /// </summary>
    public readonly record struct Cursor(DateTimeOffset CreatedAt, int Skip)
    {
        internal static Cursor After(IReadOnlyList<LeadItem> items, Cursor? previous)
        {
            var last = items[^1].CreatedAt;
            var tied = items.Count(i => i.CreatedAt == last);
            // A page that is all one instant continues the previous page's count.
            var before = previous is { } p && p.CreatedAt == last && tied == items.Count ? p.Skip : 0;
            return new Cursor(last, before + tied);
        }

        public string Encode() =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{CreatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Skip.ToString(CultureInfo.InvariantCulture)}"))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static bool TryDecode(string? text, out Cursor cursor)
        {
            cursor = default;
            if (string.IsNullOrEmpty(text) || text.Length > 64)
                return false;
            try
            {
                var b64 = text.Replace('-', '+').Replace('_', '/');
                var raw = Encoding.UTF8.GetString(Convert.FromBase64String(b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=')));
                var parts = raw.Split(':');
                if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                    || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var skip)
                    || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
                    return false;
                cursor = new Cursor(new DateTimeOffset(ticks, TimeSpan.Zero), skip);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
