using System.Text.Json;
using LeadOrchestrator.ShopMonkey;

namespace LeadOrchestrator.Leads;

/// <summary>
/// A lead's language and who may change it. Staff's choice stands; a ShopMonkey customer whose custom field, label or
/// note names a language comes next; otherwise the customer's own words decide (the newest message that tells), and a
/// lead nobody has heard from is English. Every text, email, notice, keyword answer and the chat page follow it.
/// </summary>
public static class LeadLanguage
{
    public const string English = "en";
    public const string Spanish = "es";

    public static readonly IReadOnlyList<string> All = [English, Spanish];

    public static bool IsSupported(string? language) => language is English or Spanish;

    public static bool IsSpanish(this Lead lead) => lead.Language == Spanish;

    /// <summary>A customer's message: it sets the language when its words tell and no stronger source has spoken.</summary>
    public static bool Observe(Lead lead, string? text)
    {
        if (lead.LanguageSource > LanguageSource.Detected || Chat.CustomerLanguage.Detect(text) is not { } detected)
            return false;
        return Set(lead, detected, LanguageSource.Detected);
    }

    /// <summary>What the ShopMonkey customer says, unless staff have chosen.</summary>
    public static bool ApplyShopMonkey(Lead lead, SmCustomer customer)
    {
        if (lead.LanguageSource == LanguageSource.Staff || FromShopMonkey(customer) is not { } language)
            return false;
        return Set(lead, language, LanguageSource.ShopMonkey);
    }

    public static bool SetByStaff(Lead lead, string language) => Set(lead, language, LanguageSource.Staff);

    private static bool Set(Lead lead, string language, LanguageSource source)
    {
        var changed = lead.Language != language || lead.LanguageSource != source;
        (lead.Language, lead.LanguageSource) = (language, source);
        return changed;
    }

    /// <summary>
    /// The language a ShopMonkey customer's data names, or null: a custom field called language / idioma / preferred
    /// language (any shape ShopMonkey sends: an object of fields or a list of name/value pairs), a label such as
    /// "Spanish" or "Español", or a note with "language: Spanish", "habla español" or "Spanish speaker".
    /// </summary>
    public static string? FromShopMonkey(SmCustomer customer)
    {
        foreach (var (name, value) in CustomFields(customer.CustomFields))
            if (IsLanguageField(name) && Named(value) is { } fromField)
                return fromField;
        foreach (var label in customer.Labels ?? [])
            if (Named(label.Name) is { } fromLabel && label.Name!.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 3)
                return fromLabel;
        return FromNote(customer.Note);
    }

    private static string? FromNote(string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
            return null;
        var text = note.ToLowerInvariant();
        foreach (var cue in NoteCues)
        {
            var at = text.IndexOf(cue.Text, StringComparison.Ordinal);
            if (at >= 0 && !text[Math.Max(0, at - 12)..at].Contains("no ", StringComparison.Ordinal) && !text[Math.Max(0, at - 12)..at].Contains("not ", StringComparison.Ordinal))
                return cue.Language;
        }
        return null;
    }

    // Phrases a front desk writes in a customer's note; "no habla inglés" means Spanish too (and is checked before
    // "habla español", whose "no" in front means the opposite).
    private static readonly (string Text, string Language)[] NoteCues =
    [
        ("no habla inglés", Spanish), ("no habla ingles", Spanish), ("language: spanish", Spanish), ("language: español", Spanish), ("language: espanol", Spanish), ("language: es", Spanish),
        ("idioma: español", Spanish), ("idioma: espanol", Spanish), ("habla español", Spanish), ("habla espanol", Spanish),
        ("spanish speaker", Spanish), ("spanish-speaking", Spanish), ("spanish speaking", Spanish), ("speaks spanish", Spanish),
        ("prefers spanish", Spanish), ("spanish only", Spanish), ("solo español", Spanish),
        ("language: english", English), ("idioma: inglés", English), ("idioma: ingles", English), ("prefers english", English),
    ];

    private static bool IsLanguageField(string name) =>
        name.Trim().ToLowerInvariant() is "language" or "idioma" or "preferred language" or "preferredlanguage" or "preferred_language" or "lang"
            or "customer language" or "idioma preferido";

    /// <summary>"Spanish", "español", "es", "es-MX" → es; "English", "en" → en; anything else null.</summary>
    private static string? Named(string? value)
    {
        var v = value?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(v))
            return null;
        if (v is "spanish" or "español" or "espanol" or "es" or "spa" or "castellano" || v.StartsWith("es-", StringComparison.Ordinal)
            || v.StartsWith("spanish ", StringComparison.Ordinal) || v.StartsWith("español ", StringComparison.Ordinal))
            return Spanish;
        if (v is "english" or "inglés" or "ingles" or "en" or "eng" || v.StartsWith("en-", StringComparison.Ordinal))
            return English;
        return null;
    }

    private static IEnumerable<(string Name, string? Value)> CustomFields(JsonElement? fields)
    {
        if (fields is not { } element)
            yield break;
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
                yield return (property.Name, Text(property.Value));
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                    continue;
                var name = Property(item, "name") ?? Property(item, "label") ?? Property(item, "key");
                if (name is not null)
                    yield return (name, Property(item, "value"));
            }
        }
    }

    private static string? Property(JsonElement item, string name)
    {
        foreach (var property in item.EnumerateObject())
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                return Text(property.Value);
        return null;
    }

    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object => Property(value, "value") ?? Property(value, "name"),
        _ => null,
    };
}
