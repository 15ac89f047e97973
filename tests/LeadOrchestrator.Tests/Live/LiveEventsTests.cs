using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Data;
using LeadOrchestrator.Live;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Live;

/// <summary>
/// The console's live stream and the chat page's: what happens reaches every open console of the tenant
/// without a reload, in order; a dropped connection resumes with Last-Event-ID and misses nothing, sees
/// nothing twice; another tenant's changes are never heard; a change made on one instance reaches a
/// console connected to another.
/// </summary>
public sealed class LiveEventsTests(PostgresServer postgres) : IAsyncDisposable
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
    [InlineData(DatabaseKind.Postgres)]
    public async Task WhatHappens_ReachesTheConsoleLive_InOrder_AndAResumedStreamMissesNothing(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        await using var live = await LiveFeed.OpenAsync(staff, "/api/console/events");

        var (lead, token) = await h.LeadWithTokenAsync();
        var created = await live.NextAsync("lead.created", e => Lead(e) == lead.Id);
        await using var page = await LiveFeed.OpenAsync(h.App.Client, $"/api/chat/{lead.Id}/events", bearer: token);

        await h.AskAsync(lead.Id, token, "can I talk to a real person please");
        await live.NextAsync("message.created", e => Lead(e) == lead.Id && e.GetProperty("role").GetString() == "customer");
        await live.NextAsync("conversation.needs_staff", e => Lead(e) == lead.Id);

        var sent = await staff.PostAsJsonAsync($"/api/console/leads/{lead.Id}/messages", new { body = "Hi Tim, it's Dana from the shop.", channel = "chat" }, Ct);
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var replyId = (await sent.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();
        var staffMessage = await live.NextAsync("message.created", e => e.GetProperty("role").GetString() == "staff");
        Assert.Equal(replyId, staffMessage.GetProperty("messageId").GetGuid());
        Assert.Equal(lead.Id, Lead(staffMessage));

        // The customer's page hears of the staff reply, and its history has it.
        var onPage = await page.NextAsync("staff_message");
        Assert.Equal(replyId, onPage.GetProperty("messageId").GetGuid());
        var history = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/history", token), Ct);
        Assert.Contains((await history.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("messages").EnumerateArray(),
            m => m.GetProperty("id").GetGuid() == replyId && m.GetProperty("role").GetString() == "staff" && m.GetProperty("staffName").GetString() == StaffFirstName);

        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/leads/{lead.Id}/handback", null, Ct)).StatusCode);
        await live.NextAsync("conversation.updated", e => Lead(e) == lead.Id);

        // Ids only grow; a stream resumed after the first event replays exactly what followed it, once.
        var ids = live.Seen.Select(e => long.Parse(e.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        await using var resumed = await LiveFeed.OpenAsync(staff, "/api/console/events", lastEventId: live.Seen[0].EventId);
        foreach (var expected in live.Seen.Skip(1))
        {
            var again = await resumed.NextAsync();
            Assert.Equal((expected.EventId, expected.EventType, expected.Data), (again.EventId, again.EventType, again.Data));
        }
        await h.Messaging.TextTheShopAsync("+15125550187", "thanks!");
        var next = await resumed.NextAsync();
        Assert.Equal("message.created", next.EventType);
        Assert.True(long.Parse(next.EventId!, System.Globalization.CultureInfo.InvariantCulture) > ids[^1]);
        Assert.Equal(created.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), live.Seen.First(e => e.EventType == "lead.created").EventId);
    }

    [Fact]
    public async Task ABooking_AndItsShopMonkeyWriteBack_AreBothHeard()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        var (lead, token) = await h.LeadWithTokenAsync();
        await using var live = await LiveFeed.OpenAsync(staff, "/api/console/events");
        var book = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await h.ServiceIdAsync(ChatHarness.Ceramic), start = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero) }), Ct);
        Assert.Equal(HttpStatusCode.Created, book.StatusCode);
        var appointment = (await book.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetGuid();

        // Booked by the customer: the console tells of it (a desktop alert, a badge), and no colleague did it.
        var booked = await live.NextAsync("appointment.changed", e => e.GetProperty("appointmentId").GetGuid() == appointment);
        Assert.Equal("booked", booked.GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, booked.GetProperty("userId").ValueKind);
        await h.App.EventuallyAsync(() => h.App.DbAsync(db => db.Appointments.AcrossTenants().AnyAsync(a => a.Id == appointment && a.SyncState == LeadOrchestrator.Booking.SyncState.Synced, Ct)),
            because: "written back to ShopMonkey");
        // The write-back is a set-based update: it announces itself, as nothing to tell staff of.
        var synced = await live.NextAsync("appointment.changed", e => e.GetProperty("appointmentId").GetGuid() == appointment);
        Assert.Equal(JsonValueKind.Null, synced.GetProperty("change").ValueKind);

        // Cancelled from the console: the event names the colleague, whose own console does not alert them.
        var me = (await staff.GetFromJsonAsync<JsonElement>("/api/console/me", Ct)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/appointments/{appointment}/cancel", null, Ct)).StatusCode);
        var cancelled = await live.NextAsync("appointment.changed", e => e.GetProperty("appointmentId").GetGuid() == appointment && e.GetProperty("change").ValueKind != JsonValueKind.Null);
        Assert.Equal(("cancelled", me), (cancelled.GetProperty("change").GetString(), cancelled.GetProperty("userId").GetGuid()));
    }

    [Fact]
    public async Task AnotherTenantsChanges_AreNeverHeard_AndBadRequestsAreRefused()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        await using var live = await LiveFeed.OpenAsync(staff, "/api/console/events");

        var foreign = await h.Messaging.ForeignLeadAsync();
        var (own, ownToken) = await h.LeadWithTokenAsync();
        var first = await live.NextAsync();
        Assert.Equal(own.Id, Lead(JsonDocument.Parse(first.Data).RootElement));
        Assert.True(await h.App.DbAsync(db => db.ConsoleEvents.AcrossTenants().AnyAsync(e => e.LeadId == foreign, Ct)), "the foreign lead's event was recorded");

        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Client.GetAsync("/api/console/events", Ct)).StatusCode);
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/api/console/events");
        bad.Headers.Add("Last-Event-ID", "yesterday");
        var refused = await staff.SendAsync(bad, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("bad_last_event_id", (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        // A chat link opens its own lead's stream only.
        Assert.Equal(HttpStatusCode.NotFound, (await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{foreign}/events", ownToken), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Client.GetAsync($"/api/chat/{own.Id}/events", Ct)).StatusCode);
    }

    [Fact]
    public async Task AStreamResumedAfterItsEventsWerePruned_IsToldToStartAfresh()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        using var staff = await h.Messaging.StaffClientAsync();
        await h.LeadWithTokenAsync();
        var gone = await h.App.DbAsync(db => db.ConsoleEvents.AcrossTenants().MaxAsync(e => e.Id, Ct));
        await h.LeadWithTokenAsync("(512) 555-0111", "Ann");
        await h.App.DbAsync(db => db.ConsoleEvents.AcrossTenants().Where(e => e.Id <= gone).ExecuteDeleteAsync(Ct));

        await using var resumed = await LiveFeed.OpenAsync(staff, "/api/console/events", lastEventId: gone.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var reset = await resumed.NextAsync();
        Assert.Equal("reset", reset.EventType);
        // ...and goes on live from there.
        await h.LeadWithTokenAsync("(512) 555-0112", "Ben");
        Assert.Equal("lead.created", (await resumed.NextAsync()).EventType);
    }

    [Fact]
    public async Task AChangeCommittedOnOneInstance_ReachesAConsoleConnectedToAnother()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Postgres, postgres);
        await using var twin = TestApp.Start(h.App.Database, h.App.Time, h.App.Settings);
        var staffClient = twin.CreateClient();
        var login = await staffClient.PostAsJsonAsync("/api/console/auth/login", new { email = MessagingHarness.StaffEmail, password = MessagingHarness.StaffPassword }, Ct);
        Assert.True(login.IsSuccessStatusCode, $"sign-in: {login.StatusCode}");
        await using var live = await LiveFeed.OpenAsync(staffClient, "/api/console/events");

        var (lead, token) = await h.LeadWithTokenAsync();
        await live.NextAsync("lead.created", e => Lead(e) == lead.Id);
        await h.AskAsync(lead.Id, token, "do you do ceramic tint?");
        await live.NextAsync("message.created", e => Lead(e) == lead.Id && e.GetProperty("role").GetString() == "assistant");
    }

    /// <summary>The harness's colleague, as a customer sees them.</summary>
    private const string StaffFirstName = "Acme";

    private static Guid? Lead(JsonElement e) => e.GetProperty("leadId").ValueKind == JsonValueKind.Null ? null : e.GetProperty("leadId").GetGuid();
}
