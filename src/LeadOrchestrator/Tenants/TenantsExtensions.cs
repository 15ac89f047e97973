namespace LeadOrchestrator.Tenants;

public static class TenantsExtensions
{
    /// <summary>Looking tenants and their shops up (cached briefly): webhooks by slug, intake by ShopMonkey ids.</summary>
    public static IHostApplicationBuilder AddTenants(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<TenantDirectory>();
        builder.Services.AddScoped<TenantLookups>();
        builder.Services.AddSingleton<SecretBox>();
        builder.Services.AddScoped<SecretSealer>();
        builder.Services.AddScoped<ShopMonkeyWebhooks>();
        return builder;
    }
}
