using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LeadOrchestrator.Common;
using LeadOrchestrator.Cadence;
using LeadOrchestrator.Data;
using LeadOrchestrator.Sandbox;
using LeadOrchestrator.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace LeadOrchestrator.Tests.Demo;

/// <summary>The newcomer's messaging path: a sandbox order's first SMS and email in the outbox, with working links; a STOP.</summary>
public abstract partial class DemoMessagingTests(DatabaseKind kind, PostgresServer postgres) : IAsyncLifetime
{
    private TestApp App { get; set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = TestApp.Start(await TestDatabase.CreateAsync(kind, postgres), new FakeTimeProvider(TestApp.DefaultStart), DemoSandboxTests.DemoOn);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+(/[cu]/[A-Za-z0-9_-]{44})")]
    private static partial Regex Link();

    [Fact]
    public async Task SandboxOrder_PutsTheFirstSmsAndEmailInTheOutbox_WithWorkingLinks_AndStopEndsTheTexts()
    {
        var order = await (await App.Client.PostAsJsonAsync("/sandbox/shopmonkey/orders", new { firstName = "Sam", phone = "(512) 555-0199", email = "sam@example.com" }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<SandboxEndpoints.NewOrderResponse>(ApiJson.Options, TestContext.Current.CancellationToken);

        var outbox = await App.EventuallyAsync(async () =>
            await App.Client.GetFromJsonAsync<List<SandboxMessagingEndpoints.OutboxMessage>>("/sandbox/outbox", ApiJson.Options, TestContext.Current.CancellationToken) is { Count: 2 } m ? m : null,
            deadline: TimeSpan.FromSeconds(5));
        var sms = outbox.Single(m => m.Channel == Channel.Sms);
        var email = outbox.Single(m => m.Channel == Channel.Email);
        Assert.Equal(("outbox", "+15125550199", "+15125550142"), (sms.Provider, sms.To, sms.From));
        Assert.Contains("Tint World Round Rock", sms.Body, StringComparison.Ordinal);
        Assert.Equal("sam@example.com", email.To);
        var chat = Link().Matches(sms.Body).Single().Groups[1].Value;
        var unsubscribe = Link().Matches(email.Body).Select(m => m.Groups[1].Value).Single(p => p.StartsWith("/u/", StringComparison.Ordinal));
        // The chat page carries the lead's first paint (the browser tests check what it renders).
        Assert.Contains("\"firstName\":\"Sam\"", await App.Client.GetStringAsync(chat, TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True((await App.Client.GetAsync(unsubscribe, TestContext.Current.CancellationToken)).IsSuccessStatusCode);

        var leadId = sms.LeadId!.Value;
        var scheduled = await App.DbAsync(db => db.TouchPoints.AcrossTenants().CountAsync(t => t.LeadId == leadId && t.Status == TouchPointStatus.Scheduled));
        Assert.Equal(11, scheduled); // the rest of the 13 are waiting

        var stop = await (await App.Client.PostAsJsonAsync("/sandbox/twilio/sms", new { from = "(512) 555-0199", body = "STOP" }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<SandboxMessagingEndpoints.InboundResult>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Equal(200, stop!.Status);
        Assert.All(await App.DbAsync(db => db.TouchPoints.AcrossTenants().Where(t => t.LeadId == leadId && t.Channel == Channel.Sms && t.StepNumber > 1).ToListAsync()),
            t => Assert.Equal(TouchPointStatus.Cancelled, t.Status));

        var help = await (await App.Client.PostAsJsonAsync("/sandbox/twilio/sms", new { from = "(512) 555-0199", body = "HELP" }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<SandboxMessagingEndpoints.InboundResult>(ApiJson.Options, TestContext.Current.CancellationToken);
        Assert.Contains("Tint World Round Rock: for help call (512) 555-0142", help!.Reply, StringComparison.Ordinal);
        Assert.NotNull(order);
    }

    [Fact]
    public async Task DemoStaff_CanSignIn_WithTheSeededAccount()
    {
        var password = await App.DbAsync(db => db.AppSecrets.Where(s => s.Name == LeadOrchestrator.Demo.DemoSeeder.StaffPasswordSecret).Select(s => s.Value).SingleAsync());

        var login = await App.Client.PostAsJsonAsync("/api/console/auth/login", new { email = "owner@tintworld.example", password }, TestContext.Current.CancellationToken);

        Assert.True(login.IsSuccessStatusCode);
    }
}

public sealed class DemoMessagingTests_Sqlite(PostgresServer postgres) : DemoMessagingTests(DatabaseKind.Sqlite, postgres);

public sealed class DemoMessagingTests_Postgres(PostgresServer postgres) : DemoMessagingTests(DatabaseKind.Postgres, postgres);
