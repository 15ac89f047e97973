using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LeadOrchestrator.Common;
using LeadOrchestrator.Data;
using LeadOrchestrator.Staff;
using LeadOrchestrator.Tenants;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static LeadOrchestrator.Tenants.IntegrationEndpoints;

namespace LeadOrchestrator.Tests.Tenants;

/// <summary>
/// A tenant's ShopMonkey key and webhook secret are sealed at rest, opened only where used, shown by their last four
/// characters at most, in no log line; a rotated webhook secret keeps the old one valid for its grace period.
/// </summary>
public sealed class TenantSecretsTests(PostgresServer postgres) : IAsyncDisposable
{
    private MessagingHarness? _h;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_h is not null)
            await _h.DisposeAsync();
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task Secrets_AreSealedAtRest_ShownByTheirLastFour_InNoLog_AndARotationKeepsTheOldOneForItsGrace(DatabaseKind kind)
    {
        var logs = new ConcurrentQueue<string>();
        var h = _h = await MessagingHarness.StartAsync(kind, postgres, services: s => s.AddSingleton<ILoggerProvider>(new EveryLine(logs)));
        await h.AddStaffAsync("owner@acme.example", "owner password 123", StaffRole.Owner);
        using var owner = await h.StaffClientAsync("owner@acme.example", "owner password 123");
        using var manager = await h.StaffClientAsync();

        // At rest: sealed, the plain text nowhere in the row.
        var row = await h.App.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().AsNoTracking().SingleAsync(c => c.TenantId == h.TenantId));
        Assert.True(SecretBox.IsSealed(row.ApiKeySealed) && SecretBox.IsSealed(row.WebhookSecretSealed));
        Assert.DoesNotContain(FakeShopMonkey.ApiKey, row.ApiKeySealed!, StringComparison.Ordinal);
        Assert.DoesNotContain(IntakeHarness.Secret, row.WebhookSecretSealed!, StringComparison.Ordinal);

        // Used where needed: a signed webhook is verified, and ShopMonkey is called with the key.
        var order = h.Intake.ShopMonkey.PutOrder("6c87aca8-3f2e-47f0-9953-625dbb996a69", h.App.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.Accepted, (await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(order))).StatusCode);
        await h.App.EventuallyAsync(async () => await h.App.DbAsync(db => db.Leads.AcrossTenants().AnyAsync()), because: "the lead was made");
        Assert.All(h.Intake.ShopMonkey.Requests, r => Assert.Equal($"Bearer {FakeShopMonkey.ApiKey}", r.Authorization));

        // Shown: the last four characters of the secret, nothing of the (short) key; to owners only.
        var raw = await owner.GetStringAsync("/api/console/integrations/shopmonkey", Ct);
        var connection = JsonSerializer.Deserialize<ShopMonkeyConnection>(raw, ApiJson.Options)!;
        Assert.Equal(("…", "…" + IntakeHarness.Secret[^4..]), (connection.ApiKeyHint, connection.WebhookSecretHint));
        Assert.EndsWith("/webhooks/shopmonkey/acme", connection.WebhookUrl, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeShopMonkey.ApiKey, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(IntakeHarness.Secret[..20], raw, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/console/integrations/shopmonkey", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync("/api/console/integrations/shopmonkey/webhook-secret", null, Ct)).StatusCode);

        // Rotated: the new secret, shown this once; the old one still accepted for the grace, then refused.
        var rotated = (await (await owner.PostAsync("/api/console/integrations/shopmonkey/webhook-secret", null, Ct)).Content
            .ReadFromJsonAsync<RotatedSecret>(ApiJson.Options, Ct))!;
        Assert.StartsWith("whsec_", rotated.WebhookSecret, StringComparison.Ordinal);
        Assert.Equal(h.App.Time.GetUtcNow() + RotationGrace, rotated.PreviousSecretValidUntil);
        var again = h.Intake.ShopMonkey.PutOrder("7d98bdb9-4a3f-48a1-8a64-736ecc0a7b70", h.App.Time.GetUtcNow());
        Assert.Equal(HttpStatusCode.Accepted, (await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(again))).StatusCode); // the old one
        Assert.Equal(HttpStatusCode.Accepted, (await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(again), secret: rotated.WebhookSecret)).StatusCode);
        var after = (await owner.GetFromJsonAsync<ShopMonkeyConnection>("/api/console/integrations/shopmonkey", ApiJson.Options, Ct))!;
        Assert.Equal(("…" + rotated.WebhookSecret[^4..], (DateTimeOffset?)rotated.PreviousSecretValidUntil), (after.WebhookSecretHint, after.PreviousSecretValidUntil));
        h.App.Time.Advance(RotationGrace + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(again))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await h.Intake.PostWebhookAsync(FakeShopMonkey.WebhookBody(again), secret: rotated.WebhookSecret)).StatusCode);
        Assert.True(await h.App.DbAsync(db => db.AuditLog.AcrossTenants().AnyAsync(e => e.Action == Audit.AuditActions.WebhookSecretRotated && e.TenantId == h.TenantId)));
        Assert.False(await h.App.DbAsync(db => db.AuditLog.AcrossTenants().AnyAsync(e => e.Details != null && e.Details.Contains(rotated.WebhookSecret.Substring(6, 16)))));

        // No log line of the whole run holds a secret (every level, every category).
        Assert.NotEmpty(logs);
        foreach (var secret in new[] { FakeShopMonkey.ApiKey, IntakeHarness.Secret, rotated.WebhookSecret, rotated.WebhookSecret[6..30] })
            Assert.DoesNotContain(logs, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASecretStoredInPlainText_IsSealedAtTheNextStart_AndStillWorks()
    {
        var database = await TestDatabase.CreateAsync(DatabaseKind.Sqlite, postgres);
        var time = new FakeTimeProvider(TestApp.DefaultStart);
        var app = TestApp.Start(database, time);
        await app.DbAsync(async db =>
        {
            var tenant = new Tenant { Id = Guid.NewGuid(), Slug = "plain", Name = "Plain tint", CreatedAt = time.GetUtcNow() };
            db.Tenants.Add(tenant);
            db.TenantCrmConfigs.Add(new TenantCrmConfig { TenantId = tenant.Id, ApiKeySealed = "sm_plain_key_0001", WebhookSecretSealed = IntakeHarness.Secret, UpdatedAt = time.GetUtcNow() });
            await db.SaveChangesAsync();
        });
        await app.DisposeAsync();

        await using var restarted = TestApp.Start(database, time);
        var row = await restarted.DbAsync(db => db.TenantCrmConfigs.AcrossTenants().AsNoTracking().SingleAsync());
        Assert.True(SecretBox.IsSealed(row.ApiKeySealed) && SecretBox.IsSealed(row.WebhookSecretSealed));
        Assert.Equal(("sm_plain_key_0001", IntakeHarness.Secret), (restarted.Open(row.ApiKeySealed), restarted.Open(row.WebhookSecretSealed)));
    }

    /// <summary>Every log line of every level and category, with its exception, as a log shipper would keep it.</summary>
    private sealed class EveryLine(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
