using LeadOrchestrator.Common;

namespace LeadOrchestrator.Cadence;

public static class CadenceExtensions
{
    public static IHostApplicationBuilder AddCadence(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DispatchSignal>();
        builder.Services.AddScoped<CadenceScheduler>();
        builder.Services.AddScoped<CadenceService>();
        builder.Services.AddSingleton<CadenceStopper>();
        builder.Services.AddScoped<TouchPointBatch>();
        builder.Services.AddScoped<InDoubtTouches>();
        builder.Services.AddScoped<SpanishWording>();
        if (builder.HasRole(AppRoles.Worker))
            builder.Services.AddHostedService<TouchPointDispatcher>();
        return builder;
    }
}
