using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace LeadOrchestrator.Chat;

/// <summary>
/// The assistant that needs no network and no key (<c>provider: "offline"</c>): it recognises what the
/// customer asks with plain rules and answers by calling the same tools a model calls, through the
/// same function-invocation pipeline. Deterministic, so demos and tests can rely on its words.
/// </summary>
/// <param name="typingDelay">A pause between words (a demo's answer streams in visibly); see <see cref="AiOptions.OfflineTypingDelay"/>.</param>
public sealed partial class OfflineAssistant(TimeSpan typingDelay = default) : IChatClient
{
    public const string ModelId = "offline-rules-1";

    /// <summary>What the customer wants, with the tool that answers it (null: answered directly).</summary>
    public enum Intent
    {
        Greeting,
        Price,
        Services,
        Hours,
        Availability,
        ChooseSlot,
        Book,
        Reschedule,
        Cancel,
        Human,
        Thanks,
        Unknown,
    }

    public static Intent Recognise(string text)
    {
        var t = text.ToLowerInvariant();
        if (HumanWords().IsMatch(t))
            return Intent.Human;
        if (CancelWords().IsMatch(t))
            return Intent.Cancel;
        if (RescheduleWords().IsMatch(t))
            return Intent.Reschedule;
        if (PriceWords().IsMatch(t))
            return Intent.Price;
        if (ChooseWords().IsMatch(t))
            return Intent.ChooseSlot;
        if (BookWords().IsMatch(t))
            return Intent.Book;
        if (HoursWords().IsMatch(t))
            return Intent.Hours;
        if (AvailabilityWords().IsMatch(t))
            return Intent.Availability;
        if (ServiceWords().IsMatch(t))
            return Intent.Services;
        if (ThanksWords().IsMatch(t))
            return Intent.Thanks;
        if (GreetingWords().IsMatch(t))
            return Intent.Greeting;
        return Intent.Unknown;
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var responseId = "offline_" + Guid.NewGuid().ToString("N");
        // Second round: the tools have answered; say what they said.
        if (list.Count > 0 && list[^1].Role == ChatRole.Tool)
        {
            var results = list[^1].Contents.OfType<FunctionResultContent>().Select(r => ResultText(r.Result)).Where(r => r.Length > 0);
            foreach (var update in Words(string.Join("\n\n", results), responseId))
            {
                yield return update;
                await PauseAsync(cancellationToken);
            }
            yield return Finish(responseId, ChatFinishReason.Stop);
            yield break;
        }

        var question = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var intent = Recognise(question);
        var offer = LastOffer(list);
        // "The 9:30 one", "9:30 works, thanks", "book the second": a pick of a time just offered, though its words are no keyword.
        if (offer is { } offered && intent is Intent.Unknown or Intent.Thanks or Intent.Book && Pick(question, offered.Slots) is not null)
            intent = Intent.ChooseSlot;
        var tools = options?.Tools?.OfType<AIFunction>().ToDictionary(f => f.Name, StringComparer.Ordinal) ?? [];
        var call = ToolFor(intent, question, tools, offer);
        if (call is not null)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [call]) { ResponseId = responseId, ModelId = ModelId };
            yield return Finish(responseId, ChatFinishReason.ToolCalls);
            yield break;
        }
        foreach (var update in Words(DirectAnswer(intent), responseId))
        {
            yield return update;
            await PauseAsync(cancellationToken);
        }
        yield return Finish(responseId, ChatFinishReason.Stop);
    }

    /// <summary>The service and slots of the latest "Free times for …" answer in the conversation.</summary>
    private static (string Service, string[] Slots)? LastOffer(IList<ChatMessage> messages)
    {
        var text = messages.LastOrDefault(m => m.Role == ChatRole.Assistant && m.Text.Contains("Free times for ", StringComparison.Ordinal))?.Text
            ?? messages.LastOrDefault(m => m.Role == ChatRole.Assistant && m.Text.Contains("next free times are: ", StringComparison.Ordinal))?.Text;
        return text is not null && Offer().Match(text) is { Success: true } m
            ? (m.Groups["service"].Value, m.Groups["slots"].Value.Split("; ", StringSplitOptions.TrimEntries))
            : null;
    }

    /// <summary>"the first one", "2", "the 9:30 one", "last" → one of the offered slots.</summary>
    private static string? Pick(string question, string[] slots)
    {
        var q = question.ToLowerInvariant();
        if (TimeMention().Match(q) is { Success: true } time)
        {
            var wanted = time.Groups["h"].Value + ":" + (time.Groups["m"].Success ? time.Groups["m"].Value : "00");
            if (slots.FirstOrDefault(s => s.Contains(", " + wanted + " ", StringComparison.OrdinalIgnoreCase)) is { } byTime)
                return byTime;
        }
        int? index = q.Contains("last", StringComparison.Ordinal) ? slots.Length - 1
            : q.Contains("first", StringComparison.Ordinal) || q.Contains("1st", StringComparison.Ordinal) || q.Trim().TrimEnd('.', '!') is "1" or "option 1" ? 0
            : q.Contains("second", StringComparison.Ordinal) || q.Contains("2nd", StringComparison.Ordinal) || q.Trim().TrimEnd('.', '!') is "2" or "option 2" ? 1
            : q.Contains("third", StringComparison.Ordinal) || q.Contains("3rd", StringComparison.Ordinal) || q.Trim().TrimEnd('.', '!') is "3" or "option 3" ? 2
            : null;
        return index is { } i && i < slots.Length ? slots[i] : null;
    }

    private static FunctionCallContent? ToolFor(Intent intent, string question, Dictionary<string, AIFunction> tools, (string Service, string[] Slots)? offer)
    {
        (string Name, Dictionary<string, object?> Args)? call = intent switch
        {
            Intent.Price or Intent.Services => ("list_services", new() { ["query"] = intent == Intent.Price ? question : null }),
            Intent.Hours => ("get_business_hours", []),
            Intent.Availability or Intent.Book => ("find_available_slots", new()
            {
                ["service"] = question,
                ["fromDate"] = DayWords().Match(question.ToLowerInvariant()) is { Success: true } day ? day.Value : null,
                ["partOfDay"] = PartOfDayWords().Match(question.ToLowerInvariant()) is { Success: true } part ? part.Value : null,
            }),
            Intent.ChooseSlot when offer is { } o && Pick(question, o.Slots) is { } slot => ("book_appointment", new() { ["service"] = o.Service, ["slotStart"] = slot }),
            Intent.ChooseSlot => ("find_available_slots", new() { ["service"] = question }),
            // Moving starts with new times; picking one then moves the booking (book_appointment reschedules).
            Intent.Reschedule when tools.ContainsKey("reschedule_appointment") => ("find_available_slots", new()
            {
                ["fromDate"] = DayWords().Match(question.ToLowerInvariant()) is { Success: true } day ? day.Value : null,
                ["partOfDay"] = PartOfDayWords().Match(question.ToLowerInvariant()) is { Success: true } part ? part.Value : null,
            }),
            Intent.Cancel when tools.ContainsKey("cancel_appointment") => ("cancel_appointment", new() { ["request"] = question }),
            Intent.Reschedule or Intent.Cancel or Intent.Human => ("request_human", new() { ["reason"] = intent.ToString().ToLowerInvariant() }),
            _ => null,
        };
        if (call is not { } c || !tools.TryGetValue(c.Name, out var function))
            return null;
        // Only the arguments the tool declares.
        var declared = function.JsonSchema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        var args = c.Args.Where(a => declared.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value);
        return new FunctionCallContent("call_" + Guid.NewGuid().ToString("N")[..16], c.Name, args);
    }

    private static string DirectAnswer(Intent intent) => intent switch
    {
        Intent.Thanks => "You're welcome! If anything else comes up, just reply here.",
        Intent.Greeting => "Hi! I can tell you our prices and services, our hours, or find a time for your appointment. What would you like to know?",
        _ => "I can help with prices, our services, opening hours and booking a time. Or say \"talk to a person\" and the team will get in touch.",
    };

    private static string ResultText(object? result) => result switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        _ => result.ToString() ?? "",
    };

    /// <summary>Presentation pacing, not a schedule: real time on purpose, so it works under a test's fake clock too.</summary>
    private Task PauseAsync(CancellationToken ct) =>
        typingDelay > TimeSpan.Zero ? Task.Delay(typingDelay, TimeProvider.System, ct) : Task.CompletedTask;

    /// <summary>Streams word by word, as a model would, so the streaming path is the same for every provider.</summary>
    private static IEnumerable<ChatResponseUpdate> Words(string text, string responseId)
    {
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && text[i] != ' ')
                continue;
            var end = Math.Min(i + 1, text.Length);
            if (end > start)
                yield return new ChatResponseUpdate(ChatRole.Assistant, text[start..end]) { ResponseId = responseId, ModelId = ModelId };
            start = end;
        }
    }

    private static ChatResponseUpdate Finish(string responseId, ChatFinishReason reason) =>
        new(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 0, OutputTokenCount = 0, TotalTokenCount = 0 })])
        {
            ResponseId = responseId,
            ModelId = ModelId,
            FinishReason = reason,
        };

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata(AiProviders.Offline, null, ModelId)
        : null;

    public void Dispose()
    {
    }

    [GeneratedRegex(@"\b(person|human|someone|somebody|staff|manager|real people|call me|speak to|talk to)\b")]
    private static partial Regex HumanWords();

    [GeneratedRegex(@"\bcancel\b")]
    private static partial Regex CancelWords();

    [GeneratedRegex(@"\b(reschedule|move my|change my (appointment|booking|time))\b")]
    private static partial Regex RescheduleWords();

    [GeneratedRegex(@"(\bhow much\b|\bprice|\bpricing\b|\bcost|\bquote\b|\bestimate\b|\$|\bcharge)")]
    private static partial Regex PriceWords();

    [GeneratedRegex(@"(\b(the )?(first|second|third|1st|2nd|3rd|last) (one|slot|time|option)\b|^\s*(option )?[1-5]\s*[.!]?\s*$|\b(i'?ll take|that works|book (it|that|the))\b)")]
    private static partial Regex ChooseWords();

    [GeneratedRegex(@"\b(book|schedule|appointment|reserve|come in|drop (it|my car) off)\b")]
    private static partial Regex BookWords();

    [GeneratedRegex(@"\b(available|availability|free|slot|slots|when can|openings?|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|this week|next week|morning|afternoon)\b")]
    private static partial Regex AvailabilityWords();

    [GeneratedRegex(@"\b(hours|open|close|closing|opening|what time)\b")]
    private static partial Regex HoursWords();

    [GeneratedRegex(@"\b(services?|offer|do you do|tint|ceramic|carbon|film|ppf|wrap|coating|detail)\b")]
    private static partial Regex ServiceWords();

    [GeneratedRegex(@"\b(thanks|thank you|thx|bye|goodbye|great|perfect|awesome)\b")]
    private static partial Regex ThanksWords();

    [GeneratedRegex(@"Free times for (?<service>.+?) \(about [^)]*\): (?<slots>[^.]+)\. Which|next free times are: (?<slots>[^.]+)\. Which")]
    private static partial Regex Offer();

    [GeneratedRegex(@"\b(?<h>1[0-2]|[1-9])(?::(?<m>[0-5]\d))?\s*(?:am|pm)?\b")]
    private static partial Regex TimeMention();

    [GeneratedRegex(@"\b(today|tomorrow|next week|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")]
    private static partial Regex DayWords();

    [GeneratedRegex(@"\b(morning|afternoon|evening)\b")]
    private static partial Regex PartOfDayWords();

    [GeneratedRegex(@"^\s*(hi|hello|hey|good (morning|afternoon|evening))\b")]
    private static partial Regex GreetingWords();
}
