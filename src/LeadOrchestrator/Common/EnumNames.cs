using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeadOrchestrator.Common;

/// <summary>
/// The one status convention: an enum's text is its snake_case name (<c>NoShow</c> → <c>no_show</c>) in the
/// database (<see cref="Data.SnakeCaseEnumConverter{TEnum}"/>), on the wire (<see cref="ApiJson"/>), in
/// query strings and in hand-written SQL. Operators can read and query every status column.
/// </summary>
public static class EnumNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Names<TEnum>.ToText[value];

    /// <summary>Reads a snake_case name; anything else (a number, another casing, an unknown word) is false.</summary>
    public static bool TryParse<TEnum>(string? text, out TEnum value) where TEnum : struct, Enum =>
        Names<TEnum>.FromText.TryGetValue(text ?? "", out value);

    public static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum =>
        TryParse<TEnum>(text, out var value) ? value : throw new FormatException($"'{text}' is not a {typeof(TEnum).Name}.");

    /// <summary>Every name, in declaration order, for messages such as "status must be one of …".</summary>
    public static IReadOnlyList<string> All<TEnum>() where TEnum : struct, Enum => Names<TEnum>.InOrder;

    private static class Names<TEnum> where TEnum : struct, Enum
    {
        // A member may name itself ([JsonStringEnumMemberName("reminder_24h")]), as System.Text.Json honours on the wire.
        public static readonly string[] InOrder = [.. Enum.GetValues<TEnum>().Select(v =>
            typeof(TEnum).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()))];
        public static readonly FrozenDictionary<TEnum, string> ToText = Enum.GetValues<TEnum>().Zip(InOrder).ToFrozenDictionary(p => p.First, p => p.Second);
        public static readonly FrozenDictionary<string, TEnum> FromText = ToText.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
