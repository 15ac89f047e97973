using LeadOrchestrator.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Live;

public static class LiveExtensions
{
    /// <summary>The console's live events: recorded with each save, relayed by one reader per instance to its open streams.</summary>
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ConsoleEventSignal>();
        builder.Services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<ConsoleEventSignal>());
        builder.Services.AddSingleton<ConsoleEventHub>();
        // Worker-only instances record events with their saves; only those that serve consoles relay them.
        if (builder.HasRole(AppRoles.Web))
            builder.Services.AddHostedService<ConsoleEventRelay>();
        return builder;
    }
}
