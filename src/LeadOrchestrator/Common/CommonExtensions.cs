namespace LeadOrchestrator.Common;

public static class CommonExtensions
{
    /// <summary>Process-wide services every feature relies on.</summary>
    public static IHostApplicationBuilder AddCommon(this IHostApplicationBuilder builder)
    {
        // Tests replace this with a FakeTimeProvider; nothing else reads the clock.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InstanceIdentity>();
        builder.Services.AddSingleton<SelfAddress>();
        builder.Services.AddSingleton<WorkerHeartbeats>();
        builder.Services.AddProblemDetails();
        return builder;
    }
}
