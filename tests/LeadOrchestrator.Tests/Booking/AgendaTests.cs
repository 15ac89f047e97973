using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Notifications;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Booking;

/// <summary>
/// The console's agenda and staff bookings through the API: staff book, move and cancel for a lead through the same
/// booking service as the customer (the bay limit holds, the customer is confirmed, ShopMonkey is written to), the
/// agenda draws each appointment in a bay lane, and another tenant's ids are 404.
/// </summary>
public sealed class AgendaTests(PostgresServer postgres) : IAsyncDisposable
{
    /// <summary>Saturday Nov 28, 2026, 9:00 am in Austin (the test shop opens 9–3 on Saturdays with 2 bays).</summary>
    private static readonly DateTimeOffset SaturdayNine = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Staff_BookMoveAndCancel_ThroughTheBookingRules_AndTheAgendaDrawsBays(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        // The manager asked to hear of bookings, but not of their own.
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync("/api/console/me/notifications",
            new { handoffEmail = false, handoffSms = false, appointmentEmail = true, appointmentSms = false, phone = (string?)null }, Ct)).StatusCode);
        var ceramic = await h.ServiceIdAsync(ChatHarness.Ceramic);
        var services = await staff.GetFromJsonAsync<AgendaEndpoints.ServiceList>("/api/console/services", ApiJson.Options, Ct);
        Assert.Contains(services!.Services, s => s.Id == ceramic && s.Price == "$399");
        var location = Assert.Single((await staff.GetFromJsonAsync<AgendaEndpoints.LocationList>("/api/console/locations", ApiJson.Options, Ct))!.Locations);
        Assert.Equal(2, location.Bays);

        var leads = new List<Guid>();
        foreach (var (phone, name) in new[] { ("(512) 555-0131", "Ann"), ("(512) 555-0132", "Ben"), ("(512) 555-0133", "Cat") })
        {
            var lead = await h.Messaging.CreateLeadAsync(phone: phone, firstName: name);
            await h.Messaging.SettledAsync(lead.Id);
            leads.Add(lead.Id);
        }
        var slots = await staff.GetFromJsonAsync<JsonElement>($"/api/console/leads/{leads[0]}/slots?serviceId={ceramic}&from=2026-11-28&to=2026-11-28", Ct);
        Assert.Contains(slots.GetProperty("slots").EnumerateArray(), s => s.GetProperty("start").GetDateTimeOffset() == SaturdayNine);

        // Two bays: two at nine, the third is refused with the next free times.
        var first = await BookAsync(staff, leads[0], ceramic, SaturdayNine);
        var second = await BookAsync(staff, leads[1], ceramic, SaturdayNine);
        var third = await staff.PostAsJsonAsync($"/api/console/leads/{leads[2]}/appointments", new { serviceId = ceramic, start = SaturdayNine }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        var refusal = await third.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("slot_taken", refusal.GetProperty("code").GetString());
        Assert.NotEmpty(refusal.GetProperty("alternatives").EnumerateArray());

        // The customer is confirmed as if they had booked, and ShopMonkey is written to.
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.AppointmentNotices.AcrossTenants()
            .AnyAsync(n => n.AppointmentId == first && n.Kind == NoticeKind.Confirmation && n.Status == NoticeStatus.Sent)), advance: TimeSpan.FromSeconds(1), because: "the confirmation");
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.Appointments.AcrossTenants().AnyAsync(a => a.Id == first && a.SyncState == SyncState.Synced)),
            advance: TimeSpan.FromSeconds(1), because: "the write-back");

        var agenda = await AgendaAsync(staff, "?date=2026-11-28");
        Assert.Equal(location.Id, agenda.Location.Id);
        var day = Assert.Single(agenda.Days);
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(15, 0)), (day.Opens!.Value, day.Closes!.Value));
        Assert.Equal(new[] { 0, 1 }, agenda.Appointments.Select(a => a.Lane!.Value).Order());
        Assert.Equal(new DateTime(2026, 11, 28, 12, 0, 0), agenda.Appointments.Single(a => a.Appointment.Id == first).LocalEnd);

        // Moved after the first: back to lane 0 of a free morning; cancelled: no lane, the bay is free again.
        var moved = await staff.PostAsJsonAsync($"/api/console/appointments/{second}/reschedule", new { start = SaturdayNine.AddHours(3) }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        agenda = await AgendaAsync(staff, "?date=2026-11-28");
        Assert.Equal(0, agenda.Appointments.Single(a => a.Appointment.Id == second).Lane);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/appointments/{first}/cancel", null, Ct)).StatusCode);
        agenda = await AgendaAsync(staff, "?date=2026-11-28");
        Assert.Null(agenda.Appointments.Single(a => a.Appointment.Id == first).Lane);
        Assert.Equal(AppointmentStatus.Cancelled, agenda.Appointments.Single(a => a.Appointment.Id == first).Appointment.Status);
        var week = await AgendaAsync(staff, "?date=2026-11-23&days=7");
        Assert.Equal(7, week.Days.Count);
        Assert.Null(week.Days.Single(d => d.Date == new DateOnly(2026, 11, 29)).Opens); // Sunday: closed
        Assert.Equal(2, week.Appointments.Count);

        // Staff alerts for these changes exist, and none of them went to the colleague who made them.
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().Where(a => a.Kind != StaffAlertKind.Handoff).AllAsync(a => a.ClosedAt != null)),
            advance: TimeSpan.FromSeconds(1), because: "the alerts were worked");
        var managerId = await h.App.DbAsync(db => db.Users.AcrossTenants().Where(u => u.Email == MessagingHarness.StaffEmail).Select(u => u.Id).SingleAsync());
        var alerts = await h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().Where(a => a.Kind != StaffAlertKind.Handoff).ToListAsync());
        Assert.Equal(4, alerts.Count); // two booked, one moved, one cancelled
        Assert.All(alerts, a => Assert.Equal(managerId, a.ActorUserId));
        Assert.False(await h.App.DbAsync(db => db.Set<StaffNotification>().AcrossTenants().AnyAsync(n => n.UserId == managerId)));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task TheAgendaAndStaffBookings_RefuseBadInput_AndOtherTenantsIds(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        var ceramic = await h.ServiceIdAsync(ChatHarness.Ceramic);
        var lead = await h.Messaging.CreateLeadAsync(phone: "(512) 555-0134", firstName: "Dee");
        var booked = await BookAsync(staff, lead.Id, ceramic, SaturdayNine);
        var foreign = await h.Messaging.ForeignLeadAsync();
        var foreignLocation = await h.App.DbAsync(db => db.Locations.AcrossTenants().Where(l => l.TenantId != h.Messaging.TenantId).Select(l => l.Id).FirstAsync());

        foreach (var days in new[] { "0", "8", "-1" })
            Assert.Equal("bad_days", (await Problem(await staff.GetAsync($"/api/console/agenda?days={days}", Ct), HttpStatusCode.BadRequest)));
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.GetAsync("/api/console/agenda?date=2026-02-30", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/console/agenda?locationId={foreignLocation}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/console/services?locationId={foreignLocation}", Ct)).StatusCode);
        Assert.DoesNotContain((await staff.GetFromJsonAsync<AgendaEndpoints.LocationList>("/api/console/locations", ApiJson.Options, Ct))!.Locations, l => l.Id == foreignLocation);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/console/leads/{foreign}/slots?serviceId={ceramic}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync($"/api/console/leads/{foreign}/appointments", new { serviceId = ceramic, start = SaturdayNine }, Ct)).StatusCode);

        // Missing fields, a time the shop is closed, twice for one lead: refused, nothing changes.
        var before = await h.App.DbAsync(db => db.Appointments.AcrossTenants().CountAsync());
        var other = await h.Messaging.CreateLeadAsync(phone: "(512) 555-0135", firstName: "Eve");
        Assert.Equal("missing_fields", await Problem(await staff.PostAsJsonAsync($"/api/console/leads/{other.Id}/appointments", new { serviceId = ceramic }, Ct), HttpStatusCode.BadRequest));
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync($"/api/console/leads/{other.Id}/appointments",
            new { serviceId = ceramic, start = SaturdayNine.AddDays(1) }, Ct)).StatusCode); // Sunday
        Assert.Equal("already_booked", await Problem(await staff.PostAsJsonAsync($"/api/console/leads/{lead.Id}/appointments",
            new { serviceId = ceramic, start = SaturdayNine.AddHours(3) }, Ct), HttpStatusCode.Conflict));
        Assert.Equal("missing_fields", await Problem(await staff.PostAsJsonAsync($"/api/console/appointments/{booked}/reschedule", new { }, Ct), HttpStatusCode.BadRequest));
        Assert.Equal(before, await h.App.DbAsync(db => db.Appointments.AcrossTenants().CountAsync()));

        // Another tenant's appointment: 404 to move or cancel, and it stays as it was.
        var theirs = await h.App.DbAsync(async db =>
        {
            var a = await db.Appointments.AcrossTenants().SingleAsync(x => x.Id == booked);
            return a;
        });
        await h.App.DbAsync(db => db.Appointments.AcrossTenants().Where(a => a.Id == booked)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.TenantId, db.Leads.AcrossTenants().Where(l => l.Id == foreign).Select(l => l.TenantId).First()), Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsJsonAsync($"/api/console/appointments/{booked}/reschedule", new { start = SaturdayNine.AddHours(3) }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/console/appointments/{booked}/cancel", null, Ct)).StatusCode);
        var after = await h.App.DbAsync(db => db.Appointments.AcrossTenants().SingleAsync(a => a.Id == booked));
        Assert.Equal((theirs.StartsAt, theirs.Status), (after.StartsAt, after.Status));

        using var anonymous = h.App.CreateClient();
        foreach (var path in new[] { "/api/console/agenda", "/api/console/locations", "/api/console/services", $"/api/console/leads/{lead.Id}/slots?serviceId={ceramic}" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/console/leads/{lead.Id}/appointments", new { serviceId = ceramic, start = SaturdayNine }, Ct)).StatusCode);
    }

    private static async Task<Guid> BookAsync(HttpClient staff, Guid leadId, Guid serviceId, DateTimeOffset start)
    {
        var response = await staff.PostAsJsonAsync($"/api/console/leads/{leadId}/appointments", new { serviceId, start }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
    }

    private static async Task<AgendaEndpoints.Agenda> AgendaAsync(HttpClient staff, string query) =>
        (await staff.GetFromJsonAsync<AgendaEndpoints.Agenda>("/api/console/agenda" + query, ApiJson.Options, Ct))!;

    private static async Task<string?> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString();
    }
}
