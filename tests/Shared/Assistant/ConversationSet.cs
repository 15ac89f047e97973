using System.Globalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace LeadOrchestrator.Evaluation;

/// <summary>
/// The conversation set (tests/Conversations): the shop every conversation talks to and the scripted
/// conversations, each with what must hold in the answers. Format: tests/Conversations/README.md.
/// </summary>
public sealed record ConversationSet(ShopSpec Shop, IReadOnlyList<Conversation> Conversations)
{
    /// <summary>tests/Conversations, found from the running assembly's folder upwards.</summary>
    public static string DefaultFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "LeadOrchestrator.slnx")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("Not inside the repository."), "tests", "Conversations");
    }

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Every *.yaml in <paramref name="folder"/>: shop.yaml is the shop, each other file one category.</summary>
    public static ConversationSet Load(string folder)
    {
        var shop = Yaml.Deserialize<ShopSpec>(File.ReadAllText(Path.Combine(folder, "shop.yaml")));
        var conversations = new List<Conversation>();
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Where(f => Path.GetFileName(f) != "shop.yaml").Order(StringComparer.Ordinal))
        {
            var category = Yaml.Deserialize<CategoryFile>(File.ReadAllText(file));
            var name = category.Category ?? Path.GetFileNameWithoutExtension(file);
            foreach (var c in category.Conversations)
            {
                c.Category ??= name;
                c.Problems().ToList().ForEach(p => throw new InvalidDataException($"{Path.GetFileName(file)}, \"{c.Name}\": {p}"));
                conversations.Add(c);
            }
        }
        var twice = conversations.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new InvalidDataException($"Two conversations are named \"{twice.Key}\".");
        foreach (var c in conversations)
            foreach (var named in c.ServicesNamed().Where(n => shop.Services.All(s => s.Name != n)))
                throw new InvalidDataException($"\"{c.Name}\" names \"{named}\", which is not a service in shop.yaml.");
        return new ConversationSet(shop, conversations);
    }
}

public sealed class CategoryFile
{
    public string? Category { get; set; }
    public List<Conversation> Conversations { get; set; } = [];
}

public sealed class ShopSpec
{
    public string Name { get; set; } = "";
    public string TimeZone { get; set; } = "America/Chicago";

    /// <summary>The frozen clock, local to the shop.</summary>
    public string Now { get; set; } = "";

    public int Bays { get; set; } = 2;
    public string Phone { get; set; } = "";
    public Dictionary<string, string> Hours { get; set; } = [];
    public List<HolidaySpec> Holidays { get; set; } = [];
    public List<ServiceSpec> Services { get; set; } = [];
    public List<OtherCustomer> Others { get; set; } = [];

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>A local time in the shop ("2026-11-27T10:00") as an instant.</summary>
    public DateTimeOffset Instant(string local)
    {
        var time = DateTime.ParseExact(local, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(time, Zone.GetUtcOffset(time)).ToUniversalTime(); // PostgreSQL stores UTC only
    }

    public DateTimeOffset NowInstant => Instant(Now);
}

public sealed class HolidaySpec
{
    public string Date { get; set; } = "";
    public string? Note { get; set; }
}

public sealed class ServiceSpec
{
    public string Name { get; set; } = "";
    public string? Category { get; set; }
    public decimal Price { get; set; }
    public int Minutes { get; set; }
    public long Cents => (long)(Price * 100);
}

public sealed class OtherCustomer
{
    public string First { get; set; } = "";
    public string Last { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Email { get; set; } = "";
    public string? Vehicle { get; set; }
    public List<BookingSpec> Bookings { get; set; } = [];
}

public sealed class BookingSpec
{
    public string Service { get; set; } = "";
    public string Start { get; set; } = "";
}

public sealed class LeadSpec
{
    public string First { get; set; } = "Tim";
    public string? Vehicle { get; set; }
    public string? Estimate { get; set; }
}

public sealed class Conversation
{
    public string Name { get; set; } = "";
    public string? Category { get; set; }
    public string Language { get; set; } = "en";
    public LeadSpec Lead { get; set; } = new();
    public BookingSpec? Appointment { get; set; }
    public List<Turn> Turns { get; set; } = [];

    public IEnumerable<string> Problems()
    {
        if (Name.Length == 0)
            yield return "no name";
        if (Language is not ("en" or "es"))
            yield return $"language \"{Language}\" (en or es)";
        if (Turns.Count == 0)
            yield return "no turns";
        foreach (var turn in Turns)
            if (turn.Expect?.Booked is { } booked && booked.Service.Length == 0)
                yield return "booked without a service (say \"none\" for no appointment)";
    }

    /// <summary>The services it names by their catalog name (the lead's estimate is free text, as ShopMonkey's is).</summary>
    public IEnumerable<string> ServicesNamed() =>
        new[] { Appointment?.Service }.OfType<string>()
            .Concat(Turns.Select(t => t.Expect).OfType<Expectation>().SelectMany(e => e.Quotes.Concat(e.NoQuotes).Concat(e.Booked is { IsNone: false } b ? [b.Service] : [])));
}

public sealed class Turn
{
    public string Customer { get; set; } = "";
    public Expectation? Expect { get; set; }
}

public sealed class Expectation
{
    public List<string> Tools { get; set; } = [];
    public List<string> NoTools { get; set; } = [];
    public List<string> Quotes { get; set; } = [];
    public List<string> NoQuotes { get; set; } = [];
    public List<string> Says { get; set; } = [];
    public List<string> NotSays { get; set; } = [];
    public bool? Handoff { get; set; }

    [YamlMember(Alias = "booked")]
    public object? BookedRaw { get; set; }

    public bool Rejected { get; set; }

    /// <summary>"none", or a service and a start.</summary>
    public BookedSpec? Booked => BookedRaw switch
    {
        null => null,
        string s when s.Equals("none", StringComparison.OrdinalIgnoreCase) => BookedSpec.None,
        IDictionary<object, object> map => new BookedSpec(map.TryGetValue("service", out var s) ? s?.ToString() ?? "" : "", map.TryGetValue("start", out var t) ? t?.ToString() ?? "" : ""),
        _ => throw new InvalidDataException($"booked: {BookedRaw} (\"none\" or {{service, start}})"),
    };
}

public sealed record BookedSpec(string Service, string Start)
{
    public static readonly BookedSpec None = new("none", "");
    public bool IsNone => Service == "none" && Start.Length == 0;
}
