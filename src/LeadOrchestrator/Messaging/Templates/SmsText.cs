using System.Text;

namespace LeadOrchestrator.Messaging.Templates;

/// <summary>How an SMS is encoded and billed.</summary>
public readonly record struct SmsSize(string Encoding, int Units, int Segments);

/// <summary>
/// GSM-7 / UCS-2 segment counting (3GPP TS 23.038): 160 GSM-7 characters fit one SMS, 153 per part
/// when split; characters of the extension table cost two. One character outside GSM-7 makes the whole
/// message UCS-2: 70 UTF-16 units, 67 per part.
/// </summary>
public static class SmsText
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private const string Extension = "^{}\\[~]|€\f";

    public static SmsSize Measure(string text)
    {
        var units = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c, StringComparison.Ordinal))
                units++;
            else if (Extension.Contains(c, StringComparison.Ordinal))
                units += 2;
            else
                return new SmsSize("UCS-2", text.Length, text.Length <= 70 ? 1 : (text.Length + 66) / 67);
        }
        return new SmsSize("GSM-7", units, units <= 160 ? 1 : (units + 152) / 153);
    }

    /// <summary>The characters of <paramref name="text"/> outside GSM-7 (each one makes the whole text UCS-2), once each, in order.</summary>
    public static IReadOnlyList<string> NonGsm(string text)
    {
        // By text element, so an emoji (two UTF-16 units, or a sequence) is named whole.
        var found = new List<string>();
        var e = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext())
        {
            var element = e.GetTextElement();
            if (element.Any(c => !Basic.Contains(c, StringComparison.Ordinal) && !Extension.Contains(c, StringComparison.Ordinal)) && !found.Contains(element))
                found.Add(element);
        }
        return found;
    }

    /// <summary>
    /// Replaces typographic characters that would force UCS-2 (and so cut a segment to 70 characters)
    /// with their plain equivalents, and trims whitespace.
    /// </summary>
    public static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.Trim())
        {
            sb.Append(c switch
            {
                '\u2018' or '\u2019' or '\u201B' or '\u2032' => "'",
                '\u201C' or '\u201D' or '\u201F' or '\u2033' => "\"",
                '\u2013' or '\u2014' or '\u2212' => "-",
                '\u2026' => "...",
                '\u00A0' or '\u2009' or '\u202F' => " ",
                '\u2022' => "*",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
