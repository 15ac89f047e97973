using System.Text.RegularExpressions;

namespace LeadOrchestrator.Chat;

/// <summary>
/// Whether a customer writes English or Spanish, from the words of their messages: the latest one that
/// says (a "9:30" or a 👍 says nothing, so the conversation's earlier messages decide), else English.
/// </summary>
public static partial class CustomerLanguage
{
    public const string English = Leads.LeadLanguage.English;
    public const string Spanish = Leads.LeadLanguage.Spanish;

    /// <summary>Where <c>ChatOptions.AdditionalProperties</c> carries the turn's language (the lead's, when the messages do not tell).</summary>
    public const string OptionName = "customer_language";

    /// <summary>"es", "en", or null when the text has too few words to tell.</summary>
    public static string? Detect(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var lower = text.ToLowerInvariant();
        var words = Word().Matches(lower).Select(m => m.Value).ToList();
        var es = words.Count(SpanishWords.Contains) * 2 + lower.Count(ch => ch is '¿' or '¡' or 'ñ') * 2 + lower.Count(ch => ch is 'á' or 'é' or 'í' or 'ó' or 'ú');
        var en = words.Count(EnglishWords.Contains) * 2;
        return es == 0 && en == 0 ? null : es > en ? Spanish : English;
    }

    /// <summary>The language of the newest message that tells, looking back from the last; English when none does.</summary>
    public static string Of(IEnumerable<string> newestFirst, string fallback = English) =>
        newestFirst.Select(Detect).FirstOrDefault(l => l is not null) ?? fallback;

    // Words that are one language's and not the other's ("no", "a", "me" are both; left out).
    private static readonly HashSet<string> SpanishWords =
    [
        "hola", "gracias", "cuánto", "cuanto", "cuesta", "cuestan", "precio", "precios", "quiero", "quisiera", "necesito", "puedo", "pueden", "tienen", "tiene",
        "hacen", "hablan", "español", "cita", "citas", "mañana", "manana", "hoy", "sábado", "sabado", "domingo", "lunes", "martes", "miércoles", "miercoles",
        "jueves", "viernes", "semana", "abren", "abierto", "cierran", "horario", "hora", "horas", "qué", "que", "cuándo", "cuando", "dónde", "donde", "por", "para",
        "favor", "porfa", "el", "la", "los", "las", "del", "una", "uno", "mi", "mis", "su", "es", "está", "esta", "son", "y", "o", "con", "sí", "si", "bueno", "vale",
        "polarizado", "polarizar", "carro", "camioneta", "troca", "coche", "persona", "alguien", "hablar", "cancelar", "cambiar", "reservar", "agendar", "gusto",
        "buenos", "buenas", "días", "tardes", "noches", "perfecto", "listo", "dale", "claro", "estoy", "muy", "molesto", "burbujas", "ventanas", "parabrisas",
        "cerámico", "ceramico", "carbón", "lo", "más", "mas", "barato", "también", "tambien", "pero", "como", "ustedes", "usted", "le", "nos", "ahora", "tarde",
    ];

    private static readonly HashSet<string> EnglishWords =
    [
        "the", "and", "is", "are", "you", "your", "we", "our", "for", "to", "of", "with", "can", "what", "when", "how", "much", "open", "closed", "price", "thanks",
        "thank", "please", "book", "appointment", "tomorrow", "today", "i", "my", "it", "do", "does", "have", "need", "want", "would", "could", "there", "this",
        "that", "hi", "hello", "hey", "yes", "yeah", "ok", "okay", "sure", "time", "times", "works", "cancel", "move", "tint", "car", "truck", "saturday", "sunday",
        "monday", "tuesday", "wednesday", "thursday", "friday", "week", "morning", "afternoon", "cost", "cheapest", "person", "someone", "manager", "at", "on", "in",
        "an", "be", "will", "get", "any", "just", "like", "about", "after", "before", "great", "perfect", "awesome", "cool",
    ];

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();
}
