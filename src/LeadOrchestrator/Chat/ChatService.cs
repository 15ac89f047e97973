using System.Diagnostics;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Conversations;
using LeadOrchestrator.Data;
using LeadOrchestrator.Messaging.Templates;
using LeadOrchestrator.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using StoredMessage = LeadOrchestrator.Conversations.ChatMessage;
using StoredRole = LeadOrchestrator.Conversations.ChatRole;

namespace LeadOrchestrator.Chat;

public sealed record ChatUsage(long InputTokens, long OutputTokens);

/// <summary>
/// One answer, as the REST API returns it and the SSE <c>done</c> event carries it. <see cref="OfferedServiceId"/>
/// names the service whose free times the answer offered and <see cref="OfferedDay"/> the shop's day of the first
/// of them, so the chat page can open its slot picker there.
/// </summary>
public sealed record ChatReply(
    string? Response,
    string Provider,
    string? Model,
    ChatUsage Usage,
    decimal CostUsd,
    Guid SessionId,
    Guid? MessageId,
    int LatencyMs,
    int? FirstTokenMs,
    bool Fallback,
    bool StaffTakeover,
    bool NeedsStaff,
    bool Replaced,
    IReadOnlyList<string> Tools,
    Guid? OfferedServiceId = null,
    DateOnly? OfferedDay = null);

/// <summary>What a streaming answer reports as it goes.</summary>
/// <summary>A draft reply for staff (<see cref="ChatService.SuggestAsync"/>), with what it cost.</summary>
public sealed record Suggestion(string Text, string Provider, string? Model, decimal CostUsd);

/// <summary>A tool the assistant called in a rehearsal, and what it answered.</summary>
public sealed record RehearsalTool(string Name, string Result);

/// <summary>A rehearsal's answer: its words, who gave it at what cost and how fast, the tools it used, whether the price guard replaced it.</summary>
public sealed record RehearsalAnswer(string Text, string Provider, string? Model, decimal CostUsd, IReadOnlyList<RehearsalTool> Tools, bool PriceGuardReplaced,
    TimeSpan Latency);

public abstract record ChatEvent
{
    public sealed record Delta(string Text) : ChatEvent;

    public sealed record Tool(string Name) : ChatEvent;

    public sealed record Done(ChatReply Reply) : ChatEvent;

    public sealed record Failure(string Code, string Message) : ChatEvent;
}

/// <summary>
/// Answers a customer: stores their message, stops the cadence (they engaged), picks the provider
/// (tenant choice, sticky A/B arm, fallback when the primary fails before its first token, circuit
/// breakers), streams the answer through the price guard, and stores it with tokens, cost and timings.
/// </summary>
public sealed partial class ChatService(
    AppDbContext db,
    ConversationService conversations,
    ProviderSelection selection,
    IOptions<AiOptions> options,
    CadenceStopper stopper,
    Booking.AvailabilityService availability,
    Booking.BookingService booking,
    TimeProvider time,
    ILogger<ChatService> logger)
{
    public const int MaxMessageLength = 2000;

    /// <summary>The lead's conversation context, creating the session on first use. Null when the lead or its shop is gone.</summary>
    public async Task<ChatTurnContext?> LoadAsync(Guid leadId, ConversationChannel channel, CancellationToken ct)
    {
        // Not tracked: the lead is changed only by the cadence stop, in its own unit of work.
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.Id == leadId, ct);
        if (lead?.LocationId is not { } locationId)
            return null;
        var location = await db.Locations.AsNoTracking().Include(l => l.Hours).FirstOrDefaultAsync(l => l.Id == locationId, ct);
        if (location is null)
            return null;
        var catalog = await db.ServiceCatalog.AsNoTracking()
            .Where(s => s.Active && (s.LocationId == null || s.LocationId == locationId)).ToListAsync(ct);
        var now = time.GetUtcNow();
        var session = await conversations.SessionAsync(lead.TenantId, lead, null, now, ct);
        return new ChatTurnContext { Lead = lead, Location = location, Session = session, Catalog = catalog, Channel = channel, Now = now };
    }

    /// <summary>
    /// A customer's message from the web chat: stored, then answered (unless staff have taken over).
    /// <paramref name="clientMessageId"/> is the page's own id for the message: a retry with the same id
    /// stores nothing twice — it replays the stored answer, or answers again when the first answer broke off.
    /// </summary>
    public async Task<ChatReply> AskAsync(ChatTurnContext turn, string message, Guid? clientMessageId, Func<ChatEvent, ValueTask> emit, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var history = await HistoryAsync(turn, ct);
        switch (await conversations.RecordWebMessageAsync(turn.Session, turn.Lead, message, clientMessageId, () => turn.Stamp(time.GetUtcNow()), ct))
        {
            case WebMessage.AskedBefore asked:
                return await RepeatAsync(turn, asked.Message, history, started, emit, ct);
            case WebMessage.Racing:
                return await StillAnsweringAsync(turn, started, emit); // the other request answers it
            case WebMessage.Stored stored:
                history.Add(stored.Message);
                break;
        }
        // Off the answer's path: the customer waits for the first words, not for this.
        var stopping = StopCadenceAsync(turn);
        try
        {
            if (turn.Session.StaffTakeover)
                return await SilentAsync(turn, emit);
            return await AnswerAsync(turn, history, started, emit, ct);
        }
        finally
        {
            await stopping;
        }
    }

    /// <summary>
    /// A draft reply for staff to edit and send (the console's "suggest"): the same assistant, prompt and
    /// price guard, with the tools that only look — it cannot book, move, cancel or raise a handoff — and
    /// told that a person will send it. Nothing is stored and the conversation is not touched. Null when
    /// no assistant could answer.
    /// </summary>
    public async Task<Suggestion?> SuggestAsync(ChatTurnContext turn, CancellationToken ct)
    {
        var ai = options.Value;
        var tools = new AssistantTools(turn, availability, booking, db.Tenant);
        var history = await HistoryAsync(turn, ct);
        Remember(turn, history);
        var messages = Prompt(turn, history);
        messages.Add(new(AiChatRole.System,
            "A member of the shop's staff will read your answer, edit it and send it as their own. Write the reply to the customer's latest message. " +
            "You cannot book, move or cancel appointments here: offer the free times, and say the shop will confirm."));
        var run = Run(turn, tools, tools.ReadOnly, messages, time.GetTimestamp(), _ => ValueTask.CompletedTask);
        return await AnswerOnceAsync(run, ct) is { } answer
            ? new Suggestion(answer.Text, run.Provider, run.Model, ModelPricing.CostUsd(ai.Prices, run.Model, run.Usage))
            : null;
    }

    /// <summary>
    /// The console's "try it": the assistant answers a test customer's conversation (<paramref name="history"/>, not stored)
    /// with the shop's real catalog, hours and free times, through the same prompt, tools and price guard — booking into
    /// <paramref name="calendar"/>, a rehearsal's, so nothing is booked, sent, stored or counted. Null when no assistant answered.
    /// </summary>
    public async Task<RehearsalAnswer?> RehearseAsync(ChatTurnContext turn, List<StoredMessage> history, Booking.ICustomerCalendar calendar, CancellationToken ct)
    {
        var ai = options.Value;
        Remember(turn, history);
        var tools = new AssistantTools(turn, availability, calendar, db.Tenant);
        var run = Run(turn, tools, tools.All, Prompt(turn, history), time.GetTimestamp(), _ => ValueTask.CompletedTask);
        if (await AnswerOnceAsync(run, ct) is not { } answer)
            return null;
        var results = answer.Response.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().ToDictionary(r => r.CallId, r => r.Result?.ToString() ?? "");
        var used = answer.Response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()
            .Select(c => new RehearsalTool(c.Name, results.GetValueOrDefault(c.CallId, ""))).ToList();
        return new RehearsalAnswer(answer.Text, run.Provider, run.Model, ModelPricing.CostUsd(ai.Prices, run.Model, run.Usage), used, answer.Replaced,
            time.GetElapsedTime(run.Started));
    }

    /// <summary>
    /// One whole answer, not streamed: the candidates in order until one answers, its words through the price guard (asked
    /// again once, else the price list), cleaned. Null when none answered.
    /// </summary>
    private async Task<(string Text, ChatResponse Response, bool Replaced)?> AnswerOnceAsync(AnswerRun run, CancellationToken ct)
    {
        var ai = options.Value;
        foreach (var provider in await selection.CandidatesAsync(run.Turn, ct))
        {
            using var deadline = new CancellationTokenSource(ai.AnswerTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            ChatResponse response;
            try
            {
                response = await provider.Breaker.ExecuteAsync(async c => await provider.Client.GetResponseAsync(run.Messages, run.Options, c), linked.Token);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                provider.Failed(time.GetUtcNow(), ChatProviders.Describe(e));
                Log.ProviderFailed(logger, provider.Name, ChatProviders.Describe(e), true);
                continue;
            }
            (run.Provider, run.Model) = (provider.Name, response.ModelId ?? provider.Model);
            if (response.Usage is { } usage)
                run.Usage.Add(usage);
            var text = response.Text;
            var replaced = false;
            if (run.Guard.FirstUngrounded(text) is { } offending)
                (text, replaced) = (await RegenerateAsync(run, provider, offending, linked.Token) ?? run.Tools.ListServices(), true);
            return (Common.CleanText.Clean(text).Trim(), response, replaced);
        }
        return null;
    }

    /// <summary>The error code for a retry that arrives while the first answer is still being written.</summary>
    public const string InProgress = "in_progress";

    /// <summary>
    /// A message asked again (the page lost the answer, or it broke off): the stored answer when there is one;
    /// a fresh answer when the first one broke off or has had its whole time; else it is still being written.
    /// </summary>
    private async Task<ChatReply> RepeatAsync(ChatTurnContext turn, StoredMessage asked, List<StoredMessage> history, long started,
        Func<ChatEvent, ValueTask> emit, CancellationToken ct)
    {
        var after = await db.ChatMessages.AsNoTracking()
            .Where(m => m.SessionId == turn.Session.Id && m.CreatedAt > asked.CreatedAt && m.Role != StoredRole.System)
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Take(10).ToListAsync(ct);
        var answer = after.TakeWhile(m => m.Role != StoredRole.Customer).FirstOrDefault(m => m.Status == ChatMessageStatus.Complete);
        if (answer is not null)
        {
            await emit(new ChatEvent.Delta(answer.Content));
            var reply = new ChatReply(answer.Content, answer.Provider ?? answer.Role.ToString().ToLowerInvariant(), answer.Model,
                new ChatUsage(answer.InputTokens ?? 0, answer.OutputTokens ?? 0), answer.CostUsd ?? 0, turn.Session.Id, answer.Id,
                answer.LatencyMs ?? 0, answer.FirstTokenMs, false, turn.Session.StaffTakeover, turn.Session.NeedsStaff, false, []);
            await emit(new ChatEvent.Done(reply));
            return reply;
        }
        if (turn.Session.StaffTakeover)
            return await SilentAsync(turn, emit);
        var brokeOff = after.Any(m => m.Role == StoredRole.Assistant && m.Status == ChatMessageStatus.Interrupted);
        var overdue = time.GetUtcNow() - asked.CreatedAt > options.Value.AnswerTimeout;
        if (!brokeOff && !overdue)
            return await StillAnsweringAsync(turn, started, emit);
        // Asked again: answer the conversation as it stands (the broken fragment is left out of the prompt).
        return await AnswerAsync(turn, history, started, emit, ct);
    }

    private async Task<ChatReply> StillAnsweringAsync(ChatTurnContext turn, long started, Func<ChatEvent, ValueTask> emit)
    {
        await emit(new ChatEvent.Failure(InProgress, "Still answering your last message."));
        return new ChatReply(null, "none", null, new ChatUsage(0, 0), 0, turn.Session.Id, null, Elapsed(started), null, false,
            turn.Session.StaffTakeover, turn.Session.NeedsStaff, false, []);
    }

    /// <summary>Staff have the conversation: the message is theirs to answer.</summary>
    private static async Task<ChatReply> SilentAsync(ChatTurnContext turn, Func<ChatEvent, ValueTask> emit)
    {
        var silent = new ChatReply(null, "staff", null, new ChatUsage(0, 0), 0, turn.Session.Id, null, 0, null, false, true, turn.Session.NeedsStaff, false, []);
        await emit(new ChatEvent.Done(silent));
        return silent;
    }

    /// <summary>They wrote: a conversation now, not a sequence.</summary>
    private Task StopCadenceAsync(ChatTurnContext turn) =>
        turn.Lead.CadenceStatus is CadenceStatus.Active or CadenceStatus.Paused
            // The message is stored: its consequence should be too, even if the customer leaves.
            ? stopper.StopAsync(turn.Lead.TenantId, turn.Lead.Id, StopReasons.Engaged, CancellationToken.None)
            : Task.CompletedTask;

    /// <summary>Answers the conversation as it stands (its last message is the customer's, e.g. a text).</summary>
    public async Task<ChatReply> AnswerAsync(ChatTurnContext turn, long started, Func<ChatEvent, ValueTask> emit, CancellationToken ct) =>
        await AnswerAsync(turn, await HistoryAsync(turn, ct), started, emit, ct);

    private async Task<ChatReply> AnswerAsync(ChatTurnContext turn, List<StoredMessage> history, long started, Func<ChatEvent, ValueTask> emit, CancellationToken ct)
    {
        var ai = options.Value;
        Remember(turn, history);
        var tools = new AssistantTools(turn, availability, booking, db.Tenant);
        var run = Run(turn, tools, tools.All, Prompt(turn, history), started, emit);
        var candidates = await selection.CandidatesAsync(turn, ct);

        for (var i = 0; i < candidates.Count; i++)
        {
            var provider = candidates[i];
            using var deadline = new CancellationTokenSource(ai.FirstTokenTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
            IAsyncEnumerator<ChatResponseUpdate>? stream = null;
            var head = new List<ChatResponseUpdate>();
            try
            {
                await provider.Breaker.ExecuteAsync(async _ =>
                {
                    try
                    {
                        stream = provider.Client.GetStreamingResponseAsync(run.Messages, run.Options, linked.Token).GetAsyncEnumerator(linked.Token);
                        while (await stream.MoveNextAsync())
                        {
                            head.Add(stream.Current);
                            if (stream.Current.Contents.Any(c => c is TextContent { Text.Length: > 0 } or FunctionCallContent))
                                return;
                        }
                    }
                    catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
                    {
                        throw new TimeoutException($"No first token within {ai.FirstTokenTimeout.TotalSeconds:0} s.");
                    }
                }, ct);
            }
            catch (BrokenCircuitException)
            {
                Log.CircuitOpen(logger, provider.Name);
                await DisposeAsync(stream);
                continue;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                provider.Failed(time.GetUtcNow(), ChatProviders.Describe(e));
                Log.ProviderFailed(logger, provider.Name, ChatProviders.Describe(e), i + 1 < candidates.Count);
                await DisposeAsync(stream);
                continue;
            }

            provider.Succeeded(time.GetUtcNow(), time.GetElapsedTime(started));
            deadline.CancelAfter(ai.AnswerTimeout);
            (run.Provider, run.Fallback) = (provider.Name, i > 0);
            return await StreamAsync(run, provider, stream!, head, linked.Token, ct);
        }

        return await NobodyAnswersAsync(run, ct);
    }

    /// <summary>
    /// One answer in the making: what it is asked with (prompt, tools, price guard) and what it has produced
    /// so far (provider, model, usage, tools called, time to the first words), so that storing it and
    /// replying with it read from one place.
    /// </summary>
    private sealed class AnswerRun(ChatTurnContext turn, long started, Func<ChatEvent, ValueTask> emit)
    {
        public ChatTurnContext Turn { get; } = turn;
        public long Started { get; } = started;
        public Func<ChatEvent, ValueTask> Emit { get; } = emit;
        public required List<AiChatMessage> Messages { get; init; }
        public required ChatOptions Options { get; init; }
        public required PriceGuard Guard { get; init; }
        public required AssistantTools Tools { get; init; }
        public UsageDetails Usage { get; } = new();
        public List<string> ToolsUsed { get; } = [];
        public string Provider { get; set; } = "none";
        public string? Model { get; set; }
        public bool Fallback { get; set; }
        public int? FirstTokenMs { get; set; }
    }

    private async Task<ChatReply> StreamAsync(AnswerRun run, ChatProvider provider, IAsyncEnumerator<ChatResponseUpdate> stream,
        List<ChatResponseUpdate> head, CancellationToken streamToken, CancellationToken ct)
    {
        var streaming = new StreamingPriceGuard(run.Guard);
        // An answer ends with a finish reason; a stream that just stops (a dropped connection) is cut off.
        var finished = false;

        async ValueTask HandleAsync(ChatResponseUpdate update)
        {
            run.Model ??= update.ModelId;
            foreach (var content in update.Contents)
                switch (content)
                {
                    case TextContent { Text.Length: > 0 } text when !streaming.Tripped:
                        finished = false;
                        run.FirstTokenMs ??= Elapsed(run.Started);
                        if (streaming.Push(text.Text) is { Length: > 0 } safe)
                            await run.Emit(new ChatEvent.Delta(safe));
                        break;
                    case FunctionCallContent call:
                        run.ToolsUsed.Add(call.Name);
                        await run.Emit(new ChatEvent.Tool(call.Name));
                        break;
                    case UsageContent used:
                        run.Usage.Add(used.Details);
                        break;
                }
            if (update.FinishReason is not null)
                finished = true;
        }

        try
        {
            foreach (var update in head)
                await HandleAsync(update);
            // A tripped guard stops reading: nothing more of this answer will be shown.
            while (!streaming.Tripped && await stream.MoveNextAsync())
                await HandleAsync(stream.Current);
            if (!finished && !streaming.Tripped)
                throw new IOException("The stream ended before the answer did.");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            provider.Failed(time.GetUtcNow(), ChatProviders.Describe(e));
            Log.StreamBroke(logger, provider.Name, ChatProviders.Describe(e));
            await DisposeAsync(stream);
            run.Model ??= provider.Model;
            // What was shown is kept for staff, marked as the fragment it is.
            await SaveAnswerAsync(run, streaming.Text, ChatMessageStatus.Interrupted, ct);
            await run.Emit(new ChatEvent.Failure("interrupted", "The answer was cut off. Please try again."));
            return Reply(run, null, null, replaced: false);
        }
        await DisposeAsync(stream);
        run.Model ??= provider.Model;

        var tail = streaming.Complete();
        var answer = streaming.Text;
        var replaced = false;
        if (streaming.Tripped)
        {
            Log.PriceGuard(logger, run.Turn.Lead.Id, provider.Name, streaming.Offending ?? "?");
            answer = await RegenerateAsync(run, provider, streaming.Offending, streamToken) ?? run.Tools.ListServices();
            replaced = true;
        }
        else if (tail.Length > 0)
        {
            await run.Emit(new ChatEvent.Delta(tail));
        }
        if (string.IsNullOrWhiteSpace(answer))
        {
            answer = $"Sorry, I don't have a good answer to that. You can call {ShopText.DisplayPhone(run.Turn.Location.Phone)}, or ask me about prices, hours or booking.";
            replaced = true;
        }
        var message = await SaveAnswerAsync(run, answer, ChatMessageStatus.Complete, ct, streaming.Tripped);
        var reply = Reply(run, answer, message, replaced) with { OfferedServiceId = run.Tools.OfferedServiceId, OfferedDay = run.Tools.OfferedDay };
        await run.Emit(new ChatEvent.Done(reply));
        return reply;
    }

    /// <summary>One more try with the rule restated; null when that answer is not grounded either.</summary>
    private async Task<string?> RegenerateAsync(AnswerRun run, ChatProvider provider, string? offending, CancellationToken ct)
    {
        try
        {
            var retry = new List<AiChatMessage>(run.Messages)
            {
                new(AiChatRole.System, $"Your previous draft stated {offending}, which is not a price from list_services. Answer again, stating only prices exactly as list_services returns them, or none."),
            };
            var response = await provider.Client.GetResponseAsync(retry, run.Options, ct);
            if (response.Usage is { } u)
                run.Usage.Add(u);
            return run.Guard.FirstUngrounded(response.Text) is null && !string.IsNullOrWhiteSpace(response.Text) ? response.Text : null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            Log.ProviderFailed(logger, provider.Name, ChatProviders.Describe(e), false);
            return null;
        }
    }

    /// <summary>No provider could answer: an honest answer for the customer, the conversation flagged for staff.</summary>
    private async Task<ChatReply> NobodyAnswersAsync(AnswerRun run, CancellationToken ct)
    {
        var turn = run.Turn;
        var text = ShopText.NextOpening(turn.Location, turn.Now) is { } opening
            ? $"Sorry, I can't answer right now. We're closed, so someone from {turn.Location.Name} will get back to you when we open {opening}."
            : $"Sorry, I can't answer right now. The team at {turn.Location.Name} will get back to you shortly. For anything urgent, call {ShopText.DisplayPhone(turn.Location.Phone)}.";
        turn.HumanRequested ??= "assistant_unavailable";
        Log.NobodyAnswered(logger, turn.Lead.Id);
        (run.Provider, run.Model, run.Fallback) = ("none", null, true);
        var message = await SaveAnswerAsync(run, text, ChatMessageStatus.Complete, ct);
        await run.Emit(new ChatEvent.Delta(text));
        var reply = Reply(run, text, message, replaced: false);
        await run.Emit(new ChatEvent.Done(reply));
        return reply;
    }

    private async Task<StoredMessage> SaveAnswerAsync(AnswerRun run, string text, ChatMessageStatus status, CancellationToken ct, bool guarded = false)
    {
        var turn = run.Turn;
        var message = NewMessage(turn, StoredRole.Assistant, text);
        message.PriceGuardReplaced = guarded;
        var now = message.CreatedAt;
        (message.Provider, message.Model, message.Status) = (run.Provider, run.Model, status);
        (message.InputTokens, message.OutputTokens) = ((int?)run.Usage.InputTokenCount, (int?)run.Usage.OutputTokenCount);
        (message.CostUsd, message.LatencyMs, message.FirstTokenMs) = (ModelPricing.CostUsd(options.Value.Prices, run.Model, run.Usage), Elapsed(run.Started), run.FirstTokenMs);
        db.ChatMessages.Add(message);
        ConversationService.Answered(turn.Session, now, customerAnswered: status == ChatMessageStatus.Complete && run.Provider != "none");
        if (turn.HumanRequested is { } reason && !turn.Session.NeedsStaff)
        {
            (turn.Session.NeedsStaff, turn.Session.NeedsStaffReason, turn.Session.NeedsStaffAt) = (true, reason, now);
            db.Handoffs.Add(new Handoff
            {
                Id = Guid.CreateVersion7(now), TenantId = turn.Session.TenantId, SessionId = turn.Session.Id, LeadId = turn.Session.LeadId,
                LocationId = turn.Session.LocationId, Reason = reason, RaisedAt = now,
            });
        }
        // The customer may have closed the page; the answer is still the conversation's.
        await db.SaveChangesAsync(CancellationToken.None);
        return message;
    }

    /// <summary>A message of this conversation, stamped after the newest one.</summary>
    private StoredMessage NewMessage(ChatTurnContext turn, StoredRole role, string content)
    {
        var now = turn.Stamp(time.GetUtcNow());
        return new StoredMessage
        {
            Id = Guid.CreateVersion7(now),
            TenantId = turn.Lead.TenantId,
            SessionId = turn.Session.Id,
            LeadId = turn.Lead.Id,
            Role = role,
            Channel = turn.Channel,
            // A model's answer is outside text like the customer's: cleaned before it is stored.
            Content = Common.CleanText.Clean(content),
            CreatedAt = now,
        };
    }

    private ChatReply Reply(AnswerRun run, string? text, StoredMessage? message, bool replaced) =>
        new(text, run.Provider, run.Model, new ChatUsage(run.Usage.InputTokenCount ?? 0, run.Usage.OutputTokenCount ?? 0),
            ModelPricing.CostUsd(options.Value.Prices, run.Model, run.Usage), run.Turn.Session.Id, message?.Id, Elapsed(run.Started), run.FirstTokenMs,
            run.Fallback, run.Turn.Session.StaffTakeover, run.Turn.Session.NeedsStaff, replaced, run.ToolsUsed);

    /// <summary>The latest messages, oldest first; also notes the newest one's time (see <see cref="ChatTurnContext.Stamp"/>).</summary>
    private async Task<List<StoredMessage>> HistoryAsync(ChatTurnContext turn, CancellationToken ct)
    {
        var latest = await db.ChatMessages.AsNoTracking()
            .Where(m => m.SessionId == turn.Session.Id)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Take(options.Value.HistoryMessages)
            .ToListAsync(ct);
        turn.LastMessageAt = latest.Count > 0 ? latest[0].CreatedAt : null;
        latest.Reverse();
        return latest;
    }

    /// <summary>
    /// An answer's run: the prompt, the tools it may use, the answer's size, the price guard, and the customer's language
    /// for an assistant that cannot read the prompt (the offline one).
    /// </summary>
    private AnswerRun Run(ChatTurnContext turn, AssistantTools tools, IList<AITool> allowed, List<AiChatMessage> messages, long started,
        Func<ChatEvent, ValueTask> emit) => new(turn, started, emit)
    {
        Messages = messages,
        Options = new ChatOptions
        {
            Tools = allowed, MaxOutputTokens = options.Value.MaxOutputTokens, ToolMode = ChatToolMode.Auto,
            AdditionalProperties = new() { [CustomerLanguage.OptionName] = turn.Language },
        },
        Guard = new PriceGuard(turn.Catalog.Select(s => s.PriceCents), turn.Lead.EstimateTotalCents),
        Tools = tools,
    };

    /// <summary>
    /// What the tools need from the conversation: the language of the customer's newest message that tells (the lead's
    /// own when none does: a "9:30", a 👍), and the customer's words, newest first (the service they spoke of before
    /// "any time Saturday?").
    /// </summary>
    private static void Remember(ChatTurnContext turn, List<StoredMessage> history)
    {
        var said = Enumerable.Reverse(history).Where(m => m.Role == StoredRole.Customer).Select(m => m.Content).ToList();
        turn.Language = CustomerLanguage.Of(said, turn.Lead.Language);
        turn.CustomerWords = said;
    }

    /// <summary>System prompt, then the conversation so far (web and SMS alike); fragments of broken answers are left out.</summary>
    private static List<AiChatMessage> Prompt(ChatTurnContext turn, List<StoredMessage> history)
    {
        var messages = new List<AiChatMessage> { new(AiChatRole.System, AssistantPrompt.Build(turn)) };
        foreach (var m in history.Where(m => m.Role != StoredRole.System && m.Status == ChatMessageStatus.Complete))
            messages.Add(m.Role switch
            {
                StoredRole.Customer => new AiChatMessage(AiChatRole.User, m.Content),
                StoredRole.Staff => new AiChatMessage(AiChatRole.Assistant, "(a member of the shop's staff wrote) " + m.Content),
                _ => new AiChatMessage(AiChatRole.Assistant, m.Content),
            });
        return messages;
    }

    private int Elapsed(long started) => (int)time.GetElapsedTime(started).TotalMilliseconds;

    private static async ValueTask DisposeAsync(IAsyncEnumerator<ChatResponseUpdate>? stream)
    {
        if (stream is null)
            return;
        try
        {
            await stream.DisposeAsync();
        }
        catch (Exception)
        {
            // Abandoning a broken stream: nothing left to report.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogLevel.Warning, "Assistant provider {Provider} failed before its first token: {Error}; fallback available: {HasFallback}")]
        public static partial void ProviderFailed(ILogger logger, string provider, string error, bool hasFallback);

        [LoggerMessage(LogLevel.Warning, "Assistant provider {Provider} skipped: its circuit is open")]
        public static partial void CircuitOpen(ILogger logger, string provider);

        [LoggerMessage(LogLevel.Warning, "Assistant provider {Provider} broke off mid-answer: {Error}")]
        public static partial void StreamBroke(ILogger logger, string provider, string error);

        [LoggerMessage(LogLevel.Warning, "Price guard: answer for lead {LeadId} from {Provider} stated {Amount}, not a catalog price; replaced")]
        public static partial void PriceGuard(ILogger logger, Guid leadId, string provider, string amount);

        [LoggerMessage(LogLevel.Error, "No assistant provider could answer lead {LeadId}; conversation flagged for staff")]
        public static partial void NobodyAnswered(ILogger logger, Guid leadId);
    }
}
