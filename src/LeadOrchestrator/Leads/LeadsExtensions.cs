namespace LeadOrchestrator.Leads;

public static class LeadsExtensions
{
    /// <summary>The console's read side of leads: the pipeline and a lead's page.</summary>
    public static IHostApplicationBuilder AddLeads(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<LeadPipeline>();
        builder.Services.AddScoped<LeadStory>();
        return builder;
    }
}
