using LeadOrchestrator.Sandbox;

namespace LeadOrchestrator.Demo;

public static class DemoExtensions
{
    public static IHostApplicationBuilder AddDemo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section);
        builder.Services.AddScoped<DemoSeeder>();
        if (IsEnabled(builder.Configuration))
            builder.AddSandbox();
        return builder;
    }

    /// <summary>The sandbox's routes exist only in demo mode.</summary>
    public static IEndpointRouteBuilder MapDemo(this IEndpointRouteBuilder app)
    {
        if (IsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            app.MapSandbox();
            app.MapSandboxMessaging();
            app.MapStartPage();
        }
        return app;
    }

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(DemoOptions.Section + ":Enabled");
}
