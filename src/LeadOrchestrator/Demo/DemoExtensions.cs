using LeadOrchestrator.Common;
using LeadOrchestrator.Sandbox;

namespace LeadOrchestrator.Demo;

public static partial class DemoExtensions
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        builder.Services.AddScoped<DemoSeeder>();
        if (IsEnabled(builder.Configuration))
            builder.AddSandbox();
        return builder;
    }

    /// <summary>The sandbox's routes exist only in demo mode.</summary>
    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder app)
    {
        if (IsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            app.MapSandbox();
            app.MapSandboxMessaging();
            app.MapStartPage();
        }
        return app;
    }

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(DemoOptions.Section + ":Enabled");

    /// <summary>Once the server listens, tells whoever ran the demo where to go next.</summary>
    public static WebApplication PrintDemoHelpOnStart(this WebApplication app)
    {
        if (IsEnabled(app.Configuration))
            app.Lifetime.ApplicationStarted.Register(() => LogDemo(app.Logger, StartupBanner.FirstUrl(app)));
        return app;
    }

    [LoggerMessage(LogLevel.Information, "Demo mode: open {Url}/ in a browser and tap 'Try it as a customer'. Or by hand:\n  create a sandbox estimate and watch it become a lead: curl -X POST {Url}/sandbox/shopmonkey/orders -H 'Content-Type: application/json' -d '{{\"firstName\":\"Sam\",\"phone\":\"(512) 555-0199\",\"service\":\"Ceramic Window Tint - Full Sedan\"}}'\n  Messages the demo shop sends: {Url}/sandbox/outbox (open a text's {Url}/c/… link in a browser to chat as the customer)\n  Text the shop as that customer: curl -X POST {Url}/sandbox/twilio/sms -H 'Content-Type: application/json' -d '{{\"from\":\"(512) 555-0199\",\"body\":\"how much is ceramic tint?\"}}' (STOP opts out of texts)")]
    private static partial void LogDemo(ILogger logger, string url);

}
