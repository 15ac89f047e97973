using LeadOrchestrator.Common;
using LeadOrchestrator.Tenants;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace LeadOrchestrator.ShopMonkey;

public static class ShopMonkeyExtensions
{
    public const string HttpClientName = "shopmonkey";

    public static IHostApplicationBuilder AddShopMonkey(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShopMonkeyOptions>()
            .BindConfiguration(ShopMonkeyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHttpClient(HttpClientName, (services, client) =>
            {
                // Polly's timeouts govern until the headers arrive; this one also bounds reading the body
                // (a server that sends headers and then stalls must not hold a worker forever).
                client.Timeout = services.GetRequiredService<IOptions<ShopMonkeyOptions>>().Value.TotalTimeout + TimeSpan.FromSeconds(5);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("LeadOrchestrator/1.0");
            })
            // Failures are reported by the client with context; per-request log scopes only cost CPU.
            .RemoveAllLoggers()
            .AddResilienceHandler("shopmonkey", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ShopMonkeyOptions>>().Value;
                // Timeouts and backoff measure a real network, so they run on real time even when the
                // app's business clock is faked (tests advance it by minutes while a call is in flight).
                pipeline.TimeProvider = TimeProvider.System;
                pipeline.AddTimeout(options.TotalTimeout);
                var retry = new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(options.MaxRetries > 0 && ShouldRetry(args.Outcome, options)),
                };
                // No idempotency keys at ShopMonkey: a retried POST after a lost response duplicates the record.
                retry.DisableForUnsafeHttpMethods();
                pipeline.AddRetry(retry);
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        builder.Services.AddSingleton<ShopMonkeyClientFactory>();
        return builder;
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ShopMonkeyOptions options)
    {
        if (!HttpClientResiliencePredicates.IsTransient(outcome))
            return false;
        // A long Retry-After (on a 429 or a 503) is not waited out inside a request; the caller parks the work until then.
        return outcome.Result is not { } response || (ShopMonkeyClient.RetryAfterOf(response) ?? TimeSpan.Zero) <= options.MaxInlineRetryAfter;
    }
}

/// <summary>Builds a <see cref="ShopMonkeyClient"/> for one tenant's configuration.</summary>
public sealed class ShopMonkeyClientFactory(IHttpClientFactory httpClients, IOptions<ShopMonkeyOptions> options, SelfAddress self, Tenants.SecretBox secrets)
{
    /// <summary>A client for a key and address not stored yet (the owner's key, checked before it is kept).</summary>
    public ShopMonkeyClient Create(Uri baseUrl, string apiKey) =>
        new(httpClients.CreateClient(ShopMonkeyExtensions.HttpClientName), new Uri(EnsureTrailingSlash(baseUrl.ToString())), apiKey, options.Value.MaxPages);

    public ShopMonkeyClient Create(TenantCrmConfig config)
    {
        var baseUrl = config.UsesSandbox
            ? self.Resolve("/sandbox/shopmonkey/")
            : new Uri(EnsureTrailingSlash(config.ApiBaseUrl ?? ShopMonkeyOptions.DefaultApiBaseUrl));
        return new ShopMonkeyClient(httpClients.CreateClient(ShopMonkeyExtensions.HttpClientName), baseUrl, secrets.Open(config.ApiKeySealed), options.Value.MaxPages);
    }

    private static string EnsureTrailingSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
