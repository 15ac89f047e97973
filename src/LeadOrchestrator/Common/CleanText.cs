using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LeadOrchestrator.Common;

/// <summary>
/// Text from outside (ShopMonkey, a customer's text or chat message, a model's answer, staff input) is
/// cleaned where it comes in, so nothing unstorable or invisible reaches the database: PostgreSQL
/// refuses a NUL outright (the insert fails), SQLite stores a string only up to it, and control or
/// bidirectional-override characters make text read differently from what it says. Removed: C0 and C1
/// controls except tab and newline (a CR or CRLF becomes a newline), the bidi embeddings, overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069) and lone surrogates. Everything else, emoji and every
/// script included, passes untouched.
/// </summary>
public static class CleanText
{
    private static readonly SearchValues<char> Suspect = SearchValues.Create(Suspects());

    /// <summary>The text without what it must not carry; the same instance when there is nothing to remove.</summary>
    public static string Clean(string text)
    {
        var first = text.AsSpan().IndexOfAny(Suspect);
        if (first < 0)
            return text;
        var builder = new StringBuilder(text.Length);
        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }
            if (c == '\r')
            {
                builder.Append('\n');
                if (i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                continue;
            }
            if (!Removed(c))
                builder.Append(c);
        }
        return builder.ToString();
    }

    /// <inheritdoc cref="Clean(string)"/>
    public static string? CleanOrNull(string? text) => text is null ? null : Clean(text);

    /// <summary>True when <see cref="Clean(string)"/> would change the text.</summary>
    public static bool NeedsCleaning(string text) => !ReferenceEquals(Clean(text), text);

    private static bool Removed(char c) =>
        (c < 0x20 && c is not '\t' and not '\n')
        || c is >= '\u007F' and <= '\u009F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069'
        || char.IsSurrogate(c); // paired ones were kept above

    private static string Suspects()
    {
        var chars = new StringBuilder();
        for (var c = '\0'; c < ' '; c++)
            if (c is not '\t' and not '\n')
                chars.Append(c);
        for (var c = '\u007F'; c <= '\u009F'; c++)
            chars.Append(c);
        for (var c = '\u202A'; c <= '\u202E'; c++)
            chars.Append(c);
        for (var c = '\u2066'; c <= '\u2069'; c++)
            chars.Append(c);
        // Surrogates are suspects too: a pair passes, a lone half does not.
        for (var c = '\uD800'; c <= '\uDFFF'; c++)
            chars.Append(c);
        return chars.ToString();
    }

    /// <summary>
    /// A JSON string value, cleaned. System.Text.Json refuses a string with an escaped lone surrogate
    /// (<c>"\ud800"</c>), which would make a whole ShopMonkey answer unreadable for ever; such a value is
    /// unescaped here instead, without the lone half.
    /// </summary>
    public static string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return null;
        try
        {
            return Clean(reader.GetString()!);
        }
        catch (InvalidOperationException) when (reader.TokenType == JsonTokenType.String)
        {
            var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            return Clean(Unescape(Encoding.UTF8.GetString(raw)));
        }
    }

    /// <summary>The string value of a JSON element, cleaned (see <see cref="Read"/>); null when it is not a string.</summary>
    public static string? Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
            return null;
        try
        {
            return Clean(element.GetString()!);
        }
        catch (InvalidOperationException)
        {
            var raw = element.GetRawText();
            return Clean(Unescape(raw[1..^1]));
        }
    }

    /// <summary>JSON string escapes undone; a <c>\u</c> escape that is half a pair stays as that half (Clean drops it).</summary>
    private static string Unescape(string escaped)
    {
        var builder = new StringBuilder(escaped.Length);
        for (var i = 0; i < escaped.Length; i++)
        {
            var c = escaped[i];
            if (c != '\\' || i + 1 >= escaped.Length)
            {
                builder.Append(c);
                continue;
            }
            var next = escaped[++i];
            switch (next)
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u' when i + 4 < escaped.Length
                    && int.TryParse(escaped.AsSpan(i + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                    builder.Append((char)code);
                    i += 4;
                    break;
                default: builder.Append(next); break; // \" \\ \/
            }
        }
        return builder.ToString();
    }
}
