using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Demo;
using LeadOrchestrator.Intake;
using LeadOrchestrator.ShopMonkey;
using Microsoft.EntityFrameworkCore;

namespace LeadOrchestrator.Sandbox;

/// <summary>The demo account's key and webhook secret, read from the demo tenant's settings.</summary>
public sealed class SandboxCredentials(IServiceScopeFactory scopes)
{
    public async Task<string?> ApiKeyAsync(CancellationToken ct) => (await LoadAsync(ct))?.ApiKey;

    public async Task<string?> WebhookSecretAsync(CancellationToken ct) => (await LoadAsync(ct))?.WebhookSecret;

    private async Task<(string? ApiKey, string? WebhookSecret)?> LoadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // System read: the sandbox stands outside any tenant and serves only the demo tenant.
        var row = await (from t in db.Tenants
                         join c in db.TenantCrmConfigs.AcrossTenants() on t.Id equals c.TenantId
                         where t.Slug == DemoShop.TenantSlug
                         select new { c.ApiKeySealed, c.WebhookSecretSealed }).AsNoTracking().FirstOrDefaultAsync(ct);
        var secrets = scope.ServiceProvider.GetRequiredService<Tenants.SecretBox>();
        return row is null ? null : (secrets.Open(row.ApiKeySealed), secrets.Open(row.WebhookSecretSealed));
    }
}

/// <summary>
/// Delivers sandbox order events to the app's own webhook endpoint exactly as ShopMonkey does:
/// Standard-Webhooks headers signed with the tenant's secret, <c>X-Attempt</c>, and ShopMonkey's retry
/// rule (up to 4 attempts, only on 408/429/502/503/504 or a failed connection).
/// </summary>
public sealed class SandboxWebhookSender(IHttpClientFactory http, SandboxCredentials credentials, SelfAddress self, TimeProvider time)
{
    public const string HttpClientName = "sandbox-webhooks";
    private const int MaxAttempts = 4;

    public sealed record Delivery(string WebhookId, int Attempts, int? Status, string? Error);

    public async Task<Delivery> DeliverAsync(string operation, SmOrder order, List<string>? diff, CancellationToken ct)
    {
        var secret = await credentials.WebhookSecretAsync(ct) ?? throw new InvalidOperationException("The demo tenant has no webhook secret.");
        var body = JsonSerializer.SerializeToUtf8Bytes(new { apiVersion = "3", operation, table = "order", data = order, diff }, ShopMonkeyJson.Options);
        var webhookId = "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var url = self.Resolve($"/webhooks/shopmonkey/{DemoShop.TenantSlug}");
        var client = http.CreateClient(HttpClientName);

        HttpStatusCode? status = null;
        string? error = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.UserAgent.ParseAdd("Shopmonkey (+https://shopmonkey.io)");
            request.Headers.Add("X-Attempt", attempt.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Request-Id", Guid.NewGuid().ToString());
            request.Headers.Add("webhook-id", webhookId);
            request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(secret, webhookId, timestamp, body));
            request.Headers.Add("webhook-version", "3");
            try
            {
                using var response = await client.SendAsync(request, ct);
                status = response.StatusCode;
                error = null;
                if (response.IsSuccessStatusCode || (int)status is not (408 or 429 or 502 or 503 or 504))
                    return new Delivery(webhookId, attempt, (int)status, response.IsSuccessStatusCode ? null : await response.Content.ReadAsStringAsync(ct));
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                error = e.Message; // refused, reset or timed out: ShopMonkey's sender retries these
            }
            // Network backoff runs on real time (docs/adr/0004-time.md).
            if (attempt < MaxAttempts)
                await Task.Delay(TimeSpan.FromMilliseconds(50 * Math.Pow(2, attempt)), ct);
        }
        return new Delivery(webhookId, MaxAttempts, (int?)status, error);
    }
}

public static class SandboxExtensions
{
    public static IHostApplicationBuilder AddSandbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SandboxStore>();
        builder.Services.AddSingleton<SandboxCredentials>();
        builder.Services.AddSingleton<SandboxWebhookSender>();
        builder.Services.AddHttpClient(SandboxWebhookSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        return builder;
    }
}
