using LeadOrchestrator.Common;
using LeadOrchestrator.Jobs;
using LeadOrchestrator.Tenants;

namespace LeadOrchestrator.Intake;

public static class IntakeExtensions
{
    public static IHostApplicationBuilder AddIntake(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntakeOptions>().BindConfiguration(IntakeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<PollingOptions>().BindConfiguration(PollingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<IntakeSignal>();
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddScoped<TenantDirectory>();
        builder.Services.AddScoped<TenantLookups>();
        builder.Services.AddScoped<Inbox>();
        builder.Services.AddScoped<IntakeProcessor>();
        builder.Services.AddScoped<CatalogSync>();
        builder.Services.AddScoped<JobLog>();

        if (builder.HasRole(AppRoles.Worker))
        {
            builder.Services.AddHostedService<IntakeWorker>();
            if (builder.Configuration.GetValue(PollingOptions.Section + ":Enabled", true))
                builder.Services.AddHostedService<CrmPoller>();
        }
        return builder;
    }
}
