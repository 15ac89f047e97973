using LeadOrchestrator.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LeadOrchestrator.Leads;

public static class LeadsExtensions
{
    /// <summary>The console's read side of leads: the pipeline, a lead's page, and the stored stage kept in step.</summary>
    public static IHostApplicationBuilder AddLeads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LeadsOptions>().BindConfiguration(LeadsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<LeadPipeline>();
        builder.Services.AddScoped<LeadStory>();
        builder.Services.AddSingleton<IInterceptor, LeadStageRefresher>();
        if (builder.HasRole(AppRoles.Worker))
            builder.Services.AddHostedService<LeadStageSweep>();
        return builder;
    }
}
