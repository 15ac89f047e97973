using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Booking;
using LeadOrchestrator.Data;
using LeadOrchestrator.Notifications;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Notifications;

/// <summary>
/// Staff alerts through the real paths: a customer asks for a person on the chat page → whoever asked is told by
/// text and email with a link to the conversation, again every 10 minutes, the managers after 3 minutes of opening
/// time and the owners after 10 — until a colleague opens the conversation. After hours the customer hears when the
/// shop opens and the escalation clock waits for it. Bookings, moves and cancellations reach those who asked for
/// them. Presence: a colleague with the conversation open is seen (and heard typing) by the others.
/// </summary>
public sealed class StaffAlertsTests(PostgresServer postgres) : IAsyncDisposable
{
    private const string DeskEmail = "desk@acme.example";
    private const string OwnerEmail = "owner@acme.example";
    private const string Password = "front desk password 1";
    private const string DeskPhone = "+15125550190";

    /// <summary>Saturday Nov 28, 2026, 4:30 pm in Austin: the test shop closed at 3 pm and is shut on Sunday.</summary>
    private static readonly DateTimeOffset SaturdayEvening = new(2026, 11, 28, 22, 30, 0, TimeSpan.Zero);

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
    public async Task AHandoff_AlertsWhoAsked_RepeatsAndEscalates_UntilSomeoneOpensIt(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (desk, _, manager) = await ColleaguesAsync(h);
        Assert.Equal(HttpStatusCode.OK, (await desk.PutAsJsonAsync("/api/console/me/notifications",
            new { handoffEmail = true, handoffSms = true, appointmentEmail = false, appointmentSms = false, phone = "(512) 555-0190" }, Ct)).StatusCode);
        var (lead, token) = await h.LeadWithTokenAsync("(512) 555-0123", "Maria");
        await h.Messaging.SettledAsync(lead.Id);
        var (texts, mails) = (Texts(h, DeskPhone).Count(), Mails(h, DeskEmail).Count());

        var reply = await h.AskAsync(lead.Id, token, "can I talk to a real person please");
        Assert.True(reply.NeedsStaff);
        Assert.Contains("get back to you shortly", reply.Response); // open now: no closing time to tell
        var session = (await h.SessionAsync(lead.Id))!;

        // Told at once, by text and email, with the way straight to the conversation.
        var text = await WaitForAsync(() => Texts(h, DeskPhone).Skip(texts).FirstOrDefault(), h, "the desk's text");
        Assert.Contains("Maria", text);
        Assert.Contains("needs a person", text);
        Assert.Contains($"/console/inbox/{session.Id}", text);
        var mail = await WaitForAsync(() => Mails(h, DeskEmail).Skip(mails).FirstOrDefault(), h, "the desk's email");
        Assert.Contains("Maria", mail.Subject);
        Assert.Contains($"/console/inbox/{session.Id}", mail.Text);
        Assert.Empty(Mails(h, MessagingHarness.StaffEmail)); // the manager asked for nothing and nothing escalated yet

        // 3 minutes of opening time: the manager (who chose nothing) is told by email; the desk not again yet.
        // (A second over: the handoff is stamped with its message, a tick after the clock's reading.)
        h.App.Time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));
        var escalated = await WaitForAsync(() => Mails(h, MessagingHarness.StaffEmail).FirstOrDefault(), h, "the manager's escalation");
        Assert.Contains("Nobody has answered Maria", escalated.Subject);
        Assert.Equal(texts + 1, Texts(h, DeskPhone).Count());
        Assert.Empty(Mails(h, OwnerEmail));

        // 10 minutes: the owners, and the desk's repeat.
        h.App.Time.Advance(TimeSpan.FromMinutes(7));
        await WaitForAsync(() => Mails(h, OwnerEmail).FirstOrDefault(), h, "the owner's escalation");
        await WaitForAsync(() => Texts(h, DeskPhone).Skip(texts + 1).FirstOrDefault(), h, "the desk's repeat");

        // The manager opens the conversation: acknowledged, and the alerts stop (it still needs a person).
        Assert.Equal(HttpStatusCode.NoContent, (await manager.PostAsJsonAsync($"/api/console/conversations/{session.Id}/presence", new { state = "viewing" }, Ct)).StatusCode);
        var alert = await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().FirstOrDefaultAsync(a => a.ConversationId == session.Id && a.ClosedAt != null)),
            advance: TimeSpan.FromSeconds(5), because: "the alert closed");
        Assert.Equal("acknowledged", alert.ClosedReason);
        var handoff = await h.App.DbAsync(db => db.Handoffs.AcrossTenants().SingleAsync(x => x.SessionId == session.Id));
        Assert.NotNull(handoff.AcknowledgedAt);
        Assert.True((await h.SessionAsync(lead.Id))!.NeedsStaff);
        var (textsThen, mailsThen) = (Texts(h, DeskPhone).Count(), h.Messaging.SendGrid.Sent.Count);
        h.App.Time.Advance(TimeSpan.FromMinutes(30));
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().AllAsync(a => a.DueAt == null || a.DueAt > h.App.Time.GetUtcNow())));
        Assert.Equal(textsThen, Texts(h, DeskPhone).Count());
        Assert.Equal(mailsThen, h.Messaging.SendGrid.Sent.Count);

        // Every message is on record with its delivery, and none went to the customer's own thread or lead.
        var sent = await h.App.DbAsync(db => db.Set<StaffNotification>().AcrossTenants().Where(n => n.AlertId == alert.Id).ToListAsync());
        Assert.Equal(6, sent.Count); // desk text + email twice, manager email, owner email
        Assert.All(sent, n => Assert.Equal(StaffNotificationStatus.Sent, n.Status));
        Assert.DoesNotContain(await h.Messaging.DeliveriesAsync(lead.Id), d => d.Kind == StaffAlertSender.DeliveryKind);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AfterHours_TheCustomerHearsWhenTheShopOpens_AndTheEscalationWaitsForIt(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres, start: SaturdayEvening);
        var (desk, _, _) = await ColleaguesAsync(h);
        Assert.Equal(HttpStatusCode.OK, (await desk.PutAsJsonAsync("/api/console/me/notifications",
            new { handoffEmail = true, handoffSms = false, appointmentEmail = false, appointmentSms = false, phone = (string?)null }, Ct)).StatusCode);
        var (lead, token) = await h.LeadWithTokenAsync("(512) 555-0124", "Ana");
        await h.Messaging.SettledAsync(lead.Id);

        var reply = await h.AskAsync(lead.Id, token, "I want to speak to a human");
        Assert.Contains("We're closed right now", reply.Response);
        Assert.Contains("when we open on Monday at 8am", reply.Response);
        // The colleague who asked is told at once (they chose to be); the escalation counts opening time only.
        await WaitForAsync(() => Mails(h, DeskEmail).FirstOrDefault(), h, "the desk's email");
        var alert = await h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().SingleAsync(a => a.Kind == StaffAlertKind.Handoff));
        var mondayEight = new DateTimeOffset(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);
        Assert.Equal(mondayEight, alert.ClockStartedAt);
        Assert.Equal(mondayEight.AddMinutes(3), alert.EscalateAt);
        Assert.Equal(mondayEight.AddMinutes(10), alert.EscalateOwnerAt);

        // All of Sunday: nothing more (no repeats while closed, no escalation).
        h.App.Time.Advance(TimeSpan.FromHours(12));
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().AllAsync(a => a.DueAt > h.App.Time.GetUtcNow())));
        Assert.Single(Mails(h, DeskEmail));
        Assert.Empty(Mails(h, MessagingHarness.StaffEmail));
        // Monday 8:03: the manager is brought in, and the desk, open again, gets its repeat.
        h.App.Time.Advance(mondayEight.AddMinutes(3) - h.App.Time.GetUtcNow());
        await WaitForAsync(() => Mails(h, MessagingHarness.StaffEmail).FirstOrDefault(), h, "the manager's escalation on Monday");
        await WaitForAsync(() => Mails(h, DeskEmail).Skip(1).FirstOrDefault(), h, "the desk's repeat on Monday");
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Appointments_BookedMovedAndCancelled_ReachWhoAskedForThem(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (desk, _, _) = await ColleaguesAsync(h);
        Assert.Equal(HttpStatusCode.OK, (await desk.PutAsJsonAsync("/api/console/me/notifications",
            new { handoffEmail = false, handoffSms = false, appointmentEmail = false, appointmentSms = true, phone = "512-555-0190" }, Ct)).StatusCode);
        var (lead, token) = await h.LeadWithTokenAsync("(512) 555-0125", "Bob");
        await h.Messaging.SettledAsync(lead.Id);
        var before = Texts(h, DeskPhone).Count();
        var saturdayNine = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero);

        var booked = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await h.ServiceIdAsync(ChatHarness.Ceramic), start = saturdayNine }), Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var id = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var text = await WaitForAsync(() => Texts(h, DeskPhone).Skip(before).FirstOrDefault(), h, "the booking alert");
        Assert.Contains("New booking: Bob", text);
        Assert.Contains("Sat Nov 28, 9:00 AM", text);
        Assert.Contains($"/console/leads/{lead.Id}", text);

        Assert.True((await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments/{id}/reschedule", token,
            new { start = saturdayNine.AddMinutes(30) }), Ct)).IsSuccessStatusCode);
        Assert.Contains("is now Sat Nov 28, 9:30 AM", await WaitForAsync(() => Texts(h, DeskPhone).Skip(before + 1).FirstOrDefault(), h, "the move alert"));
        Assert.True((await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments/{id}/cancel", token), Ct)).IsSuccessStatusCode);
        Assert.Contains("Cancelled: Bob", await WaitForAsync(() => Texts(h, DeskPhone).Skip(before + 2).FirstOrDefault(), h, "the cancel alert"));
        // The write-back's own updates (sync state) and the asking colleague's preferences for handoffs tell nobody anything else.
        h.App.Time.Advance(TimeSpan.FromMinutes(5));
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().AllAsync(a => a.DueAt == null)));
        Assert.Equal(before + 3, Texts(h, DeskPhone).Count());
        Assert.Empty(Mails(h, DeskEmail));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Preferences_AndPresence_RefuseBadInput_AndStayInTheirTenant(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (desk, owner, manager) = await ColleaguesAsync(h);
        Assert.Equal(new NotificationEndpoints.NotificationSettings(false, false, false, false, null),
            await desk.GetFromJsonAsync<NotificationEndpoints.NotificationSettings>("/api/console/me/notifications", ApiJson, Ct));
        // Texts need a number; a number must be one; neither changes anything.
        foreach (var bad in new object[]
                 {
                     new { handoffEmail = true, handoffSms = true, appointmentEmail = false, appointmentSms = false, phone = (string?)null },
                     new { handoffEmail = true, handoffSms = false, appointmentEmail = false, appointmentSms = false, phone = "call me maybe" },
                     new { handoffEmail = true, handoffSms = false, appointmentEmail = false, appointmentSms = false, phone = new string('5', 40) },
                 })
        {
            var refused = await desk.PutAsJsonAsync("/api/console/me/notifications", bad, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("invalid", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        }
        Assert.False((await desk.GetFromJsonAsync<NotificationEndpoints.NotificationSettings>("/api/console/me/notifications", ApiJson, Ct))!.HandoffEmail);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.CreateClient().GetAsync("/api/console/me/notifications", Ct)).StatusCode);
        // Each colleague's own: the owner's are untouched by the desk's.
        Assert.Equal(HttpStatusCode.OK, (await desk.PutAsJsonAsync("/api/console/me/notifications",
            new { handoffEmail = true, handoffSms = false, appointmentEmail = true, appointmentSms = false, phone = (string?)null }, Ct)).StatusCode);
        Assert.False((await owner.GetFromJsonAsync<NotificationEndpoints.NotificationSettings>("/api/console/me/notifications", ApiJson, Ct))!.HandoffEmail);

        // Presence: the manager sees the desk viewing, then typing, live and on asking.
        var (lead, token) = await h.LeadWithTokenAsync("(512) 555-0126", "Pat");
        await h.AskAsync(lead.Id, token, "what are your hours?");
        var session = (await h.SessionAsync(lead.Id))!;
        await using var live = await LiveFeed.OpenAsync(manager, "/api/console/events");
        Assert.Equal(HttpStatusCode.NoContent, (await desk.PostAsJsonAsync($"/api/console/conversations/{session.Id}/presence", new { state = "typing" }, Ct)).StatusCode);
        var heard = await live.NextAsync("presence");
        Assert.Equal("typing", heard.GetProperty("presence").GetString());
        Assert.Equal(session.Id, heard.GetProperty("conversationId").GetGuid());
        var deskId = await h.App.DbAsync(db => db.Users.AcrossTenants().Where(u => u.Email == DeskEmail).Select(u => u.Id).SingleAsync());
        Assert.Equal(deskId, heard.GetProperty("userId").GetGuid());
        var viewers = await manager.GetFromJsonAsync<JsonElement>($"/api/console/conversations/{session.Id}/presence", Ct);
        var viewer = Assert.Single(viewers.GetProperty("viewers").EnumerateArray());
        Assert.Equal("Acme FrontDesk", viewer.GetProperty("name").GetString());
        Assert.Equal("typing", viewer.GetProperty("state").GetString());
        // One's own presence is not shown to oneself; a viewing not renewed ends; "left" ends it at once.
        Assert.Empty((await desk.GetFromJsonAsync<JsonElement>($"/api/console/conversations/{session.Id}/presence", Ct)).GetProperty("viewers").EnumerateArray());
        h.App.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Empty((await manager.GetFromJsonAsync<JsonElement>($"/api/console/conversations/{session.Id}/presence", Ct)).GetProperty("viewers").EnumerateArray());
        await desk.PostAsJsonAsync($"/api/console/conversations/{session.Id}/presence", new { state = "viewing" }, Ct);
        await desk.PostAsJsonAsync($"/api/console/conversations/{session.Id}/presence", new { state = "left" }, Ct);
        Assert.Empty((await manager.GetFromJsonAsync<JsonElement>($"/api/console/conversations/{session.Id}/presence", Ct)).GetProperty("viewers").EnumerateArray());

        // Bad input changes nothing; another tenant's conversation is 404; no session is 401.
        var quiet = await h.App.DbAsync(db => db.ConsoleEvents.AcrossTenants().CountAsync());
        var dancing = await desk.PostAsJsonAsync($"/api/console/conversations/{session.Id}/presence", new { state = "dancing" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, dancing.StatusCode);
        Assert.Equal("bad_state", (await dancing.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        Assert.Equal(quiet, await h.App.DbAsync(db => db.ConsoleEvents.AcrossTenants().CountAsync()));
        var foreign = await h.Messaging.ForeignLeadAsync();
        var foreignSession = await h.App.DbAsync(async db =>
        {
            var other = await db.Leads.AcrossTenants().SingleAsync(l => l.Id == foreign);
            var s = new LeadOrchestrator.Conversations.ChatSession { Id = Guid.NewGuid(), TenantId = other.TenantId, LeadId = other.Id, CreatedAt = h.App.Time.GetUtcNow(), UpdatedAt = h.App.Time.GetUtcNow() };
            db.ChatSessions.Add(s);
            await db.SaveChangesAsync();
            return s.Id;
        });
        var events = await h.App.DbAsync(db => db.ConsoleEvents.AcrossTenants().CountAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await desk.PostAsJsonAsync($"/api/console/conversations/{foreignSession}/presence", new { state = "viewing" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/console/conversations/{foreignSession}/presence", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.CreateClient().PostAsJsonAsync($"/api/console/conversations/{session.Id}/presence", new { state = "viewing" }, Ct)).StatusCode);
        Assert.Equal(events, await h.App.DbAsync(db => db.ConsoleEvents.AcrossTenants().CountAsync()));
    }

    private static readonly JsonSerializerOptions ApiJson = LeadOrchestrator.Common.ApiJson.Options;

    /// <summary>A front-desk colleague, an owner (both signed in), and the harness's manager.</summary>
    private static async Task<(HttpClient Desk, HttpClient Owner, HttpClient Manager)> ColleaguesAsync(ChatHarness h)
    {
        await h.Messaging.AddStaffAsync(DeskEmail, Password, StaffRole.FrontDesk);
        await h.Messaging.AddStaffAsync(OwnerEmail, Password, StaffRole.Owner);
        return (await h.Messaging.StaffClientAsync(DeskEmail, Password), await h.Messaging.StaffClientAsync(OwnerEmail, Password), await h.Messaging.StaffClientAsync());
    }

    private static IEnumerable<string> Texts(ChatHarness h, string to) => h.Messaging.Twilio.Creates.Where(c => c["To"] == to).Select(c => c["Body"]);

    private sealed record Mail(string Subject, string Text);

    private static IEnumerable<Mail> Mails(ChatHarness h, string to) =>
        h.Messaging.SendGrid.Sent.Where(m => m.Body["personalizations"]![0]!["to"]![0]!["email"]!.GetValue<string>() == to)
            .Select(m => new Mail(m.Body["subject"]?.GetValue<string>() ?? m.Body["personalizations"]![0]!["subject"]?.GetValue<string>() ?? "",
                m.Body["content"]![0]!["value"]!.GetValue<string>()));

    /// <summary>
    /// Waits for something the alert worker sends, nudging the fake clock a second at a time: a pass that read the
    /// clock just before a test moved it waits for its next timer, which only a moving clock fires.
    /// </summary>
    private static async Task<T> WaitForAsync<T>(Func<T?> probe, ChatHarness h, string because)
    {
        try
        {
            await h.App.EventuallyAsync(() => Task.FromResult(probe() is not null), advance: TimeSpan.FromSeconds(1), because: because);
        }
        catch (TimeoutException)
        {
            var alerts = await h.App.DbAsync(db => db.Set<StaffAlert>().AcrossTenants().AsNoTracking().ToListAsync());
            var rows = await h.App.DbAsync(db => db.Set<StaffNotification>().AcrossTenants().AsNoTracking().ToListAsync());
            throw new TimeoutException($"{because}; now {h.App.Time.GetUtcNow():O}; alerts: {string.Join("; ", alerts.Select(a => $"{a.Kind} due {a.DueAt:O} level {a.Level} esc {a.EscalateAt:O} own {a.EscalateOwnerAt:O} closed {a.ClosedReason}"))}; sent: {string.Join("; ", rows.Select(r => $"{r.UserId} {r.Channel} {r.Reason} {r.CreatedAt:O} {r.Status}"))}; logs: {string.Join(" | ", h.App.Logs.TakeLast(5))}");
        }
        return probe()!;
    }
}
