using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using LeadOrchestrator.Chat.Checkup;
using LeadOrchestrator.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace LeadOrchestrator.Bench;

/// <summary>
/// The console's assistant check-up, run as a manager runs it: the demo shop (its catalog, hours and free times), signed
/// in as its owner, each conversation through <c>POST /api/console/assistant/checkup/{id}</c>. With <c>--provider</c> one
/// configured provider is scored alone (its key given as in production:
/// <c>AI__Anthropic__ApiKey=… bench/run.sh --scenario checkup --provider anthropic</c>); without, the shop's own assistant.
/// </summary>
internal static class CheckupBench
{
    public const string Header =
        "| category | conversations | left out | passed | English | Spanish | grounding errors | latency per conversation p50 / max | cost per conversation |\n" +
        "|---|---|---|---|---|---|---|---|---|";

    private const string Password = "bench check-up password";

    public static async Task<string> RunAsync(string? provider, IReadOnlyDictionary<string, string> appSettings)
    {
        var folder = Directory.CreateTempSubdirectory("lo-bench-checkup-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = "sqlite",
            ["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "bench.db")}",
            ["Demo:Enabled"] = "true",
            ["Demo:StaffPassword"] = Password,
            ["Demo:SampleLeads"] = "false",
            ["AI:OfflineTypingDelay"] = "00:00:00",
            ["Polling:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in appSettings)
            settings[k] = v;
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LEADORCHESTRATOR", Path.Combine(BenchHost.RepositoryRoot(), "src", "LeadOrchestrator"));
        var results = new List<CheckupResult>();
        await using (var app = new CheckupApp(settings))
        {
            using var client = app.CreateClient();
            (await client.PostAsJsonAsync("/api/console/auth/login", new { email = "owner@tintworld.example", password = Password })).EnsureSuccessStatusCode();
            var overview = (await client.GetFromJsonAsync<CheckupEndpoints.CheckupOverview>("/api/console/assistant/checkup", ApiJson.Options))!;
            Console.WriteLine($"\n## checkup: {overview.Conversations.Count} conversations at {overview.Location}, provider {provider ?? overview.Live + " (the shop's own)"}");
            foreach (var c in overview.Conversations)
            {
                using var response = await client.PostAsync($"/api/console/assistant/checkup/{c.Id}{(provider is null ? "" : "?provider=" + Uri.EscapeDataString(provider))}", null);
                response.EnsureSuccessStatusCode();
                var r = (await response.Content.ReadFromJsonAsync<CheckupResult>(ApiJson.Options))!;
                results.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(r.NotApplicable is not null ? "left out" : r.Passed ? "pass" : "FAIL")} {r.Category}/{r.Name} ({r.LatencyMs} ms){(r.NotApplicable ?? (r.Passed ? "" : ": " + string.Join(" ", r.Failures)))}"));
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, true);

        var text = new StringBuilder();
        foreach (var group in results.GroupBy(r => r.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
            text.Append(Row(group.Key, [.. group])).Append('\n');
        return text.Append(Row("**all**", results)).ToString();
    }

    private static string Row(string name, List<CheckupResult> rows)
    {
        var ran = rows.Where(r => r.NotApplicable is null).ToList();
        var latencies = ran.Select(r => (double)r.LatencyMs).Order().ToList();
        string Share(string language) => ran.Count(r => r.Language == language) is var n and > 0 ? $"{ran.Count(r => r.Language == language && r.Passed)}/{n}" : "–";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {ran.Count} | {rows.Count - ran.Count} | {ran.Count(r => r.Passed)} | {Share("en")} | {Share("es")} | {ran.Sum(r => r.GroundingErrors)} | {(ran.Count == 0 ? "–" : $"{Stats.Percentile(latencies, 50):F0} / {latencies[^1]:F0} ms")} | ${(ran.Count == 0 ? 0 : ran.Average(r => r.CostUsd)):F4} |");
    }

    private sealed class CheckupApp(Dictionary<string, string> settings) : WebApplicationFactory<LeadOrchestrator.Data.AppDbContext>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Evaluation");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
        }
    }
}
