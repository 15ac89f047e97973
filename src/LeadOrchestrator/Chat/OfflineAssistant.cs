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

    /// <summary>What the customer wants; one message may want several things, answered in the order said.</summary>
    public enum Intent
    {
        Greeting,
        Price,
        Services,
        Hours,
        Availability,
        Reschedule,
        Cancel,
        MyAppointment,
        Human,
        Complaint,
        Abuse,
        Robot,
        Language,
        Injection,
        Thanks,
        Unknown,
    }

    private static readonly (Intent Intent, Regex Words)[] Patterns =
    [
        (Intent.Injection, InjectionWords()),
        (Intent.Robot, RobotWords()),
        (Intent.Human, HumanWords()),
        (Intent.Complaint, ComplaintWords()),
        (Intent.Abuse, AbuseWords()),
        (Intent.Cancel, CancelWords()),
        (Intent.Reschedule, RescheduleWords()),
        (Intent.MyAppointment, MyAppointmentWords()),
        (Intent.Price, PriceWords()),
        (Intent.Hours, HoursWords()),
        (Intent.Availability, AvailabilityWords()),
        (Intent.Services, ServiceWords()),
        (Intent.Language, LanguageWords()),
        (Intent.Thanks, ThanksWords()),
        (Intent.Greeting, GreetingWords()),
    ];

    /// <summary>What the message asks, in the order it asks it ("how much is ceramic and are you open saturday?": price, then hours).</summary>
    public static IReadOnlyList<Intent> Recognise(string text, DateOnly today = default)
    {
        var t = text.ToLowerInvariant();
        var found = Patterns.Select(p => (p.Intent, Match: p.Words.Match(t))).Where(x => x.Match.Success).OrderBy(x => x.Match.Index).Select(x => x.Intent).ToList();
        // A day or a time named is a question of when.
        if (!found.Contains(Intent.Availability) && !TimeRequest.Parse(t, today == default ? new DateOnly(2000, 1, 3) : today).IsEmpty
            && !found.Contains(Intent.Hours) && !found.Contains(Intent.MyAppointment))
            found.Add(Intent.Availability);
        if (found.Contains(Intent.Injection))
            return [Intent.Injection];
        if (found.Contains(Intent.Robot))
            found.Remove(Intent.Human);
        // Their own appointment: moving, cancelling or asking about it is not a new booking.
        if (found.Contains(Intent.Reschedule) || found.Contains(Intent.Cancel) || found.Contains(Intent.MyAppointment))
            found.Remove(Intent.Availability);
        if (found.Contains(Intent.Cancel) || found.Contains(Intent.Reschedule))
            found.Remove(Intent.MyAppointment);
        if (found.Contains(Intent.Complaint))
            found.Remove(Intent.Human);
        // Asking for a time at a service: the free times name the service; a price question still gets its prices.
        if (found.Contains(Intent.Availability) && !found.Contains(Intent.Price))
            found.Remove(Intent.Services);
        if (found.Contains(Intent.Price))
            found.Remove(Intent.Services);
        if (found.Count > 1)
            found.RemoveAll(i => i is Intent.Greeting or Intent.Thanks);
        return found.Count == 0 ? [Intent.Unknown] : found.Distinct().ToList();
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var responseId = "offline_" + Guid.NewGuid().ToString("N");
        var question = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? "";
        var language = CustomerLanguage.Of(list.Where(m => m.Role == ChatRole.User).Reverse().Select(m => m.Text),
            options?.AdditionalProperties?.TryGetValue(CustomerLanguage.OptionName, out string? lead) == true && lead is { } known ? known : CustomerLanguage.English);
        var intents = Recognise(question);
        // Second round: the tools have answered; say what they said, with what the customer's words call for around it.
        if (list.Count > 0 && list[^1].Role == ChatRole.Tool)
        {
            var results = list[^1].Contents.OfType<FunctionResultContent>().Select(r => ResultText(r.Result)).Where(r => r.Length > 0).ToList();
            foreach (var update in Words(Compose(intents, results, language), responseId))
            {
                yield return update;
                await PauseAsync(cancellationToken);
            }
            yield return Finish(responseId, ChatFinishReason.Stop);
            yield break;
        }

        var tools = options?.Tools?.OfType<AIFunction>().ToDictionary(f => f.Name, StringComparer.Ordinal) ?? [];
        var calls = Calls(intents, question, list, tools);
        if (calls.Count > 0)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [.. calls]) { ResponseId = responseId, ModelId = ModelId };
            yield return Finish(responseId, ChatFinishReason.ToolCalls);
            yield break;
        }
        foreach (var update in Words(DirectAnswer(intents[0], language, LastOffer(list)), responseId))
        {
            yield return update;
            await PauseAsync(cancellationToken);
        }
        yield return Finish(responseId, ChatFinishReason.Stop);
    }

    /// <summary>The tools that answer the message, in the order it asks.</summary>
    private static List<AIContent> Calls(IReadOnlyList<Intent> intents, string question, IList<ChatMessage> list, Dictionary<string, AIFunction> tools)
    {
        var offer = LastOffer(list);
        var previous = list.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? "";
        // A pick of a time just offered ("the 9:30 one", "yes, book 10am", "the second one", "sí"), though its words are no keyword.
        if (offer is { } offered && intents.All(i => i is Intent.Unknown or Intent.Thanks or Intent.Availability or Intent.Greeting)
            && Pick(question, offered) is { } slot)
            return Call(tools, "book_appointment", new() { ["service"] = offered.Service, ["slotStart"] = slot });
        // "Shall I cancel it?" — "yes".
        if (AskedToCancel().IsMatch(previous) && Affirmative().IsMatch(question.ToLowerInvariant()) && !intents.Contains(Intent.Reschedule))
            return Call(tools, "cancel_appointment", []);

        var calls = new List<AIContent>();
        foreach (var intent in intents)
        {
            var call = intent switch
            {
                Intent.Price or Intent.Services => Call(tools, "list_services", new() { ["query"] = question }),
                Intent.Hours => Call(tools, "get_business_hours", new() { ["day"] = question }),
                Intent.Availability => Call(tools, "find_available_slots", new() { ["service"] = question, ["fromDate"] = question, ["time"] = question }),
                // Moving starts with new times for the booked service; picking one then moves it (book_appointment reschedules).
                Intent.Reschedule => Call(tools, "find_available_slots", new() { ["fromDate"] = question, ["time"] = question }),
                Intent.MyAppointment => Call(tools, "get_appointment", []),
                // Cancelling is confirmed first, unless the message already says so.
                Intent.Cancel => Affirmative().IsMatch(question.ToLowerInvariant()) || Confirmed().IsMatch(question.ToLowerInvariant())
                    ? Call(tools, "cancel_appointment", [])
                    : Call(tools, "get_appointment", []),
                Intent.Human => Call(tools, "request_human", new() { ["reason"] = "customer asked for a person" }),
                Intent.Complaint => Call(tools, "request_human", new() { ["reason"] = "complaint" }),
                _ => [],
            };
            if (call.Count > 0 && calls.OfType<FunctionCallContent>().All(c => c.Name != ((FunctionCallContent)call[0]).Name))
                calls.AddRange(call);
        }
        return calls;
    }

    private static List<AIContent> Call(Dictionary<string, AIFunction> tools, string name, Dictionary<string, object?> args)
    {
        if (!tools.TryGetValue(name, out var function))
            return [];
        // Only the arguments the tool declares.
        var declared = function.JsonSchema.TryGetProperty("properties", out var props) ? props.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        return [new FunctionCallContent("call_" + Guid.NewGuid().ToString("N")[..16], name, args.Where(a => declared.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value))];
    }

    /// <summary>The tools' answers in order, with an apology for a complaint and the question a cancellation needs.</summary>
    private static string Compose(IReadOnlyList<Intent> intents, List<string> results, string language)
    {
        var es = language == CustomerLanguage.Spanish;
        var parts = new List<string>();
        if (intents.Contains(Intent.Complaint))
            parts.Add(es ? "Lo siento mucho, entiendo su molestia." : "I'm sorry about that — I understand, and we want to make it right.");
        parts.AddRange(results);
        if (intents.Contains(Intent.Cancel) && results.Any(r => r.StartsWith("Your appointment:", StringComparison.Ordinal) || r.StartsWith("Su cita:", StringComparison.Ordinal)))
            parts.Add(es ? "¿La cancelo? Responda sí para confirmar." : "Shall I cancel it? Reply yes to confirm.");
        return string.Join("\n\n", parts);
    }

    /// <summary>The service and slots of the conversation's last answer when it offered free times ("Free times for …", "Horarios libres para …").</summary>
    private static (string Service, string[] Slots, bool Confirmed)? LastOffer(IList<ChatMessage> messages)
    {
        var text = messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text;
        return text is not null && Offer().Match(text) is { Success: true } m
            ? (m.Groups["service"].Value, m.Groups["slots"].Value.Split("; ", StringSplitOptions.TrimEntries), FreeSaid().IsMatch(text))
            : null;
    }

    /// <summary>"the first one", "2", "the 9:30 one", "last", and "yes" to a time said to be free → one of the offered slots.</summary>
    private static string? Pick(string question, (string Service, string[] Slots, bool Confirmed) offer)
    {
        var (q, slots) = (question.ToLowerInvariant().Trim(), offer.Slots);
        if (TimeRequest.Parse(q, new DateOnly(2000, 1, 3)).At is { } at)
        {
            var wanted = ", " + at.ToString("h:mm", System.Globalization.CultureInfo.InvariantCulture) + (at.Hour < 12 ? " am" : " pm");
            return slots.FirstOrDefault(s => s.EndsWith(wanted, StringComparison.OrdinalIgnoreCase));
        }
        int? index = Regex.IsMatch(q, @"\b(last|[uú]ltim[oa])\b") ? slots.Length - 1
            : Regex.IsMatch(q, @"\b(first|1st|primer[oa]?)\b") || q.TrimEnd('.', '!') is "1" or "option 1" ? 0
            : Regex.IsMatch(q, @"\b(second|2nd|segund[oa])\b") || q.TrimEnd('.', '!') is "2" or "option 2" ? 1
            : Regex.IsMatch(q, @"\b(third|3rd|tercer[oa]?)\b") || q.TrimEnd('.', '!') is "3" or "option 3" ? 2
            : offer.Confirmed && Affirmative().IsMatch(q) ? 0
            : null;
        return index is { } i && i < slots.Length ? slots[i] : null;
    }

    private static string DirectAnswer(Intent intent, string language, (string Service, string[] Slots, bool Confirmed)? offer)
    {
        var es = language == CustomerLanguage.Spanish;
        return intent switch
        {
            Intent.Thanks => es ? "¡De nada! Si necesita algo más, escríbanos aquí." : "You're welcome! If anything else comes up, just reply here.",
            Intent.Greeting => es
                ? "¡Hola! Puedo darle nuestros precios y servicios, el horario, o buscarle una cita. ¿En qué le ayudo?"
                : "Hi! I can tell you our prices and services, our hours, or find a time for your appointment. What would you like to know?",
            Intent.Language => "¡Sí! Con gusto le atiendo en español. Puedo darle precios, horarios o buscarle una cita. ¿En qué le puedo ayudar?",
            Intent.Robot => es
                ? "Soy el asistente automático de la tienda. Puedo darle precios, horarios y citas, y si prefiere, le paso con una persona del equipo."
                : "I'm the shop's automated assistant. I can help with prices, hours and booking, and I can get a person from the team for you whenever you like.",
            Intent.Injection => es
                ? "Solo puedo ayudarle con su propia visita: nuestros servicios y precios de la lista, el horario y su cita."
                : "I can only help with your own visit: our services and listed prices, our hours, and your appointment.",
            Intent.Abuse => es
                ? "Lamento que esté frustrado. Puedo ayudarle con precios, horarios o una cita, o pasarle con una persona del equipo si lo prefiere."
                : "I'm sorry this has been frustrating. I can help with prices, hours or an appointment — or say \"talk to a person\" and someone from the team will reach out.",
            _ when offer is { } o => es
                ? $"¿Cuál de estos horarios prefiere? {string.Join("; ", o.Slots)}."
                : $"Which of these times would you like? {string.Join("; ", o.Slots)}.",
            _ => es
                ? "Puedo ayudarle con precios, nuestros servicios, el horario y las citas. O escriba \"hablar con una persona\" y el equipo se comunicará con usted."
                : "I can help with prices, our services, opening hours and booking a time. Or say \"talk to a person\" and the team will get in touch.",
        };
    }

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

    [GeneratedRegex(@"ignor(e|a)\b.{0,30}\b(instructions|rules|prompt|instrucciones|reglas)|system prompt|your (instructions|prompt|rules|configuration)|^\s*(system|admin|developer|assistant)\s*:|you are now|\bdan\b|developer mode|jailbreak|\b(all|every|other|others'?) (the )?(customers?|clients?|appointments|bookings)\b|(other|another) (customer|client)|neighbou?r|set (the )?price|price to \$|\d+ ?% off|todas las citas|otros clientes|(mi|del) vecin[oa]|tus instrucciones")]
    private static partial Regex InjectionWords();

    [GeneratedRegex(@"\b(are you|r u|is this) (a |an )?(robot|bot|human|real person|real|ai|machine|computer)\b|\b(eres|es usted) (un |una )?(robot|bot|humano|persona real|m[aá]quina)\b")]
    private static partial Regex RobotWords();

    [GeneratedRegex(@"\b(person|human|someone|somebody|staff|manager|real people|call me|speak (to|with)|talk (to|with)|representative|agent|owner)\b|hablar con|una persona|\balguien\b|gerente|encargad[oa]|ll[aá]m(e|en)me|un humano")]
    private static partial Regex HumanWords();

    [GeneratedRegex(@"\b(unacceptable|not happy|unhappy|disappointed|terrible|horrible|awful|worst|ruined|damaged|scratch(ed|es)?|bubbl(e|es|ed|ing)|peel(ing|ed)?|lifting|refund|complain(t)?|rude|angry|upset|furious|burbujas|molest[oa]|enojad[oa]|queja|mal servicio|p[eé]simo|rayaron|rayad[oa]|dañ[oa]d?[oa]?|reembolso|decepcionad[oa])\b")]
    private static partial Regex ComplaintWords();

    [GeneratedRegex(@"\b(f\*+\w*|fuck\w*|shit\w*|stupid|idiot\w*|useless|dumb|wtf|damn|pendej\w*|idiota|est[uú]pid[oa]|in[uú]til|mierda)\b|f\*+")]
    private static partial Regex AbuseWords();

    [GeneratedRegex(@"\bcancel\w*|\banular\b")]
    private static partial Regex CancelWords();

    [GeneratedRegex(@"\b(reschedule|move (it|my|the|this)|change (my|the) (appointment|appt|booking|time|day)|push (it|my|the)|earlier|sooner|different (day|time)|another (day|time)|bring it in (earlier|later|sooner)|cambiar (mi|la) (cita|hora)|mover|otro d[ií]a|otra hora|m[aá]s temprano|reprogramar|adelantar|posponer)\b")]
    private static partial Regex RescheduleWords();

    [GeneratedRegex(@"\b((when|what time|what day) is my (appointment|appt|booking)|do i have an? (appointment|appt|booking)|my (appointment|appt|booking) (time|details|is when)|(a qu[eé] hora|qu[eé] d[ií]a|cu[aá]ndo) es mi cita|tengo (una )?cita)\b")]
    private static partial Regex MyAppointmentWords();

    [GeneratedRegex(@"(\bhow much\b|\bprices?\b|\bpricing\b|\bcosts?\b|\bquote\b|\$|\bcharge\b|\brates?\b|cheapest|lowest|\bworth\b|cu[aá]nto|\bcuesta|\bprecios?\b|\bcobran\b|\bcosto\b|m[aá]s barat|econ[oó]mic)")]
    private static partial Regex PriceWords();

    [GeneratedRegex(@"\b(book|schedule|appointment|appt|reserve|come in|come by|swing by|stop by|drop (it|my car) off|bring (it|my)|available|availability|slots?|openings?|when can|any (time|day)|next opening|lock it in|agendar|ag[eé]nd\w+|reservar|res[eé]rv\w+|cita|disponible|puedo (ir|llevar|pasar)|hay (lugar|espacio))\b")]
    private static partial Regex AvailabilityWords();

    [GeneratedRegex(@"\b(hours|what time (do|does|are) you (open|close)|when do you (open|close)|are you (guys )?open|is (the shop|it) open|open (on |this |next )?(sunday|saturday|monday|tuesday|wednesday|thursday|friday|weekends?|today|tomorrow|now|late|thanksgiving|christmas)|(sunday|saturday|weekend)s?\?|do you close|closing time|opening time|horarios?|abren|cierran|est[aá]n abiertos|abierto)\b")]
    private static partial Regex HoursWords();

    [GeneratedRegex(@"\b(services?|offer|do you (do|have|install|sell)|can you do|tint\w*|ceramic|carbon|film|ppf|clear bra|wrap|coating|windshield|sun strip|hacen|ofrecen|servicios?|polarizad\w*|polarizar|parabrisas|recubrimiento|oil|brakes?|tires?|detail\w*|frenos|aceite|llantas)\b")]
    private static partial Regex ServiceWords();

    [GeneratedRegex(@"\b(habla(n|s)? (en )?espa[nñ]ol|speak spanish|en espa[nñ]ol)\b")]
    private static partial Regex LanguageWords();

    [GeneratedRegex(@"\b(thanks|thank you|thx|ty|bye|goodbye|gracias|adi[oó]s)\b")]
    private static partial Regex ThanksWords();

    [GeneratedRegex(@"^\s*(hi|hello|hey|good (morning|afternoon|evening)|hola|buen[oa]s)\b")]
    private static partial Regex GreetingWords();

    // A warm-up word may come first ("cool, yes book me", "ok perfect").
    [GeneratedRegex(@"^\W*((cool|nice|awesome|ok|okay|great|alright|bueno|muy bien)\W+)?(yes|yeah|yep|yup|sure|ok|okay|perfect|great|sounds good|do it|book (it|me)|lock it in|that works|works for me|confirm\w*|s[ií]|claro|dale|perfecto|listo|va|de acuerdo|correcto|👍)(\W|$)")]
    private static partial Regex Affirmative();

    [GeneratedRegex(@"\b(yes|i'?m sure|im sure|confirm\w*|please|pls|plz|s[ií],|estoy seguro|confirmo|por favor)\b")]
    private static partial Regex Confirmed();

    [GeneratedRegex(@"Shall I cancel it\?|¿La cancelo\?")]
    private static partial Regex AskedToCancel();

    [GeneratedRegex(@"(?:Free times for|next free times for|Horarios libres para|próximos horarios libres para) (?<service>.+?)(?: \((?:about|unas) [^)]*\))?(?::| are:| son:) (?<slots>[^.]+)\. (?:Which|¿Cuál)")]
    private static partial Regex Offer();

    [GeneratedRegex(@" is free for |está libre para ")]
    private static partial Regex FreeSaid();
}
