using LeadOrchestrator.Common;
using LeadOrchestrator.Links;
using LeadOrchestrator.Messaging;

namespace LeadOrchestrator.Cadence;

public static class CadenceExtensions
{
    public static IHostApplicationBuilder AddCadence(this IHostApplicationBuilder builder)
    {
        builder.AddMessaging();
        builder.Services.AddOptions<LinkTokenOptions>().BindConfiguration(LinkTokenOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LinkKeys>();
        builder.Services.AddSingleton<LinkTokens>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<LeadLinks>();
        builder.Services.AddScoped<AppSecrets>();
        builder.Services.AddScoped<CadenceScheduler>();
        builder.Services.AddScoped<CadenceService>();
        builder.Services.AddSingleton<CadenceStopper>();
        builder.Services.AddScoped<ConsentService>();
        builder.Services.AddScoped<TouchPointBatch>();
        builder.Services.AddScoped<InDoubtTouches>();
        builder.Services.AddSingleton<TwilioSignature>();
        if (builder.HasRole(AppRoles.Worker))
            builder.Services.AddHostedService<TouchPointDispatcher>();
        return builder;
    }
}
