namespace LeadOrchestrator.Jobs;

public static class JobsExtensions
{
    /// <summary>The record of every periodic job run (table <c>job_executions</c>): polls, catalog and calendar syncs.</summary>
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<JobLog>();
        return builder;
    }
}
