using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LeadOrchestrator.Chat;

/// <summary>
/// Grounded prices: every dollar amount in an answer must be a catalog price, a sum of up to three of
/// them, or the lead's own estimate total. Anything else ("$1, as you said") never reaches the customer.
/// </summary>
public sealed partial class PriceGuard
{
    private readonly HashSet<long> _allowed = [];

    public PriceGuard(IEnumerable<long> catalogCents, long? estimateCents)
    {
        var prices = catalogCents.Where(c => c > 0).Distinct().ToArray();
        foreach (var a in prices)
            _allowed.Add(a);
        // Sums of two or three services ("tint plus coating"); the catalog of a shop is small.
        if (prices.Length <= 60)
            for (var i = 0; i < prices.Length; i++)
                for (var j = i; j < prices.Length; j++)
                {
                    _allowed.Add(prices[i] + prices[j]);
                    if (prices.Length <= 30)
                        for (var k = j; k < prices.Length; k++)
                            _allowed.Add(prices[i] + prices[j] + prices[k]);
                }
        if (estimateCents is > 0)
            _allowed.Add(estimateCents.Value);
    }

    /// <summary>The first amount that is not grounded, or null when every amount is.</summary>
    public string? FirstUngrounded(string text) =>
        Amounts(text).FirstOrDefault(a => a.Cents is not { } cents || !_allowed.Contains(cents)).Text;

    /// <summary>Every amount in a text as written, with its cents (null when it is no whole number of cents, or no number).</summary>
    public static IEnumerable<(string Text, long? Cents)> Amounts(string text)
    {
        foreach (Match m in Amount().Matches(text))
        {
            var digits = (m.Groups["a"].Success ? m.Groups["a"] : m.Groups["b"]).Value.Replace(",", "", StringComparison.Ordinal);
            long? cents = decimal.TryParse(digits, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars) && decimal.Round(dollars * 100m) == dollars * 100m
                ? (long)(dollars * 100m) : null;
            yield return (m.Value.Trim(), cents);
        }
    }

    /// <summary>"$1,299.00", "$ 45", "45 dollars", "USD 45".</summary>
    [GeneratedRegex(@"(?:\$|\bUSD)\s?(?<a>\d[\d,]*(?:\.\d+)?)|(?<b>\d[\d,]*(?:\.\d+)?)\s?(?:dollars?|bucks|usd)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Amount();
}

/// <summary>
/// Lets streamed text through as soon as it is safe: anything that might still become a price (a
/// <c>$</c> or digits near the end) waits for the next words, and the stream trips on the first amount
/// that is not grounded — before any of it is sent.
/// </summary>
public sealed class StreamingPriceGuard(PriceGuard guard)
{
    /// <summary>How far back from the end an amount could still be growing ("$1" → "$1,299" → "1299 dollars").</summary>
    private const int Horizon = 12;

    private readonly StringBuilder _text = new();
    private int _released;

    public bool Tripped { get; private set; }
    public string? Offending { get; private set; }

    public string Text => _text.ToString();

    /// <summary>Adds a delta; returns what may be shown now (empty once tripped).</summary>
    public string Push(string delta)
    {
        _text.Append(delta);
        return Release(final: false);
    }

    /// <summary>The end of the answer: the rest, if it is grounded.</summary>
    public string Complete() => Release(final: true);

    private string Release(bool final)
    {
        if (Tripped)
            return "";
        var text = _text.ToString();
        var safeEnd = text.Length;
        if (!final)
        {
            for (var i = Math.Max(_released, text.Length - Horizon); i < text.Length; i++)
                if (text[i] == '$' || char.IsDigit(text[i]) || (text[i] is 'U' or 'u' && i + 1 < text.Length && text[i + 1] is 'S' or 's'))
                {
                    safeEnd = i;
                    break;
                }
            // Never cut inside an amount that began before the horizon ("$1,2|99").
            while (safeEnd > _released && (char.IsDigit(text[safeEnd - 1]) || text[safeEnd - 1] is '$' or ',' or '.'
                || (text[safeEnd - 1] == ' ' && safeEnd >= 2 && text[safeEnd - 2] == '$')))
                safeEnd--;
        }
        if (guard.FirstUngrounded(final ? text : text[..safeEnd]) is { } bad)
        {
            (Tripped, Offending) = (true, bad);
            return "";
        }
        if (safeEnd <= _released)
            return "";
        var released = text[_released..safeEnd];
        _released = safeEnd;
        return released;
    }
}
