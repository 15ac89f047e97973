using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Audit;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Tenants.LocationEndpoints;

namespace LeadOrchestrator.Tests.Booking;

/// <summary>
/// A location's own booking rules, set by its manager in its settings: start times an hour apart, a day's notice, three
/// days ahead — and the free times offered (to staff and the assistant alike) follow them. Bad rules change nothing.
/// </summary>
public sealed class BookingRulesTests(PostgresServer postgres) : IAsyncDisposable
{
    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    public async Task ALocationsBookingRules_ShapeTheTimesOffered(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        using var manager = await h.Messaging.StaffClientAsync();
        var location = h.Messaging.Intake.LocationId;
        var ceramic = await h.ServiceIdAsync(ChatHarness.Ceramic);
        var lead = await h.Messaging.CreateLeadAsync();
        var now = h.App.Time.GetUtcNow();

        // The platform's rules first: half-hour starts, two hours' notice, a month ahead.
        var before = (await manager.GetFromJsonAsync<LocationSettings>($"/api/console/locations/{location}/settings", ApiJson.Options, Ct))!;
        Assert.Equal(new BookingRules(30, 15, 120, 30), before.Booking);
        Assert.Contains(await SlotsAsync(), s => s.Minute == 30);

        var bad = await manager.PutAsJsonAsync($"/api/console/locations/{location}/settings",
            new { booking = new { slotMinutes = 2, bufferMinutes = -1, minimumNoticeMinutes = 99_999, horizonDays = 0 } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.All(new[] { "booking.slotMinutes", "booking.bufferMinutes", "booking.minimumNoticeMinutes", "booking.horizonDays" },
            f => Assert.True(errors.TryGetProperty(f, out _), f));

        var saved = await manager.PutAsJsonAsync($"/api/console/locations/{location}/settings",
            new { booking = new { slotMinutes = 60, bufferMinutes = 0, minimumNoticeMinutes = 24 * 60, horizonDays = 3 } }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(new BookingRules(60, 0, 1440, 3), (await saved.Content.ReadFromJsonAsync<LocationSettings>(ApiJson.Options, Ct))!.Booking);

        var slots = await SlotsAsync();
        Assert.NotEmpty(slots);
        Assert.All(slots, s => Assert.Equal(0, s.Minute));
        Assert.All(slots, s => Assert.InRange(s, now.AddHours(24), now.AddDays(3)));
        var changes = await h.App.DbAsync(db => db.AuditLog.AcrossTenants().Where(a => a.SubjectId == location && a.Action == AuditActions.LocationChanged).Select(a => a.Details).ToListAsync());
        Assert.Contains(changes, d => d!.Contains("SlotMinutes", StringComparison.OrdinalIgnoreCase));

        async Task<List<DateTimeOffset>> SlotsAsync()
        {
            var from = DateOnly.FromDateTime(now.UtcDateTime);
            var view = await manager.GetFromJsonAsync<JsonElement>($"/api/console/leads/{lead.Id}/slots?serviceId={ceramic}&from={from:yyyy-MM-dd}&to={from.AddDays(40):yyyy-MM-dd}", Ct);
            return view.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start").GetDateTimeOffset()).ToList();
        }
    }
}
