using System.Net;
using System.Net.Http.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Tests.Chat;

/// <summary>
/// Staff take a conversation over and hand it back: while they have it the assistant answers nothing, on
/// the web or by SMS; once handed back it answers again. Only the staff's own tenant's leads.
/// </summary>
public sealed class TakeoverApiTests(PostgresServer postgres) : IAsyncDisposable
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
    public async Task WhileStaffHaveIt_TheAssistantIsSilent_OnTheWebAndBySms_AndAnswersAgainOnceHandedBack(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres);
        var (lead, token) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();

        var taken = await staff.PostAsync($"/api/console/leads/{lead.Id}/conversation/takeover", null, Ct);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var state = (await taken.Content.ReadFromJsonAsync<ConversationConsoleEndpoints.ConversationState>(ApiJson.Options, Ct))!;
        Assert.True(state.StaffTakeover);

        var web = await h.AskAsync(lead.Id, token, "can I speak to someone?");
        Assert.Equal((null, "staff", true), (web.Response, web.Provider, web.StaffTakeover));
        var texts = h.Messaging.Twilio.Creates.Count;
        h.App.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Messaging.TextTheShopAsync("+15125550187", "hello?");
        var text = await h.App.EventuallyAsync(async () => (await h.MessagesAsync(lead.Id)).LastOrDefault(m => m.Channel == ConversationChannel.Sms), because: "the text stored");
        Assert.Equal(SmsReplyState.Skipped, text.ReplyState);
        Assert.DoesNotContain(await h.MessagesAsync(lead.Id), m => m.Role == ChatRole.Assistant);
        Assert.Equal(texts, h.Messaging.Twilio.Creates.Count);

        var released = await staff.PostAsync($"/api/console/leads/{lead.Id}/conversation/release", null, Ct);
        Assert.False((await released.Content.ReadFromJsonAsync<ConversationConsoleEndpoints.ConversationState>(ApiJson.Options, Ct))!.StaffTakeover);
        h.App.Time.Advance(TimeSpan.FromSeconds(1));
        await h.Messaging.TextTheShopAsync("+15125550187", "how much is the sun strip?");
        await h.App.EventuallyAsync(async () => (await h.MessagesAsync(lead.Id)).LastOrDefault(m => m.Role == ChatRole.Customer)?.ReplyState == SmsReplyState.Sent,
            because: "the assistant answers the text again");
        Assert.Contains(h.Messaging.Twilio.Creates.Skip(texts), c => c["Body"].Contains("Windshield Sun Strip: $69", StringComparison.Ordinal));
        Assert.NotNull((await h.AskAsync(lead.Id, token, "thanks, what are your hours?")).Response);
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task TakingOver_WhileAnAnswerStreams_LetsItFinishAndBeStored_AndNoLaterMessageIsAnswered(DatabaseKind kind)
    {
        var h = _h = await ChatHarness.StartAsync(kind, postgres, primary: "anthropic");
        var (lead, token) = await h.LeadWithTokenAsync();
        await h.Messaging.SettledAsync(lead.Id);
        using var staff = await h.Messaging.StaffClientAsync();
        var release = new TaskCompletionSource();
        h.Anthropic.Enqueue(new LeadOrchestrator.Tests.Infrastructure.FakeModel.Reply.Gated("Ceramic tint for a sedan is $399 and takes about three hours.", release));

        var streaming = await h.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/stream", token,
            new { message = "how much is ceramic tint?", clientMessageId = Guid.NewGuid() }), HttpCompletionOption.ResponseHeadersRead, Ct);
        var body = await streaming.Content.ReadAsStreamAsync(Ct);
        Assert.True(await body.ReadAsync(new byte[256], Ct) > 0); // the answer has begun
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/console/leads/{lead.Id}/conversation/takeover", null, Ct)).StatusCode);
        release.SetResult();
        await new StreamReader(body).ReadToEndAsync(Ct);

        // The answer that was on its way is finished and stored whole …
        var answer = await h.App.EventuallyAsync(async () => (await h.MessagesAsync(lead.Id)).SingleOrDefault(m => m is { Role: ChatRole.Assistant, Status: ChatMessageStatus.Complete }),
            because: "the streaming answer finished");
        Assert.Equal("Ceramic tint for a sedan is $399 and takes about three hours.", answer.Content);
        // … and the next message is for staff: no model is asked, no answer comes.
        var asked = h.Anthropic.Requests.Count;
        var next = await h.AskAsync(lead.Id, token, "and for an SUV?");
        Assert.Equal((null, true), (next.Response, next.StaffTakeover));
        Assert.Equal(asked, h.Anthropic.Requests.Count);
        Assert.Single(await h.MessagesAsync(lead.Id), m => m.Role == ChatRole.Assistant);
    }

    [Fact]
    public async Task AnotherTenantsLead_IsNotFound_AndNothingChanges()
    {
        var h = _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres);
        var foreign = await h.Messaging.ForeignLeadAsync();
        using var staff = await h.Messaging.StaffClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/console/leads/{foreign}/conversation/takeover", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync($"/api/console/leads/{foreign}/conversation/release", null, Ct)).StatusCode);
        Assert.False(await h.App.DbAsync(db => db.ChatSessions.AcrossTenants().AnyAsync(s => s.LeadId == foreign, Ct)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.App.Client.PostAsync($"/api/console/leads/{foreign}/conversation/takeover", null, Ct)).StatusCode);
    }
}
