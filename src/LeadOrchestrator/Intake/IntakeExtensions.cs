using LeadOrchestrator.Common;

namespace LeadOrchestrator.Intake;

public static class IntakeExtensions
{
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IntakeSignal>();
        builder.Services.AddScoped<Inbox>();
        builder.Services.AddScoped<IntakeProcessor>();
        builder.Services.AddScoped<CatalogSync>();

        if (builder.HasRole(AppRoles.Worker))
        {
            builder.Services.AddHostedService<IntakeWorker>();
            if (builder.Configuration.GetValue(PollingOptions.Section + ":Enabled", true))
                builder.Services.AddHostedService<ShopMonkeySync>();
        }
        return builder;
    }
}
