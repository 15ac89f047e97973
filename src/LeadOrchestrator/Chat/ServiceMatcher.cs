using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Chat;

/// <summary>The kind of vehicle a service is priced for, when the catalog prices by it.</summary>
public enum VehicleClass
{
    Unknown,
    Car,
    Large,
}

/// <summary>
/// Which of the shop's services a customer's words mean, in English or Spanish: "ppf" and "clear bra" are
/// the paint protection film, "polarizado" the window tint; a truck or an SUV (named, or the lead's own
/// vehicle) picks the SUV/Truck price over the sedan's. Words the shop has no service for ("oil change")
/// are reported, so the answer can say so instead of listing everything.
/// </summary>
public static partial class ServiceMatcher
{
    /// <summary>What customers say → words of a catalog name or category.</summary>
    private static readonly (Regex Said, string[] Means)[] Synonyms =
    [
        (Phrase(@"ppf|clear ?bra|paint protection|protection film|film de protecci[oó]n|protector de pintura|pel[ií]cula de protecci[oó]n|protecci[oó]n de pintura"), ["paint protection film"]),
        (Phrase(@"ceramic coat(ing)?|coating|recubrimiento( cer[aá]mico)?|cer[aá]mico para (la )?pintura"), ["ceramic coating"]),
        (Phrase(@"sun ?strip|visor strip|eyebrow|franja( solar)?|tira (solar|de sol)"), ["sun strip"]),
        (Phrase(@"windshield|windscreen|parabrisas|front glass"), ["windshield"]),
        (Phrase(@"tint(s|ed|ing)?|window film|polarizad[oa]s?|polarizar|entintad[oa]|tintad[oa]|ventanas|vidrios"), ["window tint"]),
        (Phrase(@"cer[aá]mic[oa]s?|ceramic"), ["ceramic"]),
        (Phrase(@"carb[oó]n|carbon"), ["carbon"]),
    ];

    /// <summary>Services tint shops are asked about but this kind of shop does not do.</summary>
    [GeneratedRegex(@"\b(oil( chang(e|es))?|cambio de aceite|aceite|brakes?|frenos?|tires?|tyres?|llantas?|neum[aá]ticos|alignment|alineaci[oó]n|engine|motor|transmission|transmisi[oó]n|batter(y|ies)|bater[ií]a|detail(ing)?|car wash|lavado|wash|dent|abolladura|paint job|pintura completa|wrap|vinyl|vinilo|body ?work|mechanic|mec[aá]nic[oa]|a/?c|air condition(ing)?|inspection|inspecci[oó]n|stereo|radio|remote start)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NotOurs();

    [GeneratedRegex(@"\b(truck|pick-?up|suv|van|minivan|camioneta|troca|crossover|jeep|4x4)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LargeWords();

    [GeneratedRegex(@"\b(sedan|sed[aá]n|coupe|coup[eé]|hatchback|compact|carro|auto|coche)\b", RegexOptions.IgnoreCase)]
    private static partial Regex CarWords();

    /// <summary>Models sold as trucks, SUVs and vans (the makes that only build them are below).</summary>
    private static readonly string[] LargeModels =
    [
        "f-150", "f150", "f-250", "f250", "f-350", "silverado", "sierra", "ram", "tacoma", "tundra", "tahoe", "suburban", "yukon", "explorer", "expedition",
        "bronco", "ranger", "maverick", "rav4", "rav-4", "cr-v", "crv", "pilot", "passport", "highlander", "4runner", "sequoia", "wrangler", "cherokee",
        "grand cherokee", "gladiator", "durango", "equinox", "traverse", "blazer", "trailblazer", "colorado", "canyon", "escape", "edge", "model x", "model y",
        "escalade", "telluride", "sorento", "sportage", "palisade", "santa fe", "tucson", "rogue", "pathfinder", "frontier", "titan", "murano", "armada",
        "outback", "forester", "ascent", "cx-5", "cx-9", "cx-50", "cx-90", "x3", "x5", "x7", "gle", "glc", "gls", "q5", "q7", "q8", "rdx", "mdx", "rx", "gx", "lx",
        "sienna", "odyssey", "pacifica", "cybertruck", "rivian", "r1t", "r1s", "hummer", "defender", "range rover", "atlas", "tiguan", "kona", "cr v",
    ];

    private static readonly string[] LargeMakes = ["jeep", "ram", "gmc", "land rover", "rivian"];

    /// <summary>The vehicle class the words name ("my F-150", "una camioneta"), else the lead's own vehicle's.</summary>
    public static VehicleClass ClassOf(string? words, string? make = null, string? model = null)
    {
        var said = Classify(words);
        if (said != VehicleClass.Unknown)
            return said;
        return Classify($"{make} {model}");
    }

    private static VehicleClass Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return VehicleClass.Unknown;
        var t = " " + Normal(text) + " ";
        if (LargeWords().IsMatch(t) || LargeModels.Any(m => t.Contains(" " + m + " ", StringComparison.Ordinal)) || LargeMakes.Any(m => t.Contains(" " + m + " ", StringComparison.Ordinal)))
            return VehicleClass.Large;
        // A named car model counts as a car only when it is no known truck: "Model 3", "Civic", "Camry".
        return CarWords().IsMatch(t) || t.Trim().Length > 0 && Regex.IsMatch(t, @"\b(model 3|model s|civic|accord|camry|corolla|altima|sentra|malibu|mustang|charger|challenger|elantra|sonata|jetta|passat|3 series|5 series|c-class|e-class|a4|a6|mazda3|mazda 3|impreza|legacy|optima|k5|forte|prius|fusion|focus|cruze|camaro|corvette|wrx|golf|ioniq|tesla|bmw|audi|honda|toyota|nissan|hyundai|kia|mazda|subaru|lexus|acura|mercedes|volkswagen|vw)\b")
            ? VehicleClass.Car
            : VehicleClass.Unknown;
    }

    /// <summary>The service's class, when its name says ("… - SUV/Truck", "… - Sedan").</summary>
    public static VehicleClass ClassOf(ServiceCatalogItem service) =>
        LargeWords().IsMatch(service.Name) ? VehicleClass.Large : CarWords().IsMatch(service.Name) ? VehicleClass.Car : VehicleClass.Unknown;

    /// <summary>
    /// The services the words mean, best first: those matching the most of the customer's terms; of class
    /// variants (sedan vs SUV/truck), the one for <paramref name="vehicle"/> when it is known. Empty when nothing matches.
    /// </summary>
    public static List<ServiceCatalogItem> Match(IReadOnlyList<ServiceCatalogItem> services, string? words, VehicleClass vehicle)
    {
        var terms = Terms(words);
        if (terms.Count == 0)
            return [];
        // The services that cover the most of the customer's terms ("windshield ceramic tint" is the windshield's, though
        // "Ceramic Window Tint" has more of the words); of those, a word in the name counts twice one in the category:
        // "ceramic tint" is the ceramic window tints, not the windshield's.
        var scored = services.Select(s => (Service: s,
                Covered: terms.Count(t => InName(s, t) || InCategory(s, t)),
                Score: terms.Sum(t => t.Split(' ').Length * (InName(s, t) ? 2 : InCategory(s, t) ? 1 : 0))))
            .Where(x => x.Score > 0).ToList();
        if (scored.Count == 0)
            return [];
        var top = scored.Max(x => (x.Covered, x.Score));
        var best = scored.Where(x => (x.Covered, x.Score) == top).Select(x => x.Service).ToList();
        return ForVehicle(best, vehicle);
    }

    /// <summary>Of services that differ only by vehicle class, the ones for this vehicle (all of them when it is unknown).</summary>
    public static List<ServiceCatalogItem> ForVehicle(List<ServiceCatalogItem> services, VehicleClass vehicle)
    {
        if (vehicle == VehicleClass.Unknown)
            return [.. services.OrderBy(s => s.PriceCents)];
        var fitting = services.Where(s => ClassOf(s) is var c && (c == VehicleClass.Unknown || c == vehicle)).ToList();
        // Priced for this vehicle by name ("… - Full Sedan") first, then what is priced for any vehicle.
        return [.. (fitting.Count > 0 ? fitting : services).OrderBy(s => ClassOf(s) == vehicle ? 0 : 1).ThenBy(s => s.PriceCents)];
    }

    /// <summary>Customer words that name a service kind (catalog words, or what they stand for), longest first.</summary>
    public static List<string> Terms(string? words)
    {
        var text = Normal(words ?? "");
        var terms = new List<string>();
        foreach (var (said, means) in Synonyms)
            if (said.IsMatch(text))
                terms.AddRange(means);
        // Catalog words said as they are ("partial front", "full front", "1 year").
        foreach (Match m in Regex.Matches(text, @"\b(partial|full front|full|front|year|yr)\b"))
            terms.Add(m.Value == "yr" ? "year" : m.Value);
        return [.. terms.Distinct()];
    }

    /// <summary>Something the shop does not do, by the words ("oil change", "frenos"), or null.</summary>
    public static string? NotOffered(string? words) =>
        words is not null && NotOurs().Match(Normal(words)) is { Success: true } m && Terms(words).Count == 0 ? m.Value : null;

    /// <summary>"cheapest", "lowest price", "lo más barato", "económico".</summary>
    public static bool WantsCheapest(string? words) =>
        words is not null && Regex.IsMatch(Normal(words), @"\b(cheapest|cheaper|lowest|least expensive|most affordable|budget|basic|m[aá]s barat[oa]|barat[oa]|econ[oó]mic[oa]|menor precio|m[aá]s bajo)\b");

    private static bool InName(ServiceCatalogItem s, string term) => Normal(s.Name).Contains(term, StringComparison.Ordinal);

    private static bool InCategory(ServiceCatalogItem s, string term) => Normal(s.Category ?? "").Contains(term, StringComparison.Ordinal);

    /// <summary>Lower case, accents kept (the patterns allow both), dashes and slashes as spaces.</summary>
    private static string Normal(string text)
    {
        var t = new StringBuilder(text.Length);
        foreach (var ch in text.ToLower(CultureInfo.InvariantCulture))
            t.Append(ch is '/' or '_' or '(' or ')' or ',' or '.' or '?' or '!' or '¿' or '¡' ? ' ' : ch);
        return Regex.Replace(t.ToString(), @"\s+", " ").Trim();
    }

    private static Regex Phrase(string pattern) => new(@"\b(" + pattern + @")\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
