using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Chat;
using LeadOrchestrator.Common;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Tests.Infrastructure;
using Reply = LeadOrchestrator.Tests.Infrastructure.FakeModel.Reply;

namespace LeadOrchestrator.Tests.Chat;

/// <summary>
/// What the chat page relies on when the line is bad: an answer is finished and stored even when the
/// customer's connection drops mid-answer, and a message sent again with the same client id is never
/// stored or answered twice — the stored answer is replayed, or a broken one answered again.
/// </summary>
public abstract class ChatRetryTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private ChatHarness H { get; set; } = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => H = await ChatHarness.StartAsync(kind, postgres, primary: "anthropic");

    public async ValueTask DisposeAsync() => await H.DisposeAsync();

    private Task<HttpResponseMessage> StreamAsync(Guid leadId, string token, string message, Guid clientMessageId) =>
        H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{leadId}/stream", token, new { message, clientMessageId }),
            HttpCompletionOption.ResponseHeadersRead, Ct);

    private static async Task<List<(string Event, JsonElement Data)>> EventsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadAsStringAsync(Ct)).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => frame.Split('\n'))
            .Select(lines => (lines[0]["event: ".Length..], JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement))];

    private async Task<ChatEndpoints.History> HistoryAsync(Guid leadId, string token)
    {
        var response = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Get, $"/api/chat/{leadId}/history", token), Ct);
        return (await response.Content.ReadFromJsonAsync<ChatEndpoints.History>(ApiJson.Options, Ct))!;
    }

    [Fact]
    public async Task ACustomerWhoDropsOffMidAnswer_StillFindsTheWholeAnswer_InTheHistory()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var release = new TaskCompletionSource();
        H.Anthropic.Enqueue(new Reply.Gated("Ceramic tint for a sedan is $399 and takes about three hours.", release));

        // A client that drops the connection instead of draining the rest of the answer, as a phone losing its signal does.
        using (var phone = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = H.App.Client.BaseAddress })
        {
            var response = await phone.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/stream", token,
                new { message = "how much is ceramic tint?", clientMessageId = Guid.NewGuid() }), HttpCompletionOption.ResponseHeadersRead, Ct);
            var body = await response.Content.ReadAsStreamAsync(Ct);
            Assert.True(await body.ReadAsync(new byte[256], Ct) > 0); // the first words arrived …
            response.Dispose(); // … and then the line went dead
        }
        release.SetResult();

        var history = await H.App.EventuallyAsync(async () => await HistoryAsync(lead.Id, token) is { Messages.Count: 2 } h ? h : null,
            because: "the answer is finished without the customer");
        Assert.Equal((ChatRole.Assistant, ChatMessageStatus.Complete, "Ceramic tint for a sedan is $399 and takes about three hours."),
            (history.Messages[1].Role, history.Messages[1].Status, history.Messages[1].Content));
    }

    [Fact]
    public async Task SendingAgain_WithTheSameClientMessageId_ReplaysTheStoredAnswer_AndStoresNothingTwice()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var id = Guid.NewGuid();
        H.Anthropic.Enqueue(new Reply.Text("We're open Mon-Fri 8am-6pm and Sat 9am-3pm."));

        var first = await EventsAsync(await StreamAsync(lead.Id, token, "when are you open?", id));
        var again = await EventsAsync(await StreamAsync(lead.Id, token, "when are you open?", id));
        var rest = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/messages", token, new { message = "when are you open?", clientMessageId = id }), Ct);

        Assert.Equal("done", first[^1].Event);
        Assert.Equal("done", again[^1].Event);
        Assert.Equal(first[^1].Data.GetProperty("messageId").GetGuid(), again[^1].Data.GetProperty("messageId").GetGuid());
        Assert.Equal("We're open Mon-Fri 8am-6pm and Sat 9am-3pm.", again[^1].Data.GetProperty("response").GetString());
        Assert.Equal("We're open Mon-Fri 8am-6pm and Sat 9am-3pm.", (await rest.Content.ReadFromJsonAsync<ChatReply>(ApiJson.Options, Ct))!.Response);
        Assert.Single(H.Anthropic.Requests); // asked the model once
        Assert.Equal([ChatRole.Customer, ChatRole.Assistant], (await H.MessagesAsync(lead.Id)).Select(m => m.Role));
        // The page can find its message in the history by its own id.
        Assert.Equal(id, (await HistoryAsync(lead.Id, token)).Messages[0].ClientMessageId);
    }

    [Fact]
    public async Task SendingAgain_AfterTheAnswerBrokeOff_AnswersAgain_WithoutStoringTheQuestionTwice()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var id = Guid.NewGuid();
        H.Anthropic.Enqueue(new Reply.BreaksMidway("Ceramic tint is"), new Reply.Text("Ceramic tint for a sedan is $399."));

        var broken = await EventsAsync(await StreamAsync(lead.Id, token, "how much is ceramic tint?", id));
        Assert.Equal(("error", "interrupted"), (broken[^1].Event, broken[^1].Data.GetProperty("code").GetString()));
        var retried = await EventsAsync(await StreamAsync(lead.Id, token, "how much is ceramic tint?", id));

        Assert.Equal("Ceramic tint for a sedan is $399.", retried[^1].Data.GetProperty("response").GetString());
        var messages = await H.MessagesAsync(lead.Id);
        Assert.Equal([(ChatRole.Customer, ChatMessageStatus.Complete), (ChatRole.Assistant, ChatMessageStatus.Interrupted), (ChatRole.Assistant, ChatMessageStatus.Complete)], messages.Select(m => (m.Role, m.Status)));
        // The second try saw the question once and not the broken fragment.
        var prompt = H.Anthropic.Requests.Last()["messages"]!.AsArray();
        Assert.Equal(["user"], prompt.Select(m => m!["role"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SendingAgain_WhileTheFirstAnswerIsStillBeingWritten_IsToldToWait_AndAsksTheModelOnce()
    {
        var (lead, token) = await H.LeadWithTokenAsync();
        var id = Guid.NewGuid();
        var release = new TaskCompletionSource();
        H.Anthropic.Enqueue(new Reply.Gated("We're open Mon-Fri 8am-6pm and Sat 9am-3pm.", release));
        var first = await StreamAsync(lead.Id, token, "when are you open?", id);
        await H.App.EventuallyAsync(async () => (await H.MessagesAsync(lead.Id)).Count == 1);

        var meanwhile = await H.App.Client.SendAsync(ChatHarness.Request(HttpMethod.Post, $"/api/chat/{lead.Id}/messages", token, new { message = "when are you open?", clientMessageId = id }), Ct);
        var streamedMeanwhile = await EventsAsync(await StreamAsync(lead.Id, token, "when are you open?", id));

        Assert.Equal(HttpStatusCode.Conflict, meanwhile.StatusCode);
        Assert.Equal(ChatService.InProgress, (await meanwhile.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options, Ct)).GetProperty("code").GetString());
        Assert.Equal(("error", ChatService.InProgress), (streamedMeanwhile[^1].Event, streamedMeanwhile[^1].Data.GetProperty("code").GetString()));
        release.SetResult();
        Assert.Equal("done", (await EventsAsync(first))[^1].Event);
        Assert.Single(H.Anthropic.Requests);
        Assert.Equal([ChatRole.Customer, ChatRole.Assistant], (await H.MessagesAsync(lead.Id)).Select(m => m.Role));
    }
}

public sealed class ChatRetryTests_Sqlite(PostgresServer postgres) : ChatRetryTests(DatabaseKind.Sqlite, postgres);

public sealed class ChatRetryTests_Postgres(PostgresServer postgres) : ChatRetryTests(DatabaseKind.Postgres, postgres);
