using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LeadOrchestrator.Common;

/// <summary>Tells whoever ran the app where to go next.</summary>
public static partial class StartupBanner
{
    public static void PrintUrlsOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = FirstUrl(app);
            LogRunning(app.Logger, string.Join(", ", Addresses(app)), app.Configuration["Database:Provider"] ?? "sqlite");
            LogHealth(app.Logger, url);
        });
    }

    /// <summary>The server's listening addresses, once it listens.</summary>
    public static ICollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];

    /// <summary>The address to show a person: the first plain-http one.</summary>
    public static string FirstUrl(WebApplication app) =>
        Addresses(app) is var addresses && (addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()) is { } url
            ? url : "http://localhost";

    [LoggerMessage(LogLevel.Information, "Lead Orchestrator is running on {Addresses} (database: {Provider})")]
    private static partial void LogRunning(ILogger logger, string addresses, string provider);

    [LoggerMessage(LogLevel.Information, "Health: {Url}/health/ready")]
    private static partial void LogHealth(ILogger logger, string url);
}
