using System.Globalization;
using System.Text;

namespace LeadOrchestrator.Evaluation;

/// <summary>The set's scores as a Markdown table (per category, then per language and in all) and the failures with their transcripts.</summary>
public static class ConversationReport
{
    public static double PassRate(IEnumerable<ConversationResult> results, string? language = null)
    {
        var chosen = results.Where(r => language is null || r.Conversation.Language == language).ToList();
        return chosen.Count == 0 ? 1 : (double)chosen.Count(r => r.Passed) / chosen.Count;
    }

    public const string Header =
        "| category | conversations | passed | pass rate | English | Spanish | grounding errors | latency per conversation p50 / max | cost per conversation |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    public static string Table(IReadOnlyList<ConversationResult> results)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var group in results.GroupBy(r => r.Conversation.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.Append(Row(group.Key!, [.. group])).Append('\n');
        text.Append(Row("**all**", results)).Append('\n');
        return text.ToString();
    }

    private static string Row(string name, IReadOnlyList<ConversationResult> rows)
    {
        var latencies = rows.Select(r => r.LatencyMs).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {rows.Count} | {rows.Count(r => r.Passed)} | {PassRate(rows):P0} | {Share(rows, "en")} | {Share(rows, "es")} | {rows.Sum(r => r.GroundingErrors)} | {latencies[latencies.Count / 2]:F0} / {latencies[^1]:F0} ms | ${rows.Average(r => r.CostUsd):F4} |");
    }

    private static string Share(IReadOnlyList<ConversationResult> rows, string language)
    {
        var of = rows.Where(r => r.Conversation.Language == language).ToList();
        return of.Count == 0 ? "–" : $"{of.Count(r => r.Passed)}/{of.Count}";
    }

    public static string Failures(IEnumerable<ConversationResult> results)
    {
        var text = new StringBuilder();
        foreach (var r in results.Where(r => !r.Passed))
        {
            text.Append("### ").Append(r.Conversation.Category).Append(" / ").Append(r.Conversation.Name).Append('\n');
            foreach (var failure in r.Failures)
                text.Append("- ").Append(failure).Append('\n');
            text.Append(r.Transcript).Append('\n');
        }
        return text.ToString();
    }
}
