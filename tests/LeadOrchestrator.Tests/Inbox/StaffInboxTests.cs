using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Conversations.ConversationInbox;

namespace LeadOrchestrator.Tests.Inbox;

/// <summary>
/// The staff inbox through its API: who needs a person comes first, the thread has every channel and the
/// notes, and staff replies go out exactly once on the channel chosen — never to a number that opted out,
/// never outside texting hours without a yes, never as a note.
/// </summary>
public sealed class StaffInboxTests(PostgresServer postgres) : IAsyncDisposable
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
    public async Task TheInbox_PutsWhoNeedsAPersonFirst_ThenUnansweredCustomers_ThenTheRest(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (answered, answeredToken) = await h.LeadWithTokenAsync("(512) 555-0101", "Ann");
        var (handedOver, handedOverToken) = await h.LeadWithTokenAsync("(512) 555-0102", "Ben");
        var (unanswered, _) = await h.LeadWithTokenAsync("(512) 555-0103", "Cal");
        using var staff = await h.Messaging.StaffClientAsync();

        await h.AskAsync(answered.Id, answeredToken, "what are your hours?");
        h.App.Time.Advance(TimeSpan.FromMinutes(1));
        await h.AskAsync(handedOver.Id, handedOverToken, "can I talk to a real person please");
        h.App.Time.Advance(TimeSpan.FromMinutes(1));
        // Staff have Cal's conversation, so the assistant stays silent and his text waits for a person.
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/leads/{unanswered.Id}/conversation/takeover", null, Ct)).StatusCode);
        await h.Messaging.TextTheShopAsync("+15125550103", "are you open saturday?");
        h.App.Time.Advance(TimeSpan.FromMinutes(5));

        var page = await InboxAsync(staff);
        Assert.Equal(["Ben", "Cal", "Ann"], page.Conversations.Select(c => c.Customer.Split(' ')[0]));
        Assert.Equal((Waiting.NeedsStaff, Waiting.Unanswered, Waiting.None), (page.Conversations[0].Waiting, page.Conversations[1].Waiting, page.Conversations[2].Waiting));
        Assert.StartsWith("Asked for a person", page.Conversations[0].NeedsStaffReason, StringComparison.Ordinal);
        Assert.Equal(1, page.NeedsStaffCount);
        var cal = page.Conversations[1];
        Assert.Equal((ChatRole.Customer, ConversationChannel.Sms, "are you open saturday?"), (cal.LastMessage!.Role, cal.LastMessage.Channel, cal.LastMessage.Text));
        Assert.Equal(h.App.Time.GetUtcNow() - TimeSpan.FromMinutes(5), cal.WaitingSince);
        Assert.True(cal.StaffTakeover);

        // Done takes a conversation out of the open inbox, until the customer writes again.
        var ann = page.Conversations[2];
        Assert.True((await PostAsync<ConversationSummary>(staff, $"/api/console/conversations/{ann.Id}/done")).Done);
        Assert.DoesNotContain((await InboxAsync(staff)).Conversations, c => c.Id == ann.Id);
        Assert.Contains((await InboxAsync(staff, "?status=done")).Conversations, c => c.Id == ann.Id);
        await h.AskAsync(answered.Id, answeredToken, "one more thing: do you do ceramic tint?");
        Assert.Contains((await InboxAsync(staff)).Conversations, c => c.Id == ann.Id && !c.Done);

        // Assigned to me, and only mine when I ask for mine.
        var me = (await staff.GetFromJsonAsync<ConversationConsoleEndpoints.StaffList>("/api/console/staff", ApiJson.Options, Ct))!.Staff.Single();
        var assigned = await PostAsync<ConversationSummary>(staff, $"/api/console/conversations/{cal.Id}/assign", new { userId = me.Id });
        Assert.Equal(me.Id, assigned.AssignedTo!.Id);
        Assert.Equal([cal.Id], (await InboxAsync(staff, "?assigned=me")).Conversations.Select(c => c.Id));
        Assert.DoesNotContain((await InboxAsync(staff, "?assigned=unassigned")).Conversations, c => c.Id == cal.Id);
        Assert.Equal("bad_status", (await ProblemAsync(await staff.GetAsync("/api/console/conversations?status=closed", Ct))).GetProperty("code").GetString());

        // The console's responses say how long the app took (what the performance targets measure).
        using var timed = await staff.GetAsync("/api/console/conversations", Ct);
        Assert.Matches(@"^app;dur=\d+\.\d$", timed.Headers.GetValues("Server-Timing").Single());
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AWebReply_JoinsTheCustomersChat_TakesTheConversationOver_AndANoteNeverReachesTheCustomer(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (lead, token) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();
        await h.AskAsync(lead.Id, token, "can I talk to a person about a fleet discount?");
        var id = (await InboxAsync(staff)).Conversations.Single().Id;

        var note = await PostAsync<ThreadMessage>(staff, $"/api/console/conversations/{id}/notes", new { text = "Owner approves 10% for 5+ cars" }, HttpStatusCode.Created);
        Assert.Equal((ThreadRole.Note, "Acme Manager"), (note.Role, note.Author));
        var clientId = Guid.NewGuid();
        var reply = await PostAsync<ThreadMessage>(staff, $"/api/console/conversations/{id}/replies",
            new { text = "Hi Tim, Jess here: yes, 10% for five cars or more.", clientMessageId = clientId }, HttpStatusCode.Created);
        Assert.Equal((ThreadRole.Staff, ConversationChannel.Web, "Acme Manager", (DeliveryView?)null), (reply.Role, reply.Channel, reply.Author, reply.Delivery));
        // The same reply again (a double tap, a retry) is the one stored the first time.
        var again = await PostAsync<ThreadMessage>(staff, $"/api/console/conversations/{id}/replies",
            new { text = "Hi Tim, Jess here: yes, 10% for five cars or more.", clientMessageId = clientId }, HttpStatusCode.Created);
        Assert.Equal(reply.Id, again.Id);

        var thread = (await staff.GetFromJsonAsync<ConversationThread>($"/api/console/conversations/{id}", ApiJson.Options, Ct))!;
        Assert.True(thread.Conversation.StaffTakeover);
        Assert.Equal(Waiting.None, thread.Conversation.Waiting);
        Assert.Equal([ThreadRole.Customer, ThreadRole.Assistant, ThreadRole.Note, ThreadRole.Staff], thread.Messages.Skip(thread.Messages.Count - 4).Select(m => m.Role));
        Assert.Equal(ConversationChannel.Web, thread.ReplyChannel);

        // The customer's page shows the staff reply and not the note; the assistant now stays silent.
        var history = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{lead.Id}/history", token), Ct);
        var raw = await history.Content.ReadAsStringAsync(Ct);
        Assert.Contains("10% for five cars or more", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("Owner approves", raw, StringComparison.Ordinal);
        Assert.Null((await h.AskAsync(lead.Id, token, "great, thanks!")).Response);
        Assert.Single(await h.MessagesAsync(lead.Id), m => m.Role == ChatRole.Staff);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task TheThread_SaysWhatTheToolsDid_WhichAnswersThePriceGuardReplaced_AndHowTheAssistantsTextsWent(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres, primary: "anthropic", fallback: "offline");
        var (lead, token) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();
        // An invented price, replaced by a grounded second try.
        h.Anthropic.Enqueue(new FakeModel.Reply.Text("Ceramic is only $1 today!"), new FakeModel.Reply.Text("Ceramic tint for a full sedan is $399."));
        await h.StreamAsync(lead.Id, token, "how much is ceramic?");
        // Booked from the chat page: the thread says so in words.
        var book = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/appointments", token,
            new { serviceId = await h.ServiceIdAsync(ChatHarness.Ceramic), start = new DateTimeOffset(2026, 11, 28, 15, 0, 0, TimeSpan.Zero) }), Ct);
        Assert.Equal(HttpStatusCode.Created, book.StatusCode);
        // The customer texts; the assistant answers by text (the fake model's next reply).
        h.Anthropic.Enqueue(new FakeModel.Reply.Text("See you Saturday at 9!"));
        await h.Messaging.TextTheShopAsync("+15125550187", "thanks, see you then");
        var id = (await h.SessionAsync(lead.Id))!.Id;
        var thread = await h.App.EventuallyAsync(async () =>
        {
            var t = await staff.GetFromJsonAsync<ConversationThread>($"/api/console/conversations/{id}", ApiJson.Options, Ct);
            // The delivery row is written before Twilio is called ("sending"); wait for Twilio's answer too.
            return t!.Messages.Any(m => m is { Role: ThreadRole.Assistant, Channel: ConversationChannel.Sms, Delivery.Status: not DeliveryStatus.Sending }) ? t : null;
        }, advance: TimeSpan.FromSeconds(1), because: "the assistant's text went out");

        var guarded = Assert.Single(thread.Messages, m => m.Role == ThreadRole.Assistant && m.Text.Contains("$399", StringComparison.Ordinal) && m.Channel == ConversationChannel.Web);
        Assert.True(guarded.Replaced);
        Assert.DoesNotContain(thread.Messages, m => m.Text.Contains("$1 ", StringComparison.Ordinal));
        var booked = thread.Messages.Single(m => m.Role == ThreadRole.Event);
        Assert.Equal("Booked Ceramic Window Tint - Full Sedan for Sat Nov 28, 9:00 AM", booked.Text);
        var bySms = thread.Messages.Single(m => m is { Role: ThreadRole.Assistant, Channel: ConversationChannel.Sms });
        Assert.Equal("See you Saturday at 9!", bySms.Text);
        Assert.Equal(DeliveryStatus.Queued, bySms.Delivery!.Status);
        Assert.False(bySms.Replaced);
        // In order: the answers, the booking, then the text and its answer.
        Assert.Equal(thread.Messages.Select(m => m.At).Order(), thread.Messages.Select(m => m.At));
        Assert.True(booked.At < bySms.At);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task AnSmsReply_GoesOutOnce_OptedOutIsRefused_AndOutsideTextingHoursAsksFirst(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (lead, _) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/leads/{lead.Id}/conversation/takeover", null, Ct)).StatusCode);
        await h.Messaging.TextTheShopAsync("+15125550187", "do you have anything tomorrow morning?");
        var id = (await InboxAsync(staff)).Conversations.Single().Id;
        Assert.Equal(ConversationChannel.Sms, (await staff.GetFromJsonAsync<ConversationThread>($"/api/console/conversations/{id}", ApiJson.Options, Ct))!.ReplyChannel);

        var texts = h.Messaging.Twilio.Creates.Count;
        var reply = await PostAsync<ThreadMessage>(staff, $"/api/console/conversations/{id}/replies", new { text = "Yes, 9:00 is free. Shall I book it?" }, HttpStatusCode.Created);
        Assert.Equal((ConversationChannel.Sms, DeliveryStatus.Queued), (reply.Channel, reply.Delivery!.Status));
        var sent = Assert.Single(h.Messaging.Twilio.Creates.Skip(texts));
        Assert.Equal(("+15125550187", "Yes, 9:00 is free. Shall I book it?"), (sent["To"], sent["Body"]));
        var delivery = (await h.Messaging.DeliveriesAsync(lead.Id)).Single(d => d.Kind == ConversationService.StaffReplyKind);
        Assert.Equal(DeliveryStatus.Queued, delivery.Status);

        // Outside the shop's texting hours (9 pm there): asked first, nothing sent; sent once confirmed.
        h.App.Time.Advance(TimeSpan.FromHours(11));
        using var evening = await h.Messaging.StaffClientAsync(); // a new shift, a new sign-in
        var late = await evening.PostAsJsonAsync($"/api/console/conversations/{id}/replies", new { text = "Still there?", channel = "sms" }, ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var problem = await ProblemAsync(late);
        Assert.Equal("outside_sms_window", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("opensAt").GetDateTimeOffset() > h.App.Time.GetUtcNow());
        Assert.Single(h.Messaging.Twilio.Creates.Skip(texts));
        await PostAsync<ThreadMessage>(evening, $"/api/console/conversations/{id}/replies", new { text = "Still there?", channel = "sms", confirmOutsideSmsWindow = true }, HttpStatusCode.Created);
        Assert.Equal(2, h.Messaging.Twilio.Creates.Skip(texts).Count());

        // STOP: the next text is refused with the reason, and nothing is stored or sent.
        await h.Messaging.TextTheShopAsync("+15125550187", "STOP");
        var stored = (await h.MessagesAsync(lead.Id)).Count;
        var refused = await evening.PostAsJsonAsync($"/api/console/conversations/{id}/replies", new { text = "Sorry to see you go", channel = "sms", confirmOutsideSmsWindow = true }, ApiJson.Options, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("opted_out", (await ProblemAsync(refused)).GetProperty("code").GetString());
        Assert.Equal(2, h.Messaging.Twilio.Creates.Skip(texts).Count());
        Assert.Equal(stored, (await h.MessagesAsync(lead.Id)).Count);
        var thread = (await evening.GetFromJsonAsync<ConversationThread>($"/api/console/conversations/{id}", ApiJson.Options, Ct))!;
        Assert.Equal((false, "This customer opted out of texts (STOP); nothing was sent."), (thread.CanText, thread.CannotTextReason));
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ASuggestedReply_IsADraftFromTheAssistant_GroundedInTheCatalog_ThatBooksNothingAndStoresNothing(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (lead, token) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/leads/{lead.Id}/conversation/takeover", null, Ct)).StatusCode);
        await h.AskAsync(lead.Id, token, "how much is ceramic tint for a sedan?");
        var id = (await InboxAsync(staff)).Conversations.Single().Id;
        var before = (await h.MessagesAsync(lead.Id)).Count;

        var draft = await PostAsync<LeadOrchestrator.Chat.Suggestion>(staff, $"/api/console/conversations/{id}/suggestion");
        Assert.Contains("Ceramic Window Tint - Full Sedan: $399", draft.Text, StringComparison.Ordinal);
        Assert.Equal("offline", draft.Provider);
        Assert.Equal(before, (await h.MessagesAsync(lead.Id)).Count);

        // "The first one" after the assistant's offer: a draft may offer, it never books.
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/conversations/{id}/release", null, Ct)).StatusCode);
        await h.AskAsync(lead.Id, token, "what times do you have saturday morning for ceramic tint sedan?");
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/conversations/{id}/takeover", null, Ct)).StatusCode);
        await h.AskAsync(lead.Id, token, "the first one please");
        var stored = (await h.MessagesAsync(lead.Id)).Count;
        var offer = await PostAsync<LeadOrchestrator.Chat.Suggestion>(staff, $"/api/console/conversations/{id}/suggestion");
        Assert.False(string.IsNullOrWhiteSpace(offer.Text));
        Assert.False(await h.App.DbAsync(db => db.Appointments.AcrossTenants().AnyAsync(a => a.LeadId == lead.Id, Ct)));
        Assert.Equal(stored, (await h.MessagesAsync(lead.Id)).Count);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task SavedReplies_AreManagedByManagers_CheckedBeforeTheyAreStored_AndFilledInForTheCustomer(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (lead, token) = await h.LeadWithTokenAsync();
        using var manager = await h.Messaging.StaffClientAsync();
        await h.Messaging.AddStaffAsync("desk@acme.example", "front-desk-password-1", LeadOrchestrator.Staff.StaffRole.FrontDesk);
        using var desk = await h.Messaging.StaffClientAsync("desk@acme.example", "front-desk-password-1");
        await h.AskAsync(lead.Id, token, "hi");
        var id = (await InboxAsync(desk)).Conversations.Single().Id;

        var hours = await PostAsync<SavedReplyEndpoints.SavedReplyView>(manager, "/api/console/saved-replies",
            new { title = "Hours", body = "Hi {{ first_name }}, {{ shop.name }} is open {{ shop.hours }}." }, HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Forbidden, (await desk.PostAsJsonAsync("/api/console/saved-replies", new { title = "Mine", body = "hello" }, Ct)).StatusCode);
        var broken = await manager.PostAsJsonAsync("/api/console/saved-replies", new { title = "Broken", body = "Hi {{ first_name" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.True((await ProblemAsync(broken)).GetProperty("errors").TryGetProperty("body", out _));
        var twice = await manager.PostAsJsonAsync("/api/console/saved-replies", new { title = "Hours", body = "again" }, Ct);
        Assert.Equal("title_taken", (await ProblemAsync(twice)).GetProperty("code").GetString());

        var list = (await desk.GetFromJsonAsync<SavedReplyEndpoints.SavedReplyList>("/api/console/saved-replies", ApiJson.Options, Ct))!;
        Assert.Equal(["Hours"], list.SavedReplies.Select(r => r.Title));
        var filled = (await desk.GetFromJsonAsync<SavedReplyEndpoints.FilledIn>($"/api/console/conversations/{id}/saved-replies/{hours.Id}", ApiJson.Options, Ct))!;
        Assert.StartsWith("Hi Tim, acme Round Rock is open ", filled.Text, StringComparison.Ordinal);
        // The customer's fields also by the customer's name.
        var named = await PostAsync<SavedReplyEndpoints.SavedReplyView>(manager, "/api/console/saved-replies",
            new { title = "Car", body = "Hi {{ customer.first_name }}, about your {{ customer.vehicle }}" }, HttpStatusCode.Created);
        var car = (await desk.GetFromJsonAsync<SavedReplyEndpoints.FilledIn>($"/api/console/conversations/{id}/saved-replies/{named.Id}", ApiJson.Options, Ct))!;
        Assert.StartsWith("Hi Tim, about your 20", car.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/console/saved-replies/{named.Id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await desk.DeleteAsync($"/api/console/saved-replies/{hours.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/console/saved-replies/{hours.Id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync($"/api/console/conversations/{id}/saved-replies/{hours.Id}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task ByLead_MessagesNotesAndActions_WorkLikeTheConversationRoutes_AndRefuseWhatTheyMust(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (lead, token) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();
        var texts = h.Messaging.Twilio.Creates.Count;

        // A lead that never wrote: staff start the conversation, by text; the same id twice sends once.
        var clientId = Guid.NewGuid();
        var first = await PostAsync<ThreadMessage>(staff, $"/api/console/leads/{lead.Id}/messages", new { body = "Hi Tim, any questions about the tint?", channel = "sms", clientMessageId = clientId }, HttpStatusCode.Created);
        var again = await PostAsync<ThreadMessage>(staff, $"/api/console/leads/{lead.Id}/messages", new { body = "Hi Tim, any questions about the tint?", channel = "sms", clientMessageId = clientId }, HttpStatusCode.Created);
        Assert.Equal((first.Id, ConversationChannel.Sms), (again.Id, again.Channel));
        Assert.Single(h.Messaging.Twilio.Creates.Skip(texts));
        var chat = await PostAsync<ThreadMessage>(staff, $"/api/console/leads/{lead.Id}/messages", new { body = "Or write here, whatever suits you.", channel = "chat" }, HttpStatusCode.Created);
        Assert.Equal(ConversationChannel.Web, chat.Channel);
        foreach (var body in new object[] { new { body = "" }, new { body = "   " }, new { body = new string('a', 1601) }, new { body = "hi", channel = "fax" } })
        {
            var bad = await staff.PostAsJsonAsync($"/api/console/leads/{lead.Id}/messages", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        Assert.Equal(2, (await h.MessagesAsync(lead.Id)).Count(m => m.Role == ChatRole.Staff));

        var note = await PostAsync<ThreadMessage>(staff, $"/api/console/leads/{lead.Id}/notes", new { body = "Prefers texts after 5" }, HttpStatusCode.Created);
        Assert.Equal(ThreadRole.Note, note.Role);
        Assert.False((await PostAsync<ConversationSummary>(staff, $"/api/console/leads/{lead.Id}/handback")).StaffTakeover);
        Assert.True((await PostAsync<ConversationSummary>(staff, $"/api/console/leads/{lead.Id}/takeover")).StaffTakeover);
        Assert.True((await PostAsync<ConversationSummary>(staff, $"/api/console/leads/{lead.Id}/done")).Done);
        Assert.Single((await InboxAsync(staff, "?filter=done")).Conversations);
        Assert.False((await PostAsync<ConversationSummary>(staff, $"/api/console/leads/{lead.Id}/reopen")).Done);
        Assert.Null((await PostAsync<ConversationSummary>(staff, $"/api/console/leads/{lead.Id}/assign", new { userId = (Guid?)null })).AssignedTo);
        Assert.False(string.IsNullOrWhiteSpace((await PostAsync<LeadOrchestrator.Chat.Suggestion>(staff, $"/api/console/leads/{lead.Id}/suggest-reply")).Text));

        // The filters in one word.
        await h.Messaging.TextTheShopAsync("+15125550187", "is saturday ok?");
        Assert.Single((await InboxAsync(staff, "?filter=unanswered")).Conversations);
        Assert.Empty((await InboxAsync(staff, "?filter=needs_staff")).Conversations);
        Assert.Empty((await InboxAsync(staff, "?filter=mine")).Conversations);
        Assert.Single((await InboxAsync(staff, "?filter=unassigned")).Conversations);
        Assert.Equal("bad_filter", (await ProblemAsync(await staff.GetAsync("/api/console/conversations?filter=everything", Ct))).GetProperty("code").GetString());

        // Opted out: refused with the code, nothing sent.
        await h.Messaging.TextTheShopAsync("+15125550187", "STOP");
        var sent = h.Messaging.Twilio.Creates.Count;
        var refused = await staff.PostAsJsonAsync($"/api/console/leads/{lead.Id}/messages", new { body = "Are you sure?", channel = "sms" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("opted_out", (await ProblemAsync(refused)).GetProperty("code").GetString());
        Assert.Equal(sent, h.Messaging.Twilio.Creates.Count);

        // Another tenant's lead: 404 everywhere; no session: 401; another site: refused.
        var foreign = await h.Messaging.ForeignLeadAsync();
        foreach (var path in new[] { "messages", "notes", "takeover", "handback", "done", "reopen", "assign", "suggest-reply" })
        {
            var response = await staff.PostAsJsonAsync($"/api/console/leads/{foreign}/{path}", new { body = "hi", userId = (Guid?)null }, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Client.PostAsJsonAsync($"/api/console/leads/{lead.Id}/{path}", new { body = "hi" }, Ct)).StatusCode);
        }
        Assert.False(await h.App.DbAsync(db => db.ChatSessions.AcrossTenants().AnyAsync(s => s.LeadId == foreign, Ct)));
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/api/console/leads/{lead.Id}/messages") { Content = JsonContent.Create(new { body = "forged", channel = "chat" }) };
        forged.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.SendAsync(forged, Ct)).StatusCode);
        Assert.DoesNotContain(await h.MessagesAsync(lead.Id), m => m.Content == "forged");
    }

    [Fact]
    public async Task AStaffTextWhoseSenderStopped_IsSettledAtTwilio_NeverSentTwice()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var (lead, _) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/leads/{lead.Id}/conversation/takeover", null, Ct)).StatusCode);
        await h.Messaging.TextTheShopAsync("+15125550187", "hello?");
        var id = (await InboxAsync(staff)).Conversations.Single().Id;
        var reply = await PostAsync<ThreadMessage>(staff, $"/api/console/conversations/{id}/replies", new { text = "Hi! How can I help?" }, HttpStatusCode.Created);
        // As if the request had died after handing it to Twilio: its delivery left "sending".
        await h.App.DbAsync(db => db.MessageDeliveries.AcrossTenants().Where(d => d.Kind == ConversationService.StaffReplyKind)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.Status, DeliveryStatus.Sending), Ct));
        var texts = h.Messaging.Twilio.Creates.Count;

        await h.App.EventuallyAsync(async () => (await h.Messaging.DeliveriesAsync(lead.Id)).Single(d => d.Kind == ConversationService.StaffReplyKind).Status == DeliveryStatus.Queued,
            advance: TimeSpan.FromMinutes(1), because: "found at Twilio after the lease");
        Assert.Equal(texts, h.Messaging.Twilio.Creates.Count);
        var thread = (await staff.GetFromJsonAsync<ConversationThread>($"/api/console/conversations/{id}", ApiJson.Options, Ct))!;
        Assert.Equal(DeliveryStatus.Queued, thread.Messages.Single(m => m.Id == reply.Id).Delivery!.Status);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task TheInbox_ComesInPages_ThatKeepItsOrder_AndMissAndRepeatNothing(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var now = h.App.Time.GetUtcNow();
        var min = TimeSpan.FromMinutes(1);
        // Three handed over (two in the same instant), two unanswered, four answered (two in the same instant).
        var sessions = new (string Phone, bool NeedsStaff, DateTimeOffset? Awaiting, DateTimeOffset Last)[]
        {
            ("+15125550201", true, null, now - 3 * min), ("+15125550202", true, null, now - 9 * min), ("+15125550203", true, null, now - 9 * min),
            ("+15125550204", false, now - 20 * min, now - 2 * min), ("+15125550205", false, now - 30 * min, now - 30 * min),
            ("+15125550206", false, null, now - 5 * min), ("+15125550207", false, null, now - 8 * min), ("+15125550208", false, null, now - 8 * min),
            ("+15125550209", false, null, now - 60 * min),
        };
        await h.App.DbAsync(async db =>
        {
            foreach (var (phone, needsStaff, awaiting, last) in sessions)
                db.ChatSessions.Add(new ChatSession
                {
                    Id = Guid.NewGuid(), TenantId = h.Messaging.TenantId, LocationId = h.Messaging.Intake.LocationId, ContactPhone = phone, NeedsStaff = needsStaff, NeedsStaffAt = needsStaff ? last : null,
                    NeedsStaffReason = needsStaff ? "customer asked" : null, AwaitingReplySince = awaiting, LastMessageAt = last, CreatedAt = last, UpdatedAt = last,
                });
            await db.SaveChangesAsync(Ct);
        });
        using var staff = await h.Messaging.StaffClientAsync();

        var whole = await InboxAsync(staff);
        Assert.Null(whole.NextCursor);
        Assert.Equal(3, whole.NeedsStaffCount);
        // Longest-waiting handoffs first, then the longest-waiting unanswered, then the newest of the rest.
        Assert.Equal(["0202|0203", "0202|0203", "0201", "0205", "0204", "0206", "0207|0208", "0207|0208", "0209"],
            whole.Conversations.Select(c => c.Phone![^4..] switch { "0202" or "0203" => "0202|0203", "0207" or "0208" => "0207|0208", var p => p }));

        foreach (var size in new[] { 1, 2, 4 })
        {
            var walked = new List<Guid>();
            string? cursor = null;
            do
            {
                var page = await InboxAsync(staff, $"?limit={size}" + (cursor is null ? "" : "&cursor=" + cursor));
                Assert.InRange(page.Conversations.Count, 1, size);
                Assert.Equal(3, page.NeedsStaffCount);
                walked.AddRange(page.Conversations.Select(c => c.Id));
                cursor = page.NextCursor;
            }
            while (cursor is not null);
            Assert.Equal(whole.Conversations.Select(c => c.Id), walked);
        }
        // A filter pages within its own part.
        var handoffs = await InboxAsync(staff, "?filter=needs_staff&limit=2");
        Assert.Equal(whole.Conversations.Take(2).Select(c => c.Id), handoffs.Conversations.Select(c => c.Id));
        Assert.Equal([whole.Conversations[2].Id], (await InboxAsync(staff, "?filter=needs_staff&limit=2&cursor=" + handoffs.NextCursor)).Conversations.Select(c => c.Id));

        foreach (var (query, code) in new[] { ("?cursor=nope", "bad_cursor"), ("?limit=0", "bad_limit"), ("?limit=201", "bad_limit") })
            Assert.Equal(code, (await ProblemAsync(await staff.GetAsync("/api/console/conversations" + query, Ct))).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnotherTenantsConversation_IsNotFound_ForEveryRoute_AndNothingChanges()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var foreignLead = await h.Messaging.ForeignLeadAsync();
        var foreign = Guid.NewGuid();
        await h.App.DbAsync(async db =>
        {
            var lead = await db.Leads.AcrossTenants().SingleAsync(l => l.Id == foreignLead);
            var now = h.App.Time.GetUtcNow();
            db.ChatSessions.Add(new ChatSession { Id = foreign, TenantId = lead.TenantId, LeadId = lead.Id, NeedsStaff = true, LastMessageAt = now, CreatedAt = now, UpdatedAt = now });
            await db.SaveChangesAsync();
        });
        using var staff = await h.Messaging.StaffClientAsync();

        Assert.Empty((await InboxAsync(staff)).Conversations);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/api/console/conversations/{foreign}", Ct)).StatusCode);
        foreach (var (path, body) in new (string, object?)[]
        {
            ("replies", new { text = "hi", channel = "web" }), ("notes", new { text = "hi" }), ("takeover", null), ("release", null),
            ("done", null), ("reopen", null), ("assign", new { userId = (Guid?)null }), ("suggestion", null),
        })
        {
            var response = body is null ? await staff.PostAsync($"/api/console/conversations/{foreign}/{path}", null, Ct)
                : await staff.PostAsJsonAsync($"/api/console/conversations/{foreign}/{path}", body, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
        var untouched = await h.App.DbAsync(db => db.ChatSessions.AcrossTenants().SingleAsync(s => s.Id == foreign));
        Assert.Equal((false, true, (DateTimeOffset?)null, (Guid?)null), (untouched.StaffTakeover, untouched.NeedsStaff, untouched.DoneAt, untouched.AssignedToUserId));
        Assert.False(await h.App.DbAsync(db => db.ChatMessages.AcrossTenants().AnyAsync(m => m.SessionId == foreign)));
        Assert.False(await h.App.DbAsync(db => db.ConversationNotes.AcrossTenants().AnyAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Client.GetAsync("/api/console/conversations", Ct)).StatusCode);

        // A colleague of another tenant cannot be assigned either.
        var (own, token) = await h.LeadWithTokenAsync();
        await h.AskAsync(own.Id, token, "hi");
        var mine = (await InboxAsync(staff)).Conversations.Single().Id;
        await h.Messaging.AddStaffAsync("other@other.example", "other-password-123", LeadOrchestrator.Staff.StaffRole.FrontDesk,
            await h.App.DbAsync(db => db.Leads.AcrossTenants().Where(l => l.Id == foreignLead).Select(l => l.TenantId).SingleAsync()));
        var outsider = await h.App.DbAsync(db => db.Users.AcrossTenants().Where(u => u.Email == "other@other.example").Select(u => u.Id).SingleAsync());
        var assign = await staff.PostAsJsonAsync($"/api/console/conversations/{mine}/assign", new { userId = outsider }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, assign.StatusCode);
        Assert.Equal("unknown_colleague", (await ProblemAsync(assign)).GetProperty("code").GetString());
    }

    private static async Task<InboxPage> InboxAsync(HttpClient staff, string query = "") =>
        (await staff.GetFromJsonAsync<InboxPage>("/api/console/conversations" + query, ApiJson.Options, Ct))!;

    private static async Task<T> PostAsync<T>(HttpClient staff, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = body is null ? await staff.PostAsync(path, null, Ct) : await staff.PostAsJsonAsync(path, body, ApiJson.Options, Ct);
        Assert.True(response.StatusCode == expected, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, Ct))!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct);
}
