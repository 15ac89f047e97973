using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Common;

/// <summary>Tells whoever ran the app where to go next.</summary>
public static partial class StartupBanner
{
    public static void PrintUrlsOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "http://localhost";
            var db = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            LogRunning(app.Logger, string.Join(", ", addresses), db.Provider);
            LogHealth(app.Logger, url);
            if (DemoExtensions.IsEnabled(app.Configuration))
                LogDemo(app.Logger, url);
        });
    }

    [LoggerMessage(LogLevel.Information, "Lead Orchestrator is running on {Addresses} (database: {Provider})")]
    private static partial void LogRunning(ILogger logger, string addresses, string provider);

    [LoggerMessage(LogLevel.Information, "Health: {Url}/health/ready")]
    private static partial void LogHealth(ILogger logger, string url);

    [LoggerMessage(LogLevel.Information, "Demo mode: open {Url}/ in a browser and tap 'Try it as a customer'. Or by hand:\n  create a sandbox estimate and watch it become a lead: curl -X POST {Url}/sandbox/shopmonkey/orders -H 'Content-Type: application/json' -d '{{\"firstName\":\"Sam\",\"phone\":\"(512) 555-0199\",\"service\":\"Ceramic Window Tint - Full Sedan\"}}'\n  Messages the demo shop sends: {Url}/sandbox/outbox (open a text's {Url}/c/… link in a browser to chat as the customer)\n  Text the shop as that customer: curl -X POST {Url}/sandbox/twilio/sms -H 'Content-Type: application/json' -d '{{\"from\":\"(512) 555-0199\",\"body\":\"how much is ceramic tint?\"}}' (STOP opts out of texts)")]
    private static partial void LogDemo(ILogger logger, string url);
}
