namespace LeadOrchestrator.Common;

public static class CommonExtensions
{
    /// <summary>Process-wide services every feature relies on.</summary>
    public static IHostApplicationBuilder AddCommon(this IHostApplicationBuilder builder)
    {
        // First: the settings every feature reads may come under the seed's environment names.
        SeedEnvironment.Map(builder.Configuration);
        // Tests replace this with a FakeTimeProvider; nothing else reads the clock.
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<InstanceIdentity>();
        builder.Services.AddSingleton<SelfAddress>();
        builder.Services.AddSingleton<WorkerHeartbeats>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddCode);
        // Request records say their own shape rules (required, lengths, allowed words) as attributes; a
        // request that breaks one is a 400 validation problem (code: invalid) before the handler runs.
        builder.Services.AddValidation();
        // One status convention on the wire: an enum is its snake_case name ("no_show"), as in the database,
        // and the OpenAPI documents list its values, so TypeScript sees a union.
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.AddProxyHeaders();
        // Malformed JSON, a wrong type or an unparseable id is the caller's mistake: a 400 problem in every
        // environment. (Development's default throws instead, which the exception page shows as a 500.)
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = false);
        return builder;
    }
}
