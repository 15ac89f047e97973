using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Booking;

/// <summary>
/// What follows a booking, through HTTP, the fake ShopMonkey and the fake Twilio and SendGrid: the
/// write-back (with the zone's real offset, retried without duplicates), confirmations with a calendar
/// file, reminders, reschedule and cancel, and the no-show note. Tuesday Nov 24 2026, 10:00 in Round Rock.
/// </summary>
public sealed class FollowThroughTests(PostgresServer postgres) : IAsyncDisposable
{
    /// <summary>Saturday Nov 28, 9:00 CST.</summary>
    private static readonly DateTimeOffset SaturdayNine = new(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ChatHarness H => _h!;

    private FakeShopMonkey ShopMonkey => H.Messaging.Intake.ShopMonkey;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    private async Task<(Guid Lead, string Token, Guid Appointment)> BookAsync(DatabaseKind kind, DateTimeOffset? start = null, DateTimeOffset? now = null,
        IDictionary<string, string?>? settings = null, Func<ChatHarness, Task>? before = null, string? phone = "(512) 555-0187")
    {
        _h = await ChatHarness.StartAsync(kind, postgres, settings: settings, start: now);
        var (lead, token) = await H.LeadWithTokenAsync(phone: phone);
        if (before is not null)
            await before(H);
        var response = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await H.ServiceIdAsync(ChatHarness.Ceramic), start = start ?? SaturdayNine }), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (lead.Id, token, (await response.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!.Id);
    }

    /// <summary>A ShopMonkey fault set up after the lead exists, so only the booking's calls meet it.</summary>
    private static Task Fault(ChatHarness h, Action<FakeShopMonkey> fault)
    {
        fault(h.Messaging.Intake.ShopMonkey);
        return Task.CompletedTask;
    }

    private Task<Appointment> AppointmentAsync(Guid id) =>
        H.App.DbAsync(db => db.Appointments.AcrossTenants().AsNoTracking().SingleAsync(a => a.Id == id));

    private Task<List<AppointmentNotice>> NoticesAsync(Guid id) =>
        H.App.DbAsync(db => db.AppointmentNotices.AcrossTenants().AsNoTracking().Where(n => n.AppointmentId == id).OrderBy(n => n.DueAt).ThenBy(n => n.Kind).ToListAsync());

    // A delivery's kind is the notice's kind as text.
    private static readonly string[] NoticeKindList = [.. EnumNames.All<NoticeKind>()];

    private Task<List<MessageDelivery>> AppointmentMessagesAsync(Guid lead) =>
        H.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking().Where(d => d.LeadId == lead && NoticeKindList.Contains(d.Kind)).OrderBy(d => d.CreatedAt).ToListAsync());

    private Task<Appointment> SyncedAsync(Guid id) =>
        H.App.EventuallyAsync(async () => await AppointmentAsync(id) is { SyncState: SyncState.Synced } a ? a : null, advance: TimeSpan.FromSeconds(1), because: "the write-back");

    private Task SentAsync(Guid id, NoticeKind kind, int count = 2) =>
        H.App.EventuallyAsync(async () => (await NoticesAsync(id)).Count(n => n.Kind == kind && n.Status == NoticeStatus.Sent) == count,
            advance: TimeSpan.FromSeconds(1), because: $"{kind} sent");

    private List<ShopMonkeyRequest> AppointmentCalls() =>
        [.. ShopMonkey.Requests.Where(r => r.Path.StartsWith("/v3/appointment", StringComparison.Ordinal)).Select(r => new ShopMonkeyRequest(r.Method, r.Path, r.Body))];

    private sealed record ShopMonkeyRequest(string Method, string Path, string? Body);

    private static string Calendar(JsonElement attachment) => Encoding.UTF8.GetString(Convert.FromBase64String(attachment.GetProperty("content").GetString()!));

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ABooking_IsWrittenToShopMonkey_Confirmed_WithACalendarFile_AndRemindedTheDayBefore(DatabaseKind kind)
    {
        var (lead, token, id) = await BookAsync(kind);

        // The chat page's view of it: the lead's appointments and the same calendar file ("add to calendar").
        var mine = await (await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead}/appointments", token), Ct))
            .Content.ReadFromJsonAsync<List<BookingEndpoints.AppointmentView>>(ApiJson.Options, Ct);
        Assert.Equal((id, "Sat Nov 28, 9:00 am"), (Assert.Single(mine!).Id, mine![0].Label));
        var file = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead}/appointments/{id}/calendar.ics", token), Ct);
        Assert.Equal("text/calendar", file.Content.Headers.ContentType?.MediaType);
        Assert.Contains("DTSTART;TZID=America/Chicago:20261128T090000", await file.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var (other, otherToken) = await H.LeadWithTokenAsync(phone: "(512) 555-0100");
        Assert.Equal(HttpStatusCode.NotFound, (await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{other.Id}/appointments/{id}/calendar.ics", otherToken), Ct)).StatusCode);

        var appointment = await SyncedAsync(id);
        var created = Assert.Single(ShopMonkey.Appointments);
        Assert.Equal(created["id"]!.ToString(), appointment.ShopMonkeyAppointmentId);
        var sent = JsonDocument.Parse(AppointmentCalls().Single(r => r is { Method: "POST", Path: "/v3/appointment" }).Body!).RootElement;
        Assert.Equal("2026-11-28T09:00:00.000-06:00", sent.GetProperty("startDate").GetString());
        Assert.Equal("2026-11-28T12:00:00.000-06:00", sent.GetProperty("endDate").GetString());
        Assert.Equal(("Online booking: " + ChatHarness.Ceramic, "blue", FakeShopMonkey.LocationId, FakeShopMonkey.VehicleId),
            (sent.GetProperty("name").GetString(), sent.GetProperty("color").GetString(), sent.GetProperty("locationId").GetString(), sent.GetProperty("vehicleId").GetString()));
        var leadRow = await H.Messaging.LeadAsync(lead);
        Assert.Equal((leadRow.ShopMonkeyCustomerId, leadRow.ShopMonkeyOrderId), (sent.GetProperty("customerId").GetString(), sent.GetProperty("orderId").GetString()));
        Assert.Contains($"Ref LO-{id:N}", sent.GetProperty("note").GetString(), StringComparison.Ordinal);

        await SentAsync(id, NoticeKind.Confirmation);
        var sms = H.Messaging.Twilio.Creates.Select(c => c["Body"]).Single(b => b.Contains("you're booked", StringComparison.Ordinal));
        Assert.Contains("Ceramic Window Tint - Full Sedan on Sat, Nov 28 at 9:00 AM, 1 Main St, Round Rock, TX 78664", sms, StringComparison.Ordinal);
        Assert.Matches(@"/c/[A-Za-z0-9_-]{44}$", sms);
        var email = H.Messaging.SendGrid.Sent.Select(s => JsonSerializer.SerializeToElement(s.Body)).Single(b => b.GetProperty("subject").GetString()!.StartsWith("Booked:", StringComparison.Ordinal));
        var attachment = email.GetProperty("attachments")[0];
        Assert.Equal(("appointment.ics", "attachment"), (attachment.GetProperty("filename").GetString(), attachment.GetProperty("disposition").GetString()));
        var ics = Calendar(attachment);
        Assert.Contains("METHOD:PUBLISH", ics, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=America/Chicago:20261128T090000", ics, StringComparison.Ordinal);
        Assert.Contains("DTEND;TZID=America/Chicago:20261128T120000", ics, StringComparison.Ordinal);
        Assert.Contains($"UID:{id}@lead-orchestrator", ics, StringComparison.Ordinal);

        // Reminders: 24 h before (Fri 9:00), and 2 h before moved out of the night to 8:00.
        var reminders = (await NoticesAsync(id)).Where(n => AppointmentNotice.Reminders.Contains(n.Kind)).ToList();
        Assert.Equal(4, reminders.Count);
        Assert.All(reminders.Where(r => r.Kind == NoticeKind.Reminder24h), r => Assert.Equal(SaturdayNine.AddDays(-1), r.DueAt));
        Assert.All(reminders.Where(r => r.Kind == NoticeKind.Reminder2h), r => Assert.Equal(SaturdayNine.AddHours(-1), r.DueAt));
        Assert.All(reminders, r => Assert.Equal(NoticeStatus.Scheduled, r.Status));

        H.App.Time.Advance(SaturdayNine.AddDays(-1) - H.App.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(H.Messaging.Twilio.Creates, c => c["Body"].StartsWith("Reminder", StringComparison.Ordinal));
        await SentAsync(id, NoticeKind.Reminder24h);
        Assert.Contains(H.Messaging.Twilio.Creates, c => c["Body"].StartsWith("Reminder from acme Round Rock: Ceramic Window Tint - Full Sedan on Sat, Nov 28 at 9:00 AM", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RescheduleAndCancel_AreWrittenBack_ToTheSameShopMonkeyAppointment_AndAnnounced()
    {
        var (lead, token, id) = await BookAsync(DatabaseKind.Postgres);
        var smId = (await SyncedAsync(id)).ShopMonkeyAppointmentId;
        await SentAsync(id, NoticeKind.Confirmation);

        var moved = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead}/appointments/{id}/reschedule", token, new { start = SaturdayNine.AddHours(2) }), Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        await H.App.EventuallyAsync(async () => Assert.Single(ShopMonkey.Appointments)["startDate"]!.ToString() == "2026-11-28T17:00:00Z"
            && (await AppointmentAsync(id)).SyncState == SyncState.Synced, advance: TimeSpan.FromSeconds(1));
        Assert.Equal(smId, Assert.Single(ShopMonkey.Appointments)["id"]!.ToString());
        Assert.Contains(AppointmentCalls(), r => r is { Method: "PUT" } && r.Path == $"/v3/appointment/{smId}" && r.Body!.Contains("2026-11-28T11:00:00.000-06:00", StringComparison.Ordinal));
        await SentAsync(id, NoticeKind.Rescheduled);
        var notices = await NoticesAsync(id);
        Assert.All(notices.Where(n => AppointmentNotice.Reminders.Contains(n.Kind) && n.Sequence == 0), n => Assert.Equal((NoticeStatus.Skipped, "the appointment was moved"), (n.Status, n.Detail)));
        Assert.Equal(4, notices.Count(n => AppointmentNotice.Reminders.Contains(n.Kind) && n.Sequence == 1 && n.Status == NoticeStatus.Scheduled));
        var movedIcs = (await AppointmentMessagesAsync(lead)).Single(d => d.Kind == "rescheduled" && d.Channel == Channel.Email).Attachments!;
        Assert.Contains("SEQUENCE:1", movedIcs, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=America/Chicago:20261128T110000", movedIcs, StringComparison.Ordinal);

        var cancel = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead}/appointments/{id}/cancel", token), Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        await H.App.EventuallyAsync(async () => ShopMonkey.Appointments.Count == 0 && (await AppointmentAsync(id)).SyncState == SyncState.Synced, advance: TimeSpan.FromSeconds(1));
        Assert.Equal("{}", AppointmentCalls().Single(r => r.Method == "DELETE").Body);
        await SentAsync(id, NoticeKind.Cancelled);
        Assert.Contains(H.Messaging.Twilio.Creates, c => c["Body"].Contains("Ceramic Window Tint - Full Sedan on Sat, Nov 28 at 11:00 AM is cancelled", StringComparison.Ordinal));
        var cancelIcs = (await AppointmentMessagesAsync(lead)).Single(d => d.Kind == "cancelled" && d.Channel == Channel.Email).Attachments!;
        Assert.Contains("METHOD:CANCEL", cancelIcs, StringComparison.Ordinal);
        Assert.Contains("STATUS:CANCELLED", cancelIcs, StringComparison.Ordinal);
        Assert.All((await NoticesAsync(id)).Where(n => AppointmentNotice.Reminders.Contains(n.Kind)), n => Assert.Equal(NoticeStatus.Skipped, n.Status));

        // Past reminder time nothing more goes out.
        var texts = H.Messaging.Twilio.Creates.Count;
        H.App.Time.Advance(TimeSpan.FromDays(4));
        await H.App.EventuallyAsync(async () => (await AppointmentAsync(id)).Status == AppointmentStatus.Cancelled, advance: TimeSpan.FromMinutes(10));
        Assert.Equal(texts, H.Messaging.Twilio.Creates.Count);
    }

    [Fact]
    public async Task ShopMonkeyDown_TheBookingStands_AndTheWriteBackIsRetriedUntilItLands_Once()
    {
        var (_, _, id) = await BookAsync(DatabaseKind.Sqlite, before: h => Fault(h, s => s.Fail(503, times: 3, pathPrefix: "/v3/appointment")));

        var waiting = await H.App.EventuallyAsync(async () => await AppointmentAsync(id) is { SyncState: SyncState.Pending, SyncError: not null } a ? a : null);
        Assert.Contains("503", waiting.SyncError, StringComparison.Ordinal);
        Assert.True(waiting.NextSyncAt > H.App.Time.GetUtcNow());
        await SentAsync(id, NoticeKind.Confirmation); // the customer hears about it regardless

        var synced = await H.App.EventuallyAsync(async () => await AppointmentAsync(id) is { SyncState: SyncState.Synced } a ? a : null, advance: TimeSpan.FromSeconds(20));
        Assert.Single(ShopMonkey.Appointments);
        Assert.Null(synced.SyncError);
        Assert.Equal(synced.ShopMonkeyAppointmentId, ShopMonkey.Appointments[0]["id"]!.ToString());
    }

    [Fact]
    public async Task ALostCreateResponse_IsFoundBySearchingFirst_SoTheRetryMakesNoDuplicate()
    {
        var (_, _, id) = await BookAsync(DatabaseKind.Postgres, before: h => Fault(h, s => s.LoseResponse("POST", "/v3/appointment")));

        var synced = await H.App.EventuallyAsync(async () => await AppointmentAsync(id) is { SyncState: SyncState.Synced } a ? a : null, advance: TimeSpan.FromSeconds(20));

        var only = Assert.Single(ShopMonkey.Appointments);
        Assert.Equal(only["id"]!.ToString(), synced.ShopMonkeyAppointmentId);
        var calls = AppointmentCalls();
        Assert.Single(calls, r => r is { Method: "POST", Path: "/v3/appointment" });
        Assert.Contains(calls, r => r is { Method: "POST", Path: "/v3/appointment/search" });
    }

    [Fact]
    public async Task ARefusedWriteBack_IsVisibleToStaff_AndCanBeRetried()
    {
        var (_, _, id) = await BookAsync(DatabaseKind.Sqlite, before: h => Fault(h, s => s.Fail(422, times: 1, pathPrefix: "/v3/appointment")));
        await H.App.EventuallyAsync(async () => (await AppointmentAsync(id)).SyncState == SyncState.Failed, advance: TimeSpan.FromSeconds(1));
        H.App.Time.Advance(TimeSpan.FromHours(2));
        Assert.Empty(ShopMonkey.Appointments); // a refusal is not retried by itself

        var staff = await H.Messaging.StaffClientAsync();
        var failed = await staff.GetFromJsonAsync<List<AppointmentConsoleEndpoints.StaffAppointmentView>>("/api/console/appointments?syncState=failed", ApiJson.Options, Ct);
        var row = Assert.Single(failed!);
        Assert.Equal((id, "Tim Candy", ChatHarness.Ceramic), (row.Id, row.Customer, row.Service));
        Assert.Contains("422", row.SyncError, StringComparison.Ordinal);

        // Another tenant's staff see none of it and can change nothing.
        var (otherTenant, _) = await IntakeHarness.SeedTenantAsync(H.App, "other", "other-secret", ShopMonkey.BaseUrl.ToString(), "other-location");
        await H.Messaging.AddStaffAsync("owner@other.example", "another long passphrase", LeadOrchestrator.Staff.StaffRole.Manager, otherTenant);
        var stranger = await H.Messaging.StaffClientAsync("owner@other.example", "another long passphrase");
        Assert.Empty((await stranger.GetFromJsonAsync<List<AppointmentConsoleEndpoints.StaffAppointmentView>>("/api/console/appointments", ApiJson.Options, Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/console/appointments/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/console/appointments/{id}/sync", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync($"/api/console/appointments/{id}/outcome", new { status = "no_show" }, Ct)).StatusCode);

        var retry = await staff.PostAsync($"/api/console/appointments/{id}/sync", null, Ct);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        await SyncedAsync(id);
        Assert.Single(ShopMonkey.Appointments);
        Assert.Equal(HttpStatusCode.Conflict, (await staff.PostAsync($"/api/console/appointments/{id}/sync", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/console/appointments/{Guid.NewGuid()}/sync", null, Ct)).StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AnInstanceLostMidSend_TheNoticeIsLookedUpAtTwilio_AndSentExactlyOnce(bool twilioHadIt)
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Postgres, postgres);
        var (lead, token) = await H.LeadWithTokenAsync();
        await H.Messaging.SettledAsync(lead.Id);
        var (arrived, release) = H.Messaging.Twilio.HangNext(acceptFirst: twilioHadIt); // the answer never comes back
        var response = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await H.ServiceIdAsync(ChatHarness.Ceramic), start = SaturdayNine }), Ct);
        var id = (await response.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!.Id;
        await arrived.WaitAsync(TimeSpan.FromSeconds(15), Ct);

        await H.Messaging.Intake.RestartAsync(); // the instance dies mid-call; a new one takes over
        release.TrySetResult();
        var sms = await H.App.EventuallyAsync(async () => (await NoticesAsync(id)).SingleOrDefault(n => n is { Kind: NoticeKind.Confirmation, Channel: Channel.Sms, Status: NoticeStatus.Sent }),
            advance: TimeSpan.FromSeconds(30), because: "the lost send reconciled");
        await SentAsync(id, NoticeKind.Confirmation, count: 2); // the email went out as usual

        Assert.Single(H.Messaging.Twilio.Accepted.Values, c => c["Body"].Contains("you're booked", StringComparison.Ordinal));
        var texts = await H.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().AsNoTracking()
            .Where(d => d.Kind == "confirmation" && d.Channel == Channel.Sms).OrderBy(d => d.CreatedAt).ToListAsync(Ct));
        Assert.Equal(sms.DeliveryId, texts[^1].Id);
        Assert.Equal(DeliveryStatus.Queued, texts[^1].Status);
        if (twilioHadIt)
            Assert.Single(texts);
        else
            Assert.Equal([(DeliveryStatus.Failed, "not_sent"), (DeliveryStatus.Queued, null)], texts.Select(d => (d.Status, d.ErrorCode)));
    }

    [Fact]
    public async Task AConfirmationTwilioRefuses_AsAnUnsubscribedNumber_RecordsTheOptOut_LikeAnyMessage()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var (lead, token) = await H.LeadWithTokenAsync();
        await H.Messaging.SettledAsync(lead.Id);
        H.Messaging.Twilio.FailNext(400, 21610, "Attempt to send to unsubscribed recipient");

        var response = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await H.ServiceIdAsync(ChatHarness.Ceramic), start = SaturdayNine }), Ct);
        var id = (await response.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!.Id;

        var sms = await H.App.EventuallyAsync(async () => (await NoticesAsync(id)).SingleOrDefault(n => n is { Kind: NoticeKind.Confirmation, Channel: Channel.Sms, Status: NoticeStatus.Failed }),
            advance: TimeSpan.FromSeconds(1), because: "Twilio refused the confirmation for good");
        var consent = await H.App.EventuallyAsync(() => H.App.DbAsync(db => db.ContactConsents.AcrossTenants().AsNoTracking().FirstOrDefaultAsync(c => c.Address == "+15125550187")));
        Assert.Equal((Channel.Sms, ConsentStatus.OptedOut, ConsentSources.ProviderOptOut), (consent.Channel, consent.Status, consent.Source));
        Assert.Equal(StopReasons.OptedOut, (await H.App.DbAsync(db => db.Leads.AcrossTenants().AsNoTracking().SingleAsync(l => l.Id == lead.Id, Ct))).SmsStopReason);
        Assert.NotNull(sms.DeliveryId);
    }

    [Fact]
    public async Task AnOptedOutNumber_GetsNoTexts_ButTheEmailConfirmationStillGoesOut()
    {
        var (lead, _, id) = await BookAsync(DatabaseKind.Sqlite, before: async h =>
        {
            Assert.Equal(HttpStatusCode.OK, (await h.Messaging.TextTheShopAsync("+15125550187", "STOP")).StatusCode);
        });

        var notices = await H.App.EventuallyAsync(async () => await NoticesAsync(id) is var all
            && all.Where(n => n.Kind == NoticeKind.Confirmation).All(n => n.Status is not (NoticeStatus.Scheduled or NoticeStatus.Sending)) ? all : null,
            advance: TimeSpan.FromSeconds(1));
        Assert.Equal((NoticeStatus.Skipped, "opted out"), notices.Where(n => n.Kind == NoticeKind.Confirmation && n.Channel == Channel.Sms).Select(n => (n.Status, n.Detail)).Single());
        Assert.Equal(NoticeStatus.Sent, notices.Single(n => n.Kind == NoticeKind.Confirmation && n.Channel == Channel.Email).Status);
        Assert.DoesNotContain(await AppointmentMessagesAsync(lead), d => d.Channel == Channel.Sms);
    }

    [Fact]
    public async Task AfterTheAppointment_ANoShowGetsOneRebookingNote_AndACustomerWhoCameIsCompleted()
    {
        var (_, _, id) = await BookAsync(DatabaseKind.Postgres);
        // A second customer comes in: the shop turns the estimate into a repair order.
        var (other, otherToken) = await H.LeadWithTokenAsync(phone: "(512) 555-0100", firstName: "Ann");
        var booked = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{other.Id}/appointments", otherToken,
            new { serviceId = await H.ServiceIdAsync(ChatHarness.Ceramic), start = SaturdayNine }), Ct);
        var otherId = (await booked.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!.Id;
        H.App.Time.Advance(TimeSpan.FromMinutes(1));
        var order = ShopMonkey.PutOrder(other.ShopMonkeyOrderId, H.App.Time.GetUtcNow(), status: "RepairOrder", customerId: other.ShopMonkeyCustomerId);
        await H.Messaging.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(order, "UPDATE", "status"));
        await H.App.EventuallyAsync(async () => (await H.Messaging.LeadAsync(other.Id)).OrderStatus == "RepairOrder");

        // Saturday 12:00 the jobs end; three hours later they are judged.
        H.App.Time.Advance(SaturdayNine.AddHours(3) - H.App.Time.GetUtcNow() - TimeSpan.FromMinutes(1));
        await H.App.EventuallyAsync(async () => (await AppointmentAsync(id)).Status is not (AppointmentStatus.Booked or AppointmentStatus.Rescheduled)
            && (await AppointmentAsync(otherId)).Status is not (AppointmentStatus.Booked or AppointmentStatus.Rescheduled), advance: TimeSpan.FromMinutes(5));
        Assert.Equal(AppointmentStatus.NoShow, (await AppointmentAsync(id)).Status);
        Assert.Equal(AppointmentStatus.Completed, (await AppointmentAsync(otherId)).Status);
        await SentAsync(id, NoticeKind.Rebook);
        Assert.Contains(H.Messaging.Twilio.Creates, c => c["Body"].StartsWith("acme Round Rock: we missed you for your Ceramic Window Tint - Full Sedan on Sat, Nov 28 at 9:00 AM", StringComparison.Ordinal));
        Assert.DoesNotContain(await NoticesAsync(otherId), n => n.Kind == NoticeKind.Rebook);

        // Staff can correct it; the note is not sent twice, and cancelled appointments have no outcome.
        var staff = await H.Messaging.StaffClientAsync();
        var completed = await staff.PostAsJsonAsync($"/api/console/appointments/{id}/outcome", new { status = "completed" }, Ct);
        Assert.Equal(AppointmentStatus.Completed, (await completed.Content.ReadFromJsonAsync<AppointmentConsoleEndpoints.StaffAppointmentView>(ApiJson.Options, Ct))!.Status);
        var noShow = await staff.PostAsJsonAsync($"/api/console/appointments/{id}/outcome", new { status = "no_show" }, Ct);
        Assert.Equal(2, (await noShow.Content.ReadFromJsonAsync<AppointmentConsoleEndpoints.StaffAppointmentView>(ApiJson.Options, Ct))!.Notices!.Count(n => n.Kind == NoticeKind.Rebook));
        Assert.Equal(HttpStatusCode.BadRequest, (await staff.PostAsJsonAsync($"/api/console/appointments/{id}/outcome", new { status = "booked" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task OnTheDayTheClocksChange_TheTimesInShopMonkey_TheTextAndTheCalendarFile_AreTheLocalOnes()
    {
        // Booked on Friday Feb 26 2027 (CST, -06:00) for Monday Mar 15, the day after the clocks go forward (CDT, -05:00).
        var mondayNine = new DateTimeOffset(2027, 3, 15, 14, 0, 0, TimeSpan.Zero);
        var (_, _, id) = await BookAsync(DatabaseKind.Sqlite, start: mondayNine, now: new DateTimeOffset(2027, 2, 26, 16, 0, 0, TimeSpan.Zero));

        await SyncedAsync(id);
        var sent = JsonDocument.Parse(AppointmentCalls().Single(r => r is { Method: "POST", Path: "/v3/appointment" }).Body!).RootElement;
        Assert.Equal("2027-03-15T09:00:00.000-05:00", sent.GetProperty("startDate").GetString());
        await SentAsync(id, NoticeKind.Confirmation);
        Assert.Contains(H.Messaging.Twilio.Creates, c => c["Body"].Contains("on Mon, Mar 15 at 9:00 AM", StringComparison.Ordinal));
        var email = H.Messaging.SendGrid.Sent.Select(s => JsonSerializer.SerializeToElement(s.Body)).Single(b => b.TryGetProperty("attachments", out _));
        var ics = Calendar(email.GetProperty("attachments")[0]);
        Assert.Contains("DTSTART;TZID=America/Chicago:20270315T090000", ics, StringComparison.Ordinal);
        Assert.Contains("TZOFFSETTO:-0500", ics, StringComparison.Ordinal);
        // 24 hours before is Sunday 9:00, already daylight time: a real instant, inside the day window.
        var reminder = (await NoticesAsync(id)).First(n => n.Kind == NoticeKind.Reminder24h);
        Assert.Equal(mondayNine.AddDays(-1), reminder.DueAt);
    }

    [Fact]
    public async Task TheShopsOwnAppointments_AndRecurringBlocks_InShopMonkey_TakeBays()
    {
        _h = await ChatHarness.StartAsync(DatabaseKind.Postgres, postgres, settings: new Dictionary<string, string?>
        {
            ["Polling:Enabled"] = "true",
            ["Polling:Tick"] = "00:00:01",
            ["Polling:Interval"] = "00:00:30",
            ["Polling:CalendarSyncInterval"] = "00:01:00",
        });
        var (lead, token) = await H.LeadWithTokenAsync();
        var strip = await H.ServiceIdAsync(ChatHarness.SunStrip);
        async Task<string> MondayAsync() => await (await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get,
            $"/api/chat/{lead.Id}/slots?serviceId={strip}&from=2026-11-30&to=2026-11-30", token), Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Mon Nov 30, 12:00 pm", await MondayAsync(), StringComparison.Ordinal);

        // Monday noon: a lunch block repeating every weekday since last week, and a walk-in the shop booked itself.
        ShopMonkey.PutShopAppointment("lunch-1", new DateTimeOffset(2026, 11, 23, 18, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 19, 0, 0, TimeSpan.Zero), "Lunch", weekdaysRecurring: true);
        ShopMonkey.PutShopAppointment("walk-in-1", new DateTimeOffset(2026, 11, 30, 17, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 19, 30, 0, TimeSpan.Zero), "Walk-in: tint");
        var monday = await H.App.EventuallyAsync(async () => await MondayAsync() is var body && !body.Contains("12:00 pm", StringComparison.Ordinal) ? body : null,
            advance: TimeSpan.FromSeconds(30), because: "the calendar sync");

        Assert.DoesNotContain("Mon Nov 30, 12:30 pm", monday, StringComparison.Ordinal); // both bays until 13:00 + buffer
        Assert.Contains("Mon Nov 30, 11:00 am", monday, StringComparison.Ordinal); // lunch alone leaves a bay
        var blocks = await H.App.DbAsync(db => db.ShopCalendarBlocks.AcrossTenants().AsNoTracking().Where(b => b.ShopMonkeyAppointmentId == "lunch-1").CountAsync());
        await H.App.EventuallyAsync(async () => await H.App.DbAsync(db => db.JobExecutions.AnyAsync(j => j.Job == "calendar-sync" && j.Outcome == LeadOrchestrator.Jobs.JobOutcome.Succeeded && j.Items > 20)),
            because: "the calendar-sync job recorded");
        Assert.InRange(blocks, 20, 26); // one per weekday over the horizon
        var search = ShopMonkey.Requests.Last(r => r.Path == "/v3/appointment/search_replacement").Body!;
        Assert.Contains("\"technicians\":[\"6287a4384d1a72aa01e09100\"]", search, StringComparison.Ordinal);
        Assert.Matches("\"dateMin\":\"2026-1\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}-06:00\"", search);

        // Our own booking, once written to ShopMonkey, is not counted twice.
        var booked = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token, new { serviceId = strip, start = new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero) }), Ct);
        var id = (await booked.Content.ReadFromJsonAsync<BookingEndpoints.AppointmentView>(ApiJson.Options, Ct))!.Id;
        await SyncedAsync(id);
        H.App.Time.Advance(TimeSpan.FromMinutes(2));
        await H.App.EventuallyAsync(async () => await H.App.DbAsync(db => db.ShopCalendarBlocks.AcrossTenants().AnyAsync(b => b.ShopMonkeyAppointmentId == "walk-in-1" && b.SyncedAt > TestApp.DefaultStart.AddMinutes(2))),
            advance: TimeSpan.FromSeconds(30));
        Assert.False(await H.App.DbAsync(db => db.ShopCalendarBlocks.AcrossTenants().AnyAsync(b => b.Name!.StartsWith("Online booking"))));
        Assert.Contains("Mon Nov 30, 10:00 am", await MondayAsync(), StringComparison.Ordinal);
    }
}
