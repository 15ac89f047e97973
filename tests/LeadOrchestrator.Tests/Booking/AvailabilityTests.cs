using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Booking;

/// <summary>
/// Free slots through <c>GET /api/chat/{leadId}/slots</c>: the shop's hours, bays, job length, buffer,
/// notice, horizon and existing appointments, in the shop's zone across DST. The demo shop: Mon–Fri
/// 8–18, Sat 9–15, Sun closed; it is Tuesday Nov 24 2026, 10:00 in Round Rock.
/// </summary>
public abstract class AvailabilityTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private ChatHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private async Task<(HttpStatusCode Status, JsonElement Body)> SlotsAsync(Guid leadId, string token, string query)
    {
        var response = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{leadId}/slots?{query}", token), Ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct));
    }

    private static List<string> Labels(JsonElement body) => [.. body.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("label").GetString()!)];

    [Fact]
    public async Task Slots_FollowTheHours_TheNotice_AndTheJobsLength()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);

        var (status, today) = await SlotsAsync(lead.Id, token, $"serviceId={ceramic}&from=2026-11-24&to=2026-11-24");

        Assert.Equal(HttpStatusCode.OK, status);
        // Two hours' notice from 10:00; a 3-hour job must end by the 18:00 close.
        Assert.Equal(["Tue Nov 24, 12:00 pm", "Tue Nov 24, 12:30 pm", "Tue Nov 24, 1:00 pm", "Tue Nov 24, 1:30 pm", "Tue Nov 24, 2:00 pm", "Tue Nov 24, 2:30 pm", "Tue Nov 24, 3:00 pm"], Labels(today));
        var first = today.GetProperty("slots")[0];
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero), first.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 21, 0, 0, TimeSpan.Zero), first.GetProperty("end").GetDateTimeOffset());
        Assert.Equal(("America/Chicago", "$399", 180), (today.GetProperty("timeZone").GetString(), today.GetProperty("service").GetProperty("price").GetString(), today.GetProperty("service").GetProperty("durationMinutes").GetInt32()));

        var (_, weekend) = await SlotsAsync(lead.Id, token, $"serviceId={ceramic}&from=2026-11-28&to=2026-11-29");
        Assert.Equal(7, Labels(weekend).Count); // Saturday 9:00–12:00 starts; Sunday closed
        Assert.All(Labels(weekend), l => Assert.StartsWith("Sat Nov 28", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BookedBays_AndTheirBuffer_AreNotOfferedAgain()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);
        // Saturday 9:00–12:00 local (15:00–18:00 UTC) is taken once: with two bays, still free.
        var (first, _) = await H.LeadWithTokenAsync(phone: "(512) 555-0101");
        await AddAppointmentAsync(first.Id, ceramic, new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero), 180);
        Assert.Equal(7, Labels((await SlotsAsync(lead.Id, token, $"serviceId={ceramic}&from=2026-11-28&to=2026-11-28")).Body).Count);

        // Taken twice (by another customer): every start whose job (plus 15 minutes' buffer) would overlap 9:00–12:15 is gone.
        var (other, _) = await H.LeadWithTokenAsync(phone: "(512) 555-0100");
        await AddAppointmentAsync(other.Id, ceramic, new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero), 180);
        Assert.Empty(Labels((await SlotsAsync(lead.Id, token, $"serviceId={ceramic}&from=2026-11-28&to=2026-11-28")).Body));
        var sunStrip = await H.ServiceIdAsync(ChatHarness.SunStrip);
        Assert.Equal(["Sat Nov 28, 12:30 pm", "Sat Nov 28, 1:00 pm", "Sat Nov 28, 1:30 pm", "Sat Nov 28, 2:00 pm", "Sat Nov 28, 2:30 pm"],
            Labels((await SlotsAsync(lead.Id, token, $"serviceId={sunStrip}&from=2026-11-28&to=2026-11-28")).Body)[..5]);

        // A cancelled appointment frees its bay.
        await H.App.DbAsync(db => db.Appointments.AcrossTenants().Take(1).ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AppointmentStatus.Cancelled)));
        Assert.Equal(7, Labels((await SlotsAsync(lead.Id, token, $"serviceId={ceramic}&from=2026-11-28&to=2026-11-28")).Body).Count);
    }

    [Fact]
    public async Task ALeadsOwnAppointment_CountsAsFree_InItsSlots_SinceItCanOnlyMoveIt()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var (other, otherToken) = await H.LeadWithTokenAsync(phone: "(512) 555-0100");
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);
        var saturday = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
        await AddAppointmentAsync(lead.Id, ceramic, saturday, 180);
        await AddAppointmentAsync(other.Id, ceramic, saturday, 180); // both bays taken 9:00–12:15

        // Each may move to any Saturday start: their own bay is theirs to give up. A third customer sees none.
        Assert.Equal(7, Labels((await SlotsAsync(lead.Id, token, $"serviceId={ceramic}&from=2026-11-28&to=2026-11-28")).Body).Count);
        Assert.Equal(7, Labels((await SlotsAsync(other.Id, otherToken, $"serviceId={ceramic}&from=2026-11-28&to=2026-11-28")).Body).Count);
        var (third, thirdToken) = await H.LeadWithTokenAsync(phone: "(512) 555-0101");
        Assert.Empty(Labels((await SlotsAsync(third.Id, thirdToken, $"serviceId={ceramic}&from=2026-11-28&to=2026-11-28")).Body));
    }

    [Theory]
    [InlineData("", "missing_service")]
    [InlineData("serviceId={unknown}", "unknown_service")]
    [InlineData("serviceId={ceramic}&from=2026-11-30&to=2026-11-29", "bad_range")]
    [InlineData("serviceId={ceramic}&from=2026-11-01&to=2026-11-10", "in_the_past")]
    [InlineData("serviceId={ceramic}&from=2027-02-01", "beyond_horizon")]
    [InlineData("serviceId={unbookable}", "not_bookable")]
    [InlineData("serviceId={twoDays}", "multi_day")]
    public async Task BadRequests_Are400_WithAReason(string query, string code)
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var ids = await H.App.DbAsync(async db =>
        {
            var now = H.App.Time.GetUtcNow();
            var unbookable = new ServiceCatalogItem { Id = Guid.NewGuid(), TenantId = H.Messaging.TenantId, Name = "Fleet quote", PriceCents = 100, DurationMinutes = 60, Bookable = false, UpdatedAt = now };
            var twoDays = new ServiceCatalogItem { Id = Guid.NewGuid(), TenantId = H.Messaging.TenantId, Name = "Full wrap", PriceCents = 300_000, DurationMinutes = 16 * 60, Bookable = true, UpdatedAt = now };
            db.ServiceCatalog.AddRange(unbookable, twoDays);
            await db.SaveChangesAsync();
            return (unbookable.Id, twoDays.Id);
        });
        query = query.Replace("{unknown}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
            .Replace("{ceramic}", (await H.ServiceIdAsync(ChatHarness.Ceramic)).ToString(), StringComparison.Ordinal)
            .Replace("{unbookable}", ids.Item1.ToString(), StringComparison.Ordinal)
            .Replace("{twoDays}", ids.Item2.ToString(), StringComparison.Ordinal);

        var (status, body) = await SlotsAsync(lead.Id, token, query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData("from=0001-01-01&to=9999-12-31")]
    [InlineData("to=9999-12-31")]
    [InlineData("from=2026-11-20&to=2026-11-25")]
    public async Task ExtremeDateRanges_AreCutToTheBookableDays_NotAnError(string range)
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);

        var (status, body) = await SlotsAsync(lead.Id, token, $"serviceId={ceramic}&{range}");

        Assert.Equal(HttpStatusCode.OK, status);
        var starts = body.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start").GetDateTimeOffset()).ToList();
        Assert.NotEmpty(starts);
        Assert.All(starts, s => Assert.InRange(s, H.App.Time.GetUtcNow(), H.App.Time.GetUtcNow().AddDays(31)));
    }

    [Fact]
    public async Task Slots_NeedTheLeadsOwnChatToken()
    {
        var (lead, _) = await H.LeadWithTokenAsync();
        var (_, otherToken) = await H.LeadWithTokenAsync(phone: "(512) 555-0100");
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);
        Assert.Equal(HttpStatusCode.Unauthorized, (await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/slots?serviceId={ceramic}", null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/slots?serviceId={ceramic}", otherToken), Ct)).StatusCode);
    }

    [Fact]
    public async Task TheOfflineAssistant_OffersRealFreeSlots_InTheCustomersWords()
    {
        var (lead, token) = await H.LeadWithTokenAsync();

        var reply = await H.AskAsync(lead.Id, token, "can I come in Saturday morning for ceramic tint?");

        Assert.Equal(["find_available_slots"], reply.Tools);
        Assert.Contains("Free times for Ceramic Window Tint - Full Sedan (about 3 h): Sat Nov 28, 9:00 am; Sat Nov 28, 9:30 am.", reply.Response, StringComparison.Ordinal);
    }

    private Task AddAppointmentAsync(Guid leadId, Guid serviceId, DateTimeOffset start, int minutes) =>
        H.App.DbAsync(async db =>
        {
            var lead = await db.Leads.AcrossTenants().SingleAsync(l => l.Id == leadId);
            db.Appointments.Add(new Appointment
            {
                Id = Guid.NewGuid(), TenantId = lead.TenantId, LeadId = leadId, LocationId = lead.LocationId!.Value, ServiceId = serviceId,
                StartsAt = start, EndsAt = start.AddMinutes(minutes), Status = AppointmentStatus.Booked,
                CreatedAt = H.App.Time.GetUtcNow(), UpdatedAt = H.App.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        });
}

public sealed class AvailabilityTests_Sqlite(PostgresServer postgres) : AvailabilityTests(DatabaseKind.Sqlite, postgres);

public sealed class AvailabilityTests_Postgres(PostgresServer postgres) : AvailabilityTests(DatabaseKind.Postgres, postgres);

/// <summary>Wall-clock slots on the days the clocks change in Round Rock.</summary>
public sealed class AvailabilityDstTests(PostgresServer postgres) : IAsyncDisposable
{
    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    // Fall back (Nov 1 2026): 1:00 and 1:30 happen twice; each is offered once, the first time (CDT).
    [InlineData("2026-10-25T15:00:00Z", "2026-11-01", new[] { "05:00", "05:30", "06:00", "06:30", "08:00", "08:30", "09:00", "09:30" })]
    // Spring forward (Mar 14 2027): 2:00 and 2:30 do not exist and are not offered.
    [InlineData("2027-03-01T15:00:00Z", "2027-03-14", new[] { "06:00", "06:30", "07:00", "07:30", "08:00", "08:30" })]
    public async Task NightSlotsOnAClockChange_AreRealInstants(string now, string day, string[] utcStarts)
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres, start: DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        await _h.App.DbAsync(async db =>
        {
            db.LocationHours.Add(new LocationHours { TenantId = _h.Messaging.TenantId, LocationId = _h.Messaging.Intake.LocationId, Date = date, Opens = new(0, 0), Closes = new(4, 0), Note = "night shift" });
            await db.SaveChangesAsync();
        });
        var (lead, token) = await _h.LeadWithTokenAsync();
        var sunStrip = await _h.ServiceIdAsync(ChatHarness.SunStrip);

        var response = await _h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/slots?serviceId={sunStrip}&from={day}&to={day}", token), Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct);

        Assert.Equal(utcStarts, body.GetProperty("slots").EnumerateArray().Select(s => s.GetProperty("start").GetDateTimeOffset().UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
