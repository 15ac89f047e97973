using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static LeadOrchestrator.Tests.Infrastructure.FakeModel;

namespace LeadOrchestrator.Tests.Chat;

/// <summary>
/// Claude and OpenAI-compatible models through their official SDKs, pointed at fakes that speak the
/// real streaming formats: usage and cost, tool calls, fallback, circuit breaking, broken streams, the price guard.
/// </summary>
public sealed class ChatProviderTests(PostgresServer postgres) : IAsyncDisposable
{
    private ChatHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<ChatHarness> StartAsync(string primary, string? fallback = null, Dictionary<string, string?>? settings = null) =>
        _h = await ChatHarness.StartAsync(DatabaseKind.Sqlite, postgres, primary, fallback, settings);

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Fact]
    public async Task Anthropic_StreamsThroughTheOfficialSdk_WithUsageAndCost()
    {
        var h = await StartAsync("anthropic");
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue(new Reply.Text("Hi Tim! Our ceramic tint for a full sedan is $399.", InputTokens: 1000, OutputTokens: 200));

        var (_, events) = await h.StreamAsync(lead.Id, token, "How much is ceramic tint?");

        var streamed = string.Concat(events.Where(e => e.Event == "delta").Select(e => e.Data.GetProperty("text").GetString()));
        Assert.Equal("Hi Tim! Our ceramic tint for a full sedan is $399.", streamed);
        var done = events.Single(e => e.Event == "done").Data;
        Assert.Equal(("anthropic", AnthropicModel), (done.GetProperty("provider").GetString(), done.GetProperty("model").GetString()));
        Assert.Equal((1000, 200), (done.GetProperty("usage").GetProperty("inputTokens").GetInt32(), done.GetProperty("usage").GetProperty("outputTokens").GetInt32()));
        Assert.Equal(0.006m, done.GetProperty("costUsd").GetDecimal()); // 1000 × $3/M + 200 × $15/M

        var request = Assert.Single(h.Anthropic.Requests);
        var headers = Assert.Single(h.Anthropic.Headers);
        // The reference notes show x-api-key; SDK 13.x sends the key as a bearer token. Either is Anthropic's auth.
        Assert.True(headers["x-api-key"] == AnthropicKey || headers.Authorization == "Bearer " + AnthropicKey, string.Join("; ", headers.Select(x => $"{x.Key}={x.Value}")));
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", headers["anthropic-version"].ToString());
        Assert.Equal("claude-sonnet-4-5", request["model"]!.GetValue<string>());
        Assert.True(request["stream"]!.GetValue<bool>());
        Assert.Contains("acme Round Rock", request["system"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Tim", request["system"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(OpenAIKey, request.ToJsonString(), StringComparison.Ordinal); // no configuration in the prompt
        Assert.DoesNotContain("$399", request["system"]!.ToJsonString(), StringComparison.Ordinal); // prices come from tools only
        Assert.Equal(["list_services", "get_business_hours", "find_available_slots", "get_appointment", "book_appointment", "reschedule_appointment", "cancel_appointment", "request_human"],
            request["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));

        var stored = (await h.MessagesAsync(lead.Id)).Single(m => m.Role == ChatRole.Assistant);
        Assert.Equal(("anthropic", AnthropicModel, 1000, 200, 0.006m), (stored.Provider, stored.Model, stored.InputTokens!.Value, stored.OutputTokens!.Value, stored.CostUsd!.Value));
    }

    [Fact]
    public async Task Anthropic_ToolCall_RunsOurToolForThisLead_ThenAnswers()
    {
        var h = await StartAsync("anthropic");
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue(new Reply.ToolCall("list_services", """{"query":"carbon tint"}"""), new Reply.Text("Carbon tint is $249 for a sedan."));

        var reply = await h.AskAsync(lead.Id, token, "carbon tint price?");

        Assert.Equal("Carbon tint is $249 for a sedan.", reply.Response);
        Assert.Equal(["list_services"], reply.Tools);
        var second = h.Anthropic.Requests.ElementAt(1).ToJsonString();
        Assert.Contains("tool_result", second, StringComparison.Ordinal);
        Assert.Contains("Carbon Window Tint - Full Sedan: $249", second, StringComparison.Ordinal);
        Assert.Equal(2, h.Anthropic.Requests.Count);
        Assert.Equal(30 + 25, reply.Usage.InputTokens); // both calls of the answer
    }

    [Fact]
    public async Task OpenAI_StreamsThroughTheOfficialSdk_WithToolCallsAndUsage()
    {
        var h = await StartAsync("openai");
        var (lead, token) = await h.LeadWithTokenAsync();
        h.OpenAI.Enqueue(new Reply.ToolCall("get_business_hours"), new Reply.Text("We're open until 6pm today.", InputTokens: 400, OutputTokens: 100));

        var (_, events) = await h.StreamAsync(lead.Id, token, "open today?");

        Assert.Equal("get_business_hours", events.First(e => e.Event == "tool").Data.GetProperty("name").GetString());
        var done = events.Single(e => e.Event == "done").Data;
        Assert.Equal(("openai", OpenAIModel, "We're open until 6pm today."), (done.GetProperty("provider").GetString(), done.GetProperty("model").GetString(), done.GetProperty("response").GetString()));
        Assert.Equal(430, done.GetProperty("usage").GetProperty("inputTokens").GetInt32()); // both calls
        Assert.Equal("Bearer " + OpenAIKey, h.OpenAI.Headers.First()["Authorization"].ToString());
        var first = h.OpenAI.Requests.First();
        Assert.Equal("gpt-4o", first["model"]!.GetValue<string>());
        Assert.Contains("tool", h.OpenAI.Requests.ElementAt(1)["messages"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anthropic", "anthropic-text.sse", "Hello!", 25, 15, 0.000300)] // 25 × $3/M + 15 × $15/M
    [InlineData("openai", "openai-text.sse", "The", 22, 712, 0.0004305)] // gpt-4o-mini (the longest matching price key): 22 × $0.15/M + 712 × $0.60/M
    public async Task RecordedStreamsFromTheReferenceNotes_ReplayedByteForByte_AreUnderstood(string provider, string fixture, string text, int input, int output, double cost)
    {
        var h = await StartAsync(provider);
        var (lead, token) = await h.LeadWithTokenAsync();
        (provider == "anthropic" ? h.Anthropic : h.OpenAI).Enqueue(new Reply.Verbatim(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Models", fixture), Ct)));

        var reply = await h.AskAsync(lead.Id, token, "hi");

        Assert.Equal((text, input, output), (reply.Response, (int)reply.Usage.InputTokens, (int)reply.Usage.OutputTokens));
        Assert.InRange(reply.CostUsd, (decimal)cost - 0.000001m, (decimal)cost + 0.000001m);
    }

    [Fact]
    public async Task AModelThatKeepsCallingTools_IsCutOff_AndTheCustomerStillGetsAnAnswer()
    {
        var h = await StartAsync("anthropic", settings: new() { ["AI:MaxToolRounds"] = "3" });
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue([.. Enumerable.Repeat<Reply>(new Reply.ToolCall("get_business_hours"), 10)]);

        var reply = await h.AskAsync(lead.Id, token, "hours?");

        Assert.InRange(h.Anthropic.Requests.Count, 3, 4); // the rounds, plus at most one last call without tools
        Assert.False(string.IsNullOrWhiteSpace(reply.Response));
    }

    [Theory]
    [InlineData(529, "overloaded_error")]
    [InlineData(429, "rate_limit_error")]
    [InlineData(500, "api_error")]
    public async Task PrimaryFailingBeforeItsFirstToken_FallbackAnswers(int status, string type)
    {
        var h = await StartAsync("anthropic", "openai");
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue(new Reply.Fails(status, type, "injected"));
        h.OpenAI.Enqueue(new Reply.Text("Happy to help, Tim."));

        var reply = await h.AskAsync(lead.Id, token, "hello");

        Assert.Equal(("openai", true, "Happy to help, Tim."), (reply.Provider, reply.Fallback, reply.Response));
        Assert.Single(h.Anthropic.Requests); // the SDK's own retries are off: our fallback decides
    }

    [Fact]
    public async Task PrimaryWithoutAFirstTokenInTime_FallbackAnswers()
    {
        var h = await StartAsync("anthropic", "offline", new() { ["AI:FirstTokenTimeout"] = "00:00:10" });
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue(new Reply.Hangs());

        var ask = h.AskAsync(lead.Id, token, "What are your hours?");
        await h.App.EventuallyAsync(() => Task.FromResult(h.Anthropic.Requests.Count == 1), because: "the primary was asked");
        while (!ask.IsCompleted)
        {
            h.App.Time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(ask, Task.Delay(50, Ct));
        }

        var reply = await ask;
        Assert.Equal(("offline", true), (reply.Provider, reply.Fallback));
        Assert.Contains("Mon-Fri 8am-6pm", reply.Response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProviderThatKeepsFailing_IsSkipped_AndHealthShowsItsCircuitOpen()
    {
        var h = await StartAsync("anthropic", "offline", new() { ["AI:BreakerFailures"] = "2" });
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue(new Reply.Fails(500, "api_error", "down"), new Reply.Fails(500, "api_error", "down"), new Reply.Fails(500, "api_error", "down"));

        await h.AskAsync(lead.Id, token, "hi");
        await h.AskAsync(lead.Id, token, "hello?");
        var third = await h.AskAsync(lead.Id, token, "anyone?");

        Assert.Equal("offline", third.Provider);
        Assert.Equal(2, h.Anthropic.Requests.Count); // the open circuit kept the third away from it
        var health = await h.App.Client.GetFromJsonAsync<JsonElement>("/api/health", ApiJson.Options, Ct);
        var anthropic = health.GetProperty("providers").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "anthropic");
        Assert.Equal(("primary", "open", true), (anthropic.GetProperty("role").GetString(), anthropic.GetProperty("circuit").GetString(), anthropic.GetProperty("configured").GetBoolean()));
        Assert.Contains("500", anthropic.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal("ok", health.GetProperty("database").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("anthropic")]
    [InlineData("openai")]
    public async Task AStreamThatDiesMidway_EndsWithAnErrorEvent_AndIsNotStoredAsComplete(string provider)
    {
        var h = await StartAsync(provider, "offline");
        var (lead, token) = await h.LeadWithTokenAsync();
        (provider == "anthropic" ? h.Anthropic : h.OpenAI).Enqueue(new Reply.BreaksMidway("Sure, our ceramic"));

        var (_, events) = await h.StreamAsync(lead.Id, token, "Tell me about ceramic tint");

        Assert.Equal("error", events[^1].Event);
        Assert.Equal("interrupted", events[^1].Data.GetProperty("code").GetString());
        Assert.DoesNotContain(events, e => e.Event == "done");
        var answer = (await h.MessagesAsync(lead.Id)).Single(m => m.Role == ChatRole.Assistant);
        Assert.Equal(ChatMessageStatus.Interrupted, answer.Status);

        // The next question's prompt does not treat the fragment as something the assistant said.
        h.OpenAI.Enqueue(new Reply.Text("Ceramic tint is $399."));
        h.Anthropic.Enqueue(new Reply.Text("Ceramic tint is $399."));
        await h.AskAsync(lead.Id, token, "again please");
        var prompt = (provider == "anthropic" ? h.Anthropic : h.OpenAI).Requests.Last().ToJsonString();
        Assert.DoesNotContain("Sure, our ceramic", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoProviderCanAnswer_TheCustomerHearsSo_AndStaffGetTheConversation()
    {
        var h = await StartAsync("anthropic", "openai");
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue(new Reply.Fails(529, "overloaded_error", "Overloaded"));
        h.OpenAI.Enqueue(new Reply.Fails(503, "server_is_overloaded", "slow down"));

        var reply = await h.AskAsync(lead.Id, token, "hello");

        Assert.Equal("none", reply.Provider);
        Assert.True(reply.NeedsStaff);
        Assert.Contains("will get back to you", reply.Response, StringComparison.Ordinal);
        Assert.Contains("(512) 555-0142", reply.Response, StringComparison.Ordinal);
        var session = await h.SessionAsync(lead.Id);
        Assert.Equal((true, "assistant_unavailable"), (session!.NeedsStaff, session.NeedsStaffReason));
    }

    [Fact]
    public async Task AnInventedPrice_NeverReachesTheCustomer_AndASecondTryReplacesIt()
    {
        var h = await StartAsync("anthropic");
        var (lead, token) = await h.LeadWithTokenAsync();
        h.Anthropic.Enqueue(new Reply.Text("Good news, ceramic tint is only $1 for you today!"), new Reply.Text("Ceramic tint for a full sedan is $399."));

        var (raw, events) = await h.StreamAsync(lead.Id, token, "The price is $1, right?");

        Assert.DoesNotContain("$1 ", raw, StringComparison.Ordinal);
        var done = events.Single(e => e.Event == "done").Data;
        Assert.True(done.GetProperty("replaced").GetBoolean());
        Assert.Equal("Ceramic tint for a full sedan is $399.", done.GetProperty("response").GetString());
        Assert.False(h.Anthropic.Requests.Last()["stream"]?.GetValue<bool>() ?? false); // the second try
        Assert.Contains("not a price from list_services", h.Anthropic.Requests.Last().ToJsonString(), StringComparison.Ordinal);
        Assert.Contains(h.App.Logs, l => l.Contains("Price guard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnInventedPriceTwice_IsReplacedByTheCatalog()
    {
        var h = await StartAsync("openai");
        var (lead, token) = await h.LeadWithTokenAsync();
        h.OpenAI.Enqueue(new Reply.Text("Ceramic is $350 this week."), new Reply.Text("Fine, $350 it is."));

        var reply = await h.AskAsync(lead.Id, token, "ceramic price");

        Assert.True(reply.Replaced);
        Assert.DoesNotContain("$350", reply.Response, StringComparison.Ordinal);
        Assert.Contains("Ceramic Window Tint - Full Sedan: $399", reply.Response, StringComparison.Ordinal);
        Assert.DoesNotContain("$350", (await h.MessagesAsync(lead.Id)).Last().Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABSplit_IsStickyPerLead_AndRecordedOnTheConversation()
    {
        var h = await StartAsync("offline", settings: new() { ["AI:Split:anthropic"] = "50", ["AI:Split:openai"] = "50" });
        var arms = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var (lead, token) = await h.LeadWithTokenAsync(phone: $"(512) 555-01{i:D2}");
            var first = await h.AskAsync(lead.Id, token, "hi");
            var second = await h.AskAsync(lead.Id, token, "hi again");
            Assert.Equal(first.Provider, second.Provider);
            Assert.Equal(first.Provider, (await h.SessionAsync(lead.Id))!.AssistantArm);
            Assert.Equal(ProviderSelection.Draw(new Dictionary<string, int> { ["anthropic"] = 50, ["openai"] = 50 }, lead.Id), first.Provider);
            arms.Add(first.Provider);
        }
        Assert.All(arms, a => Assert.Contains(a, new[] { "anthropic", "openai" }));
    }

    [Fact]
    public async Task ACustomersText_IsAnsweredOverSms_ByTheSameAssistant()
    {
        var h = await StartAsync("offline");
        var lead = await h.Messaging.CreateLeadAsync();
        await h.App.EventuallyAsync(() => Task.FromResult(!h.Messaging.Twilio.Creates.IsEmpty), because: "first touch");
        var before = h.Messaging.Twilio.Creates.Count;
        h.App.Time.Advance(TimeSpan.FromSeconds(1));

        var response = await h.Messaging.TextTheShopAsync("+15125550187", "how much is the sun strip?");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sms = await h.App.EventuallyAsync(() => Task.FromResult(h.Messaging.Twilio.Creates.Skip(before).FirstOrDefault()), because: "the assistant's SMS");
        Assert.Equal("+15125550187", sms["To"]);
        Assert.Contains("Windshield Sun Strip: $69", sms["Body"], StringComparison.Ordinal);
        var messages = await h.MessagesAsync(lead.Id);
        Assert.Equal([(ChatRole.Customer, ConversationChannel.Sms), (ChatRole.Assistant, ConversationChannel.Sms)], messages.Select(m => (m.Role, m.Channel)));
        await h.App.EventuallyAsync(async () => (await h.MessagesAsync(lead.Id))[0].ReplyState == SmsReplyState.Sent, because: "reply recorded");
        var delivery = (await h.Messaging.DeliveriesAsync(lead.Id)).Single(d => d.Kind == "assistant");
        Assert.Equal(("twilio", "+15125550187"), (delivery.Provider, delivery.Recipient));
    }

    [Fact]
    public async Task AReplyTwilioRefuses_AsNotATextableNumber_StopsTexting_LikeAnyMessage()
    {
        var h = await StartAsync("offline");
        var lead = await h.Messaging.CreateLeadAsync();
        await h.App.EventuallyAsync(() => Task.FromResult(!h.Messaging.Twilio.Creates.IsEmpty), because: "first touch");
        await h.Messaging.SettledAsync(lead.Id);
        h.Messaging.Twilio.FailNext(400, 21211, "The 'To' number is not a valid phone number.");
        h.App.Time.Advance(TimeSpan.FromSeconds(1));

        await h.Messaging.TextTheShopAsync("+15125550187", "how much is the sun strip?");

        await h.App.EventuallyAsync(async () => (await h.MessagesAsync(lead.Id))[0].ReplyState == SmsReplyState.Failed, because: "the reply refused");
        var stopped = await h.App.EventuallyAsync(async () => (await h.Messaging.LeadAsync(lead.Id)).SmsStopReason, because: "texting stopped");
        Assert.Equal(StopReasons.NumberInvalid, stopped);
        Assert.Equal((DeliveryStatus.Failed, "21211"), (await h.Messaging.DeliveriesAsync(lead.Id)).Where(d => d.Kind == "assistant").Select(d => (d.Status, d.ErrorCode)).Single());
    }

    [Fact]
    public async Task AModelsSmsReply_IsPlainText_AndAskedToBeShort()
    {
        var h = await StartAsync("anthropic");
        await h.Messaging.CreateLeadAsync();
        await h.App.EventuallyAsync(() => Task.FromResult(!h.Messaging.Twilio.Creates.IsEmpty), because: "first touch");
        var before = h.Messaging.Twilio.Creates.Count;
        h.Anthropic.Enqueue(new Reply.Text("## Prices\n**Ceramic** tint is `$399`."));
        h.App.Time.Advance(TimeSpan.FromSeconds(1));

        await h.Messaging.TextTheShopAsync("+15125550187", "ceramic price?");

        var sms = await h.App.EventuallyAsync(() => Task.FromResult(h.Messaging.Twilio.Creates.Skip(before).FirstOrDefault()), because: "the assistant's SMS");
        Assert.Equal("Prices\nCeramic tint is $399.", sms["Body"]);
        Assert.Contains("text message: plain text only", h.Anthropic.Requests.Single()["system"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATextDuringStaffTakeover_GetsNoAssistantReply()
    {
        var h = await StartAsync("offline");
        var lead = await h.Messaging.CreateLeadAsync();
        var (_, token) = (lead, await h.TokenAsync(lead.Id));
        await h.AskAsync(lead.Id, token, "hi");
        // The first touch may still be going out: counted before it, it would look like a reply.
        await h.Messaging.SettledAsync(lead.Id);
        await h.App.DbAsync(db => db.ChatSessions.AcrossTenants().Where(s => s.LeadId == lead.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.StaffTakeover, true)));
        var before = h.Messaging.Twilio.Creates.Count;
        h.App.Time.Advance(TimeSpan.FromSeconds(1));

        await h.Messaging.TextTheShopAsync("+15125550187", "when can I come?");

        var stored = await h.App.EventuallyAsync(async () => (await h.MessagesAsync(lead.Id)).LastOrDefault(m => m.Channel == ConversationChannel.Sms), because: "stored");
        Assert.Equal(SmsReplyState.Skipped, stored.ReplyState);
        Assert.Equal(before, h.Messaging.Twilio.Creates.Count);
    }
}
