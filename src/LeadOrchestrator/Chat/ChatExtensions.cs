using System.Threading.RateLimiting;
using LeadOrchestrator.Common;
using Microsoft.Extensions.Options;

namespace LeadOrchestrator.Chat;

public static class ChatExtensions
{
    public const string CorsPolicy = "chat";

    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AiOptions>().BindConfiguration(AiOptions.Section).ValidateDataAnnotations().ValidateOnStart()
            .Validate(o => AiProviders.All.Contains(o.Provider, StringComparer.OrdinalIgnoreCase), "AI:Provider must be offline, anthropic or openai.")
            .Validate(o => string.IsNullOrEmpty(o.FallbackProvider) || AiProviders.All.Contains(o.FallbackProvider, StringComparer.OrdinalIgnoreCase),
                "AI:FallbackProvider must be empty, offline, anthropic or openai.")
            .Validate(o => Configured(o, o.Provider) && (string.IsNullOrEmpty(o.FallbackProvider) || Configured(o, o.FallbackProvider)) && o.Split.Keys.All(k => Configured(o, k)),
                "An assistant provider in AI:Provider, AI:FallbackProvider or AI:Split has no credentials: set AI:Anthropic:ApiKey (ANTHROPIC_API_KEY) for anthropic, AI:OpenAI:ApiKey (OPENAI_API_KEY) or AI:OpenAI:Endpoint for openai.")
            .Validate(o => string.IsNullOrEmpty(o.OpenAI.Endpoint) || Uri.IsWellFormedUriString(o.OpenAI.Endpoint, UriKind.Absolute), "AI:OpenAI:Endpoint must be an absolute URL.")
            .Validate(o => string.IsNullOrEmpty(o.Anthropic.BaseUrl) || Uri.IsWellFormedUriString(o.Anthropic.BaseUrl, UriKind.Absolute), "AI:Anthropic:BaseUrl must be an absolute URL.");
        builder.Services.AddOptions<ChatApiOptions>().BindConfiguration(ChatApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Streams can be long; the per-call limits are the SDKs' own (AI:AnswerTimeout).
        builder.Services.AddHttpClient(ChatProviders.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan).RemoveAllLoggers();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<ChatProviders>();
        builder.Services.AddScoped<ProviderSelection>();
        builder.Services.AddScoped<ChatService>();
        builder.Services.AddScoped<Rehearsals>();
        builder.Services.AddScoped<Checkup.AssistantCheckup>();
        builder.Services.AddSingleton(Checkup.CheckupSet.Load());
        builder.Services.AddSingleton<ChatPage>();
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.MimeTypes = ["text/javascript", "application/javascript", "text/css"];
        });
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        builder.Services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Optimal);
        builder.Services.AddScoped<SmsReplier>();
        if (builder.HasRole(AppRoles.Worker))
            builder.Services.AddHostedService<SmsReplyWorker>();

        builder.Services.AddSingleton<ChatRateLimits>();
        builder.Services.AddRateLimiter(o =>
        {
            // The per-lead limit is charged after the token is checked (ChatTokenFilter): a stranger's
            // tokenless requests must not use up a real customer's minute.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => http.Request.Path.StartsWithSegments("/api/chat")
                ? RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress,
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = ApiOptions(http).PerIpPerMinute, Window = TimeSpan.FromMinutes(1) })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = (context, _) => new ValueTask(ChatRateLimits.Rejected(context.HttpContext, context.Lease).ExecuteAsync(context.HttpContext));
        });
        builder.Services.AddCors(o => o.AddPolicy(CorsPolicy, policy =>
        {
            var origins = builder.Configuration.GetSection($"{ChatApiOptions.Section}:{nameof(ChatApiOptions.AllowedOrigins)}").Get<string[]>() ?? [];
            if (origins.Length > 0)
                policy.WithOrigins(origins).WithHeaders("authorization", "content-type").WithMethods("GET", "POST");
        }));
        return builder;
    }

    private static ChatApiOptions ApiOptions(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<ChatApiOptions>>().Value;

    private static bool Configured(AiOptions o, string name) => name.ToLowerInvariant() switch
    {
        AiProviders.Offline => true,
        AiProviders.Anthropic => !string.IsNullOrEmpty(o.Anthropic.ApiKey),
        AiProviders.OpenAI => !string.IsNullOrEmpty(o.OpenAI.ApiKey) || !string.IsNullOrEmpty(o.OpenAI.Endpoint),
        _ => false,
    };
}
