using System.Globalization;
using LeadOrchestrator.Evaluation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Bench;

/// <summary>
/// Scores an assistant on the conversation set (tests/Conversations): pass rate per category and language,
/// grounding errors, latency and cost per conversation. The app runs in this process with its clock frozen
/// at the set's "now" (the set's times are relative to it); the provider is the app's own, configured as in
/// production: <c>AI__Anthropic__ApiKey=… bench/run.sh --scenario assistant --provider anthropic</c>.
/// </summary>
internal static class AssistantBench
{
    public const string Header = ConversationReport.Header;

    public static async Task<string> RunAsync(string aiProvider, string database, string? postgresAdmin, IReadOnlyDictionary<string, string> appSettings)
    {
        var set = ConversationSet.Load(Path.Combine(BenchHost.RepositoryRoot(), "tests", "Conversations"));
        Console.WriteLine($"\n## assistant: {set.Conversations.Count} conversations, provider {aiProvider}, {database}");
        var (connectionString, drop) = await BenchHost.CreateDatabaseAsync(database, postgresAdmin);
        if (database == "postgres")
            await BenchHost.MigrateAsync(BenchHost.Environment(database, connectionString, new Dictionary<string, string>()));
        var settings = new Dictionary<string, string>
        {
            ["Database:Provider"] = database,
            ["ConnectionStrings:Default"] = connectionString,
            ["Demo:Enabled"] = "false",
            ["AI:Provider"] = aiProvider,
            ["AI:FallbackProvider"] = "",
            ["AI:OfflineTypingDelay"] = "00:00:00",
            ["Chat:PerLeadPerMinute"] = "100000",
            ["Chat:PerIpPerMinute"] = "1000000",
            ["Polling:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in appSettings)
            settings[k] = v;
        // The factory finds the app's folder by this variable when it runs outside the tests' layout.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LEADORCHESTRATOR", Path.Combine(BenchHost.RepositoryRoot(), "src", "LeadOrchestrator"));
        await using var app = new EvaluationApp(settings, new FakeTimeProvider(set.Shop.NowInstant));
        using var client = app.CreateClient();
        var results = await new ConversationRunner(app.Services, client, set).RunAllAsync(r =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(r.Passed ? "pass" : "FAIL")} {r.Conversation.Category}/{r.Conversation.Name} ({r.LatencyMs:F0} ms){(r.Passed ? "" : ": " + r.Failures[0])}")));
        Console.WriteLine();
        Console.WriteLine(ConversationReport.Failures(results));
        var table = ConversationReport.Table(results);
        await drop();
        // The table's header is printed with it by Program, as every scenario's is.
        return table[(Header.Length + 1)..].TrimEnd('\n');
    }

    /// <summary>The app in this process, as the tests host it: its settings, the frozen clock.</summary>
    private sealed class EvaluationApp(Dictionary<string, string> settings, FakeTimeProvider time) : WebApplicationFactory<LeadOrchestrator.Data.AppDbContext> // any type of the app's assembly: the bench has a Program of its own
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Evaluation");
            foreach (var (key, value) in settings)
                builder.UseSetting(key, value);
            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
            });
        }
    }
}
