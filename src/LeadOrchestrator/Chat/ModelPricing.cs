using Microsoft.Extensions.AI;

namespace LeadOrchestrator.Chat;

/// <summary>USD cost of an answer from the configured price table.</summary>
public static class ModelPricing
{
    public static decimal CostUsd(IReadOnlyDictionary<string, ModelPrice> prices, string? model, UsageDetails usage)
    {
        if (model is null)
            return 0m;
        // Dated ids ("claude-sonnet-4-5-20250929") match their alias; the longest matching key wins.
        var price = prices.Where(p => model.StartsWith(p.Key, StringComparison.OrdinalIgnoreCase)).OrderByDescending(p => p.Key.Length).Select(p => p.Value).FirstOrDefault();
        if (price is null)
            return 0m;
        var cached = usage.CachedInputTokenCount ?? 0;
        var input = Math.Max(0, (usage.InputTokenCount ?? 0) - cached);
        var cachedPrice = price.CachedInput > 0 ? price.CachedInput : price.Input;
        var cost = (input * price.Input + cached * cachedPrice + (usage.OutputTokenCount ?? 0) * price.Output) / 1_000_000m;
        return decimal.Round(cost, 6);
    }
}
