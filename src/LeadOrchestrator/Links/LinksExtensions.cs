namespace LeadOrchestrator.Links;

public static class LinksExtensions
{
    /// <summary>Signed, expiring link tokens (chat, unsubscribe), the app's public address, and the secrets kept in <c>app_secrets</c>.</summary>
    public static IHostApplicationBuilder AddLinks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LinkTokenOptions>().BindConfiguration(LinkTokenOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LinkKeys>();
        builder.Services.AddSingleton<LinkTokens>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<LeadLinks>();
        builder.Services.AddScoped<AppSecrets>();
        return builder;
    }
}
