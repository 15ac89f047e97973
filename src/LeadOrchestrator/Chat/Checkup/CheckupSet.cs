using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using LeadOrchestrator.Tenants;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LeadOrchestrator.Chat.Checkup;

/// <summary>
/// The assistant's check-up: scripted conversations shipped with the app (Chat/Checkup/Set/*.yaml, one file per
/// category) whose checks hold for any shop's catalog — "a price of a service matching /ceramic/", "looked up free
/// times", "asked a person", "answered in Spanish" — where the test set in tests/Conversations names one made-up
/// shop's services and times. A conversation whose <c>needs</c> no service of the shop matches is left out there.
/// </summary>
public sealed class CheckupSet
{
    public required IReadOnlyList<CheckupConversation> Conversations { get; init; }

    public CheckupConversation? Find(string id) => Conversations.FirstOrDefault(c => c.Id == id);

    private static readonly IDeserializer Yaml = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();

    /// <summary>The set embedded in the app; a file that does not read, or a check that does not compile, stops the start.</summary>
    public static CheckupSet Load()
    {
        var assembly = typeof(CheckupSet).Assembly;
        var conversations = new List<CheckupConversation>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("checkup/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            var file = Yaml.Deserialize<CheckupFile>(reader.ReadToEnd());
            foreach (var c in file.Conversations)
            {
                c.Category = file.Category ?? Path.GetFileNameWithoutExtension(resource);
                if (c.Problems().FirstOrDefault() is { } problem)
                    throw new InvalidDataException($"{resource}, \"{c.Name}\": {problem}");
                conversations.Add(c);
            }
        }
        if (conversations.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidDataException($"Two check-up conversations are named \"{twice.Key}\".");
        return new CheckupSet { Conversations = conversations };
    }
}

public sealed class CheckupFile
{
    public string? Category { get; set; }
    public List<CheckupConversation> Conversations { get; set; } = [];
}

public sealed partial class CheckupConversation
{
    public string Name { get; set; } = "";

    /// <summary>Set from the file.</summary>
    public string Category { get; set; } = "";

    /// <summary>The customer's language: every answer must be in it.</summary>
    public string Language { get; set; } = "en";

    public string? Vehicle { get; set; }

    /// <summary>Patterns each of which some service of the shop must match (name or category), or the conversation is left out.</summary>
    public List<string> Needs { get; set; } = [];

    /// <summary>A pattern: the conversation starts with a test appointment for the first bookable service matching it, at its first free time.</summary>
    public string? Appointment { get; set; }

    public List<CheckupTurn> Turns { get; set; } = [];

    /// <summary>The name as a URL segment: "hacen polarizado para camioneta" → "hacen-polarizado-para-camioneta".</summary>
    public string Id
    {
        get
        {
            var plain = new string(Name.Normalize(NormalizationForm.FormD).Where(ch => CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark).ToArray());
            return NotIdChars().Replace(plain.ToLowerInvariant(), "-").Trim('-');
        }
    }

    public IEnumerable<string> Problems()
    {
        if (Id.Length == 0)
            yield return "no name";
        if (!Leads.LeadLanguage.IsSupported(Language))
            yield return $"language \"{Language}\" (en or es)";
        if (Turns.Count == 0 || Turns.Any(t => string.IsNullOrWhiteSpace(t.Customer) || t.Customer.Length > ChatService.MaxMessageLength))
            yield return "each turn has the customer's words (1 to 2000 characters)";
        var patterns = Needs.Concat(new[] { Appointment }.OfType<string>())
            .Concat(Turns.Select(t => t.Expect).OfType<CheckupExpectation>().SelectMany(e => e.Quotes.Concat(e.Says).Concat(e.NotSays).Concat(e.Booked is { } b and not "none" and not "any" ? [b] : [])));
        foreach (var pattern in patterns)
        {
            string? error = null;
            try
            {
                _ = new Regex(pattern);
            }
            catch (ArgumentException e)
            {
                error = e.Message;
            }
            if (error is not null)
                yield return $"/{pattern}/ is no pattern: {error}";
        }
        foreach (var tool in Turns.Select(t => t.Expect).OfType<CheckupExpectation>().SelectMany(e => e.Tools.Concat(e.NoTools)).Where(t => !CheckupWords.Tools.ContainsKey(t)))
            yield return $"no tool is called {tool}";
    }

    /// <summary>Whether a service matches a pattern of the set (its name or its category, any case).</summary>
    public static bool Matches(ServiceCatalogItem service, string pattern) =>
        Regex.IsMatch($"{service.Name} {service.Category}", pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotIdChars();
}

public sealed class CheckupTurn
{
    public string Customer { get; set; } = "";
    public CheckupExpectation? Expect { get; set; }
}

/// <summary>What must hold after one answer. Patterns are .NET regular expressions, matched ignoring case.</summary>
public sealed class CheckupExpectation
{
    /// <summary>Tools the answer used.</summary>
    public List<string> Tools { get; set; } = [];

    /// <summary>Tools it must not use.</summary>
    public List<string> NoTools { get; set; } = [];

    /// <summary>For each pattern, the answer gives the catalog price of a service matching it.</summary>
    public List<string> Quotes { get; set; } = [];

    /// <summary>The answer gives the shop's lowest price.</summary>
    public bool Cheapest { get; set; }

    public List<string> Says { get; set; } = [];
    public List<string> NotSays { get; set; } = [];

    /// <summary>The assistant asked (true) or did not ask (false) a person to take over.</summary>
    public bool? Handoff { get; set; }

    /// <summary>The test appointment after the answer: "none", "any", or a pattern its service matches.</summary>
    public string? Booked { get; set; }

    /// <summary>The test appointment is at another time than when the conversation began.</summary>
    public bool Moved { get; set; }
}

/// <summary>The words a manager reads in the check-up's results.</summary>
public static class CheckupWords
{
    public static readonly IReadOnlyDictionary<string, string> Tools = new Dictionary<string, string>
    {
        ["list_services"] = "look up the services and prices",
        ["get_business_hours"] = "look up the hours",
        ["find_available_slots"] = "look up free times",
        ["get_appointment"] = "look up the customer's appointment",
        ["book_appointment"] = "book",
        ["reschedule_appointment"] = "move the appointment",
        ["cancel_appointment"] = "cancel the appointment",
        ["request_human"] = "ask a person to take over",
    };

    public static string Language(string code) => code == Leads.LeadLanguage.Spanish ? "Spanish" : "English";
}
