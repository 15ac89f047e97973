using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Booking;

/// <summary>
/// <c>POST /api/chat/{leadId}/appointments</c>: a free slot is booked once, bays are never exceeded
/// however many race for them, and every refusal says why. Tuesday Nov 24 2026, 10:00 in Round Rock.
/// </summary>
public abstract class BookingTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Saturday Nov 28, 9:00 in Round Rock.</summary>
    private static readonly DateTimeOffset SaturdayNine = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    private ChatHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres);

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private static Task<HttpResponseMessage> BookAsync(TestApp app, Guid leadId, string token, Guid serviceId, DateTimeOffset start) =>
        app.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{leadId}/appointments", token, new { serviceId, start }), Ct);

    [Fact]
    public async Task Booking_TakesTheSlot_StopsTheCadence_AndLeavesTheOtherBay()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);

        var response = await BookAsync(H.App, lead.Id, token, ceramic, SaturdayNine);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var view = (await response.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!;
        Assert.Equal(("Sat Nov 28, 9:00 am", AppointmentStatus.Booked, SaturdayNine.AddHours(3)), (view.Label, view.Status, view.End));
        var stored = await H.App.DbAsync(db => db.Appointments.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((lead.Id, SaturdayNine), (stored.LeadId, stored.StartsAt));
        var after = await H.Messaging.LeadAsync(lead.Id);
        Assert.Equal((CadenceStatus.Stopped, StopReasons.Booked), (after.CadenceStatus, after.StopReason));
        // Two bays: the same time is still free once.
        var slots = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/slots?serviceId={ceramic}&from=2026-11-28&to=2026-11-28", token), Ct);
        Assert.Contains("Sat Nov 28, 9:00 am", await slots.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var again = await BookAsync(H.App, lead.Id, token, ceramic, SaturdayNine.AddDays(2));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already_booked", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATimePickedFromTheAssistantsOffer_IsBookedInTheShopsZone_NotTheServers()
    {
        var (lead, token) = await H.LeadWithTokenAsync();

        var offer = await H.AskAsync(lead.Id, token, "Do you have 1pm on Friday December 4 for ceramic tint?");
        Assert.Contains("Fri Dec 4, 1:00 pm", offer.Response, StringComparison.Ordinal);
        var booked = await H.AskAsync(lead.Id, token, "the 1:00 one");

        // .NET parses "Fri Dec 4, 1:00 pm" as 16:01 on the server's own clock (UTC): the label must be looked up among the
        // shop's free times instead, in its zone.
        Assert.Contains("Booked", booked.Response, StringComparison.Ordinal);
        var appointment = await H.App.DbAsync(db => db.Appointments.AcrossTenants().AsNoTracking().SingleAsync(a => a.LeadId == lead.Id));
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 19, 0, 0, TimeSpan.Zero), appointment.StartsAt);
    }

    [Theory]
    [InlineData(0, 10, "not_a_slot")] // 9:10 is not a start time we offer
    [InlineData(1, 0, "not_a_slot")] // Sunday: closed
    [InlineData(-5, 0, "in_the_past")]
    public async Task TimesThatAreNotSlots_Are400_AndBookNothing(int days, int minutes, string code)
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);

        var response = await BookAsync(H.App, lead.Id, token, ceramic, SaturdayNine.AddDays(days).AddMinutes(minutes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct)).GetProperty("code").GetString());
        Assert.Empty(await H.App.DbAsync(db => db.Appointments.AcrossTenants().ToListAsync()));
        Assert.Equal(CadenceStatus.Active, (await H.Messaging.LeadAsync(lead.Id)).CadenceStatus);
    }

    [Fact]
    public async Task OneCustomer_BookingSeveralDaysAtOnce_GetsExactlyOneAppointment()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);

        // Monday to Saturday 9:00: different days take different locks; the database allows one active appointment.
        var responses = await Task.WhenAll(Enumerable.Range(2, 6).Select(d => BookAsync(H.App, lead.Id, token, ceramic, SaturdayNine.AddDays(d))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal(BookingOutcome.AlreadyBooked, (await refused.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct)).GetProperty("code").GetString());
        }
        Assert.Single(await H.App.DbAsync(db => db.Appointments.AcrossTenants().ToListAsync()));
    }

    [Fact]
    public async Task ManyRacingForTheLastBay_ExactlyOneWins_AndTheOthersGetTheNextFreeTimes()
    {
        await H.App.DbAsync(db => db.Locations.AcrossTenants().ExecuteUpdateAsync(u => u.SetProperty(l => l.BayCapacity, 1)));
        var ceramic = await H.ServiceIdAsync(ChatHarness.Ceramic);
        var bookers = new List<(Guid Lead, string Token)>();
        for (var i = 0; i < 12; i++)
        {
            var (lead, token) = await H.LeadWithTokenAsync(phone: $"(512) 555-02{i:D2}");
            bookers.Add((lead.Id, token));
        }
        // On PostgreSQL half of them go through a second instance of the app on the same database.
        await using var twin = kind == DatabaseKind.Postgres ? TestApp.Start(H.App.Database, H.App.Time, H.App.Settings) : null;

        var responses = await Task.WhenAll(bookers.Select((b, i) => BookAsync(twin is not null && i % 2 == 1 ? twin : H.App, b.Lead, b.Token, ceramic, SaturdayNine)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        var loser = await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct);
        Assert.Equal("slot_taken", loser.GetProperty("code").GetString());
        var alternatives = loser.GetProperty("alternatives").EnumerateArray().ToList();
        Assert.NotEmpty(alternatives);
        Assert.All(alternatives, a => Assert.True(a.GetProperty("start").GetDateTimeOffset() > SaturdayNine));
        Assert.Single(await H.App.DbAsync(db => db.Appointments.AcrossTenants().Where(a => a.Status == AppointmentStatus.Booked).ToListAsync()));
    }

    [Fact]
    public async Task TheOfflineAssistant_OffersSlots_ThenBooksTheOneTheCustomerPicks()
    {
        var (lead, token) = await H.LeadWithTokenAsync();

        var offer = await H.AskAsync(lead.Id, token, "can I come in Saturday morning for ceramic tint?");
        var booked = await H.AskAsync(lead.Id, token, "the second one please");

        Assert.Contains("Sat Nov 28, 9:30 am", offer.Response, StringComparison.Ordinal);
        Assert.Equal(["book_appointment"], booked.Tools);
        Assert.StartsWith("Booked: Ceramic Window Tint - Full Sedan on Sat Nov 28, 9:30 am at acme Round Rock, 1 Main St", booked.Response, StringComparison.Ordinal);
        var appointment = await H.App.DbAsync(db => db.Appointments.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((lead.Id, SaturdayNine.AddMinutes(30)), (appointment.LeadId, appointment.StartsAt));
    }

    [Theory]
    [InlineData("the 9:30 one")]
    [InlineData("9:30 works, thanks")]
    [InlineData("book the second one")]
    public async Task TheOfflineAssistant_BooksATimeNamedByItsHour_OrItsPlace(string pick)
    {
        var (lead, token) = await H.LeadWithTokenAsync();

        await H.AskAsync(lead.Id, token, "can I come in Saturday morning for ceramic tint?");
        var booked = await H.AskAsync(lead.Id, token, pick);

        Assert.Equal(["book_appointment"], booked.Tools);
        var appointment = await H.App.DbAsync(db => db.Appointments.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((lead.Id, SaturdayNine.AddMinutes(30)), (appointment.LeadId, appointment.StartsAt));
    }
}

public sealed class BookingTests_Sqlite(PostgresServer postgres) : BookingTests(DatabaseKind.Sqlite, postgres);

public sealed class BookingTests_Postgres(PostgresServer postgres) : BookingTests(DatabaseKind.Postgres, postgres);

/// <summary>Moving and cancelling: through the API and through the assistant.</summary>
public sealed class RescheduleAndCancelTests(PostgresServer postgres) : IAsyncDisposable
{
    private static readonly DateTimeOffset SaturdayNine = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);
    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    private async Task<(ChatHarness H, Guid Lead, string Token, Guid Appointment)> BookedAsync(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (lead, token) = await h.LeadWithTokenAsync();
        var ceramic = await h.ServiceIdAsync(ChatHarness.Ceramic);
        var response = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token, new { serviceId = ceramic, start = SaturdayNine }), Ct);
        var view = (await response.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!;
        return (h, lead.Id, token, view.Id);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Reschedule_MovesIt_AndCancel_FreesTheBay(DatabaseKind kind)
    {
        var (h, lead, token, id) = await BookedAsync(kind);
        await h.App.DbAsync(db => db.Locations.AcrossTenants().ExecuteUpdateAsync(u => u.SetProperty(l => l.BayCapacity, 1)));

        // Its own bay counts as free: half an hour later overlaps itself and is still allowed.
        var moved = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead}/appointments/{id}/reschedule", token, new { start = SaturdayNine.AddMinutes(30) }), Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var view = (await moved.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!;
        Assert.Equal(("Sat Nov 28, 9:30 am", AppointmentStatus.Rescheduled), (view.Label, view.Status));

        var cancel = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead}/appointments/{id}/cancel", token), Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        Assert.Equal(AppointmentStatus.Cancelled, (await cancel.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead}/appointments/{id}/cancel", token), Ct)).StatusCode);
        var slots = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead}/slots?serviceId={await h.ServiceIdAsync(ChatHarness.Ceramic)}&from=2026-11-28&to=2026-11-28", token), Ct);
        Assert.Contains("Sat Nov 28, 9:30 am", await slots.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // A cancelled appointment cannot be moved; another lead's cannot be touched at all.
        var again = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead}/appointments/{id}/reschedule", token, new { start = SaturdayNine }), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var (other, otherToken) = await h.LeadWithTokenAsync(phone: "(512) 555-0100");
        Assert.Equal(HttpStatusCode.NotFound, (await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{other.Id}/appointments/{id}/cancel", otherToken), Ct)).StatusCode);
    }

    [Fact]
    public async Task TheAssistant_MovesAndCancels_OnlyThisCustomersAppointment()
    {
        var (h, lead, token, _) = await BookedAsync(DatabaseKind.Sqlite);

        var offer = await h.AskAsync(lead, token, "can I reschedule to Monday morning?");
        var moved = await h.AskAsync(lead, token, "the first one");
        var cancelled = await h.AskAsync(lead, token, "actually please cancel my appointment");

        Assert.Contains("Mon Nov 30, 8:00 am", offer.Response, StringComparison.Ordinal);
        Assert.StartsWith("Moved: Ceramic Window Tint - Full Sedan on Mon Nov 30, 8:00 am", moved.Response, StringComparison.Ordinal);
        Assert.Equal(["cancel_appointment"], cancelled.Tools);
        Assert.StartsWith("Your appointment on Mon Nov 30, 8:00 am is cancelled", cancelled.Response, StringComparison.Ordinal);
        var appointment = await h.App.DbAsync(db => db.Appointments.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.Equal((AppointmentStatus.Cancelled, new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero)), (appointment.Status, appointment.StartsAt));
    }
}
